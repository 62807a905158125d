import Foundation
import PrecisTestSupport
import PrecisText
import Testing

@testable import PrecisBatch

/// Outputs are created beneath the output folder, never through a symbolic link, both with
/// `openat2` and with the walk one component at a time that older kernels get.
@Suite("Output folder: beneath, no links", .serialized)
struct OutputFolderBeneathTests {
  /// Runs `body` with `openat2` used or not (restoring the switch).
  static func with(openat2: Bool, _ body: () throws -> Void) rethrows {
    OutputFolder.usesOpenat2.store(openat2, ordering: .relaxed)
    defer { OutputFolder.usesOpenat2.store(true, ordering: .relaxed) }
    try body()
  }

  @Test("A link to a folder elsewhere is refused and named; new subfolders are created", arguments: [true, false])
  func linkRefused(openat2: Bool) throws {
    let base = try TestSupport.temporaryDirectory("precis-beneath")
    defer { try? FileManager.default.removeItem(at: base) }
    let out = base.appendingPathComponent("out"), elsewhere = base.appendingPathComponent("elsewhere")
    try FileManager.default.createDirectory(at: elsewhere.appendingPathComponent("deep"), withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: out.appendingPathComponent("real"), withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent("sub").path, withDestinationPath: elsewhere.path)
    try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent("real/inner").path, withDestinationPath: elsewhere.path)
    try Self.with(openat2: openat2) {
      let folder = try OutputFolder(path: out.path)
      #expect(throws: OutputError.symbolicLink("sub")) { try folder.write(bytes: Array("x".utf8), to: "sub/b.json") }
      #expect(throws: OutputError.symbolicLink("real/inner")) { try folder.write(bytes: Array("x".utf8), to: "real/inner/deep/c.json") }
      #expect(throws: OutputError.self) { try folder.write(bytes: Array("x".utf8), to: "real/../../escape.json") }
      try folder.write(bytes: Array("new".utf8), to: "x/y/z.json")
      #expect(try String(contentsOf: out.appendingPathComponent("x/y/z.json"), encoding: .utf8) == "new")
      try folder.write(bytes: Array("again".utf8), to: "x/y/z.json")
      #expect(try String(contentsOf: out.appendingPathComponent("x/y/z.json"), encoding: .utf8) == "again")
    }
    let leaked = FileManager.default.enumerator(atPath: elsewhere.path)?.allObjects.compactMap { $0 as? String } ?? []
    #expect(leaked == ["deep"], "nothing written through the links: \(leaked)")
  }

  @Test("A link in place of an output file is replaced, not written through", arguments: [true, false])
  func fileLinkReplaced(openat2: Bool) throws {
    let base = try TestSupport.temporaryDirectory("precis-beneath")
    defer { try? FileManager.default.removeItem(at: base) }
    let out = base.appendingPathComponent("out"), target = base.appendingPathComponent("target.json")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    try "theirs".write(to: target, atomically: true, encoding: .utf8)
    try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent("b.json").path, withDestinationPath: target.path)
    try Self.with(openat2: openat2) {
      try OutputFolder(path: out.path).write(bytes: Array("ours".utf8), to: "b.json")
    }
    #expect(try String(contentsOf: target, encoding: .utf8) == "theirs")
    #expect(try String(contentsOf: out.appendingPathComponent("b.json"), encoding: .utf8) == "ours")
    #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: out.appendingPathComponent("b.json").path)) == nil)
  }

  @Test("openat2 resolves beneath the folder where the kernel has it")
  func openat2Available() throws {
    let base = try TestSupport.temporaryDirectory("precis-beneath")
    defer { try? FileManager.default.removeItem(at: base) }
    try FileManager.default.createDirectory(at: base.appendingPathComponent("a"), withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: base.appendingPathComponent("l").path, withDestinationPath: "a")
    let folder = try OutputFolder(path: base.path)
    let fd = OutputFolder.openat2(folder.descriptor, "a", flags: O_RDONLY | O_DIRECTORY)
    if fd < 0 && errno == ENOSYS { return }  // a kernel before 5.6: the fallback is tested above
    #expect(fd >= 0)
    close(fd)
    #expect(OutputFolder.openat2(folder.descriptor, "l", flags: O_RDONLY | O_DIRECTORY) < 0 && errno == ELOOP)
    #expect(OutputFolder.openat2(folder.descriptor, "a/../..", flags: O_RDONLY | O_DIRECTORY) < 0 && errno == EXDEV)
  }

  @Test("The output marker lists any file name and reads it back, merged with the one before")
  func markerRoundTrip() {
    let names = ["a.json", "sub/b c.md", "line\nbreak.json", "100%.json", "quote\"d\\.json", "caf\u{E9}.json",
      FileName.string(fromBytes: [0xE9, 0xFF, 0x2E, 0x6A])]
    let first = OutputMarker.contents(listing: Array(names.prefix(3)), previous: nil)
    let second = OutputMarker.contents(listing: Array(names.dropFirst(3)), previous: first)
    let listed = OutputMarker.paths(second)
    #expect(Set(listed) == Set(names + OutputMarker.summaryFiles), "\(listed)")
    #expect(listed.count == names.count + OutputMarker.summaryFiles.count)
  }
}
