import Foundation
import Glibc
import PrecisTestSupport
import PrecisText
import Testing

/// Reads stop at their byte limit; files whose names are not UTF-8 open and list.
@Suite("Bounded reads and raw file names")
struct BoundedReadTests {
  @Test("An endless device stops at the limit at once")
  func endlessDevice() {
    let start = Date()
    #expect(throws: FileBytes.ReadError.tooLarge(limit: 3 << 20)) { try FileBytes.read("/dev/zero", limit: 3 << 20) }
    #expect(Date().timeIntervalSince(start) < 5)
  }

  @Test("A regular file over the limit is refused; one at the limit is read whole")
  func regularFile() throws {
    let folder = try TestSupport.temporaryDirectory("precis-limit")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("f.txt").path
    let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    #expect(throws: FileBytes.ReadError.tooLarge(limit: 99_999)) { try FileBytes.read(path, limit: 99_999) }
    #expect(try FileBytes.read(path, limit: 100_000) == bytes)
  }

  @Test("A pipe is read whole across many blocks, and refused one byte over the limit", arguments: [3_000_001, 65_536, 1])
  func pipe(size: Int) throws {
    let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 16) }
    #expect(try readThroughPipe(bytes, limit: size) == bytes)
    #expect(throws: FileBytes.ReadError.tooLarge(limit: size - 1)) { try readThroughPipe(bytes, limit: size - 1) }
  }

  private func readThroughPipe(_ bytes: [UInt8], limit: Int) throws -> [UInt8] {
    var fds: [Int32] = [0, 0]
    guard Glibc.pipe(&fds) == 0 else { throw FileBytes.error(errno) }
    let (readEnd, writeEnd) = (fds[0], fds[1])
    let writer = Thread {
      bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
          let n = write(writeEnd, buffer.baseAddress.unsafelyUnwrapped + offset, buffer.count - offset)
          if n <= 0 { break }
          offset += n
        }
      }
      close(writeEnd)
    }
    writer.start()
    defer {
      // Drained before closing, so that the writer never writes to a closed pipe (SIGPIPE).
      var sink = [UInt8](repeating: 0, count: 1 << 16)
      while read(readEnd, &sink, sink.count) > 0 {}
      close(readEnd)
    }
    return try FileBytes.read(descriptor: readEnd, limit: limit)
  }

  @Test("A file whose name is not UTF-8 is listed with its bytes, opened, and stat-ed")
  func rawFileName() throws {
    let folder = try TestSupport.temporaryDirectory("precis-names")
    defer { try? FileManager.default.removeItem(at: folder) }
    let nameBytes: [UInt8] = Array("lat".utf8) + [0xE9, 0xFF] + Array(".txt".utf8)
    let path = FileName.string(fromBytes: Array(folder.path.utf8) + [0x2F] + nameBytes)
    let fd = FileName.withCString(path) { open($0, O_WRONLY | O_CREAT, 0o644) }
    #expect(fd >= 0)
    _ = write(fd, "abc", 3)
    close(fd)
    #expect(try FileBytes.read(path) == Array("abc".utf8))
    let listed = try DirectoryListing.files(in: folder.path)
    #expect(listed.map(FileName.bytes(of:)) == [nameBytes])
    #expect(try DirectoryListing.entries(in: folder.path).map { FileName.bytes(of: $0.name) } == [nameBytes])
    #expect(listed.map(FileName.display) == ["lat\\xE9\\xFF.txt"])
  }

  @Test("Folders with names that are not UTF-8 are listed and created with their bytes")
  func rawFolderName() throws {
    let folder = try TestSupport.temporaryDirectory("precis-names")
    defer { try? FileManager.default.removeItem(at: folder) }
    let sub = FileName.string(fromBytes: Array(folder.path.utf8) + [0x2F, 0xE9, 0x2F, 0xFF])
    #expect(DirectoryListing.createParents(of: sub + "/f.txt", mode: 0o755) == nil)
    var info = stat()
    #expect(FileName.withCString(sub) { stat($0, &info) } == 0)
    #expect(try DirectoryListing.names(in: folder.path).map(FileName.bytes(of:)) == [[0xE9]])
    #expect(throws: FileBytes.ReadError.notFound) { try DirectoryListing.names(in: sub + "/missing") }
  }
}
