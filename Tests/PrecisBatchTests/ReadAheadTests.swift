import Foundation
@testable import PrecisBatch
import PrecisTestSupport
import PrecisText
import Testing

@Suite("Reading a batch's files ahead")
struct ReadAheadTests {
  /// Descriptors this process has open on files under `root` (tests run side by side in
  /// one process: its other descriptors come and go).
  static func openDescriptors(under root: URL) throws -> Int {
    let fm = FileManager.default
    return try fm.contentsOfDirectory(atPath: "/proc/self/fd").count { fd in
      (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + fd))?.hasPrefix(root.path + "/") ?? false
    }
  }

  /// `count` files "i.txt" holding "article i", in a new folder.
  static func makeFiles(_ count: Int) throws -> (URL, [String]) {
    let root = try TestSupport.temporaryDirectory("precis-readahead")
    let paths = (0..<count).map { root.appendingPathComponent("\($0).txt").path }
    for (i, path) in paths.enumerated() { try "article \(i)".write(toFile: path, atomically: false, encoding: .utf8) }
    return (root, paths)
  }

  @Test("Every file taken, in any order, reads as itself; nothing stays open")
  func takeAll() throws {
    let (root, paths) = try Self.makeFiles(300)
    defer { try? FileManager.default.removeItem(at: root) }
        let readAhead = ReadAhead(paths: paths, depth: 8)
    readAhead.start()
    var opened = 0
    // Out of order, as two workers take them: each pair swapped.
    for i in paths.indices.map({ $0 ^ 1 }) where i < paths.count {
      // Give the thread time to run ahead now and then, so that some files come opened.
      if i % 50 == 0 { usleep(20_000) }
      let fd = readAhead.take(i)
      let bytes: [UInt8]
      if let fd {
        opened += 1
        bytes = try FileBytes.read(descriptor: fd)
        close(fd)
      } else {
        bytes = try FileBytes.read(paths[i])
      }
      #expect(String(decoding: bytes, as: UTF8.self) == "article \(i)")
    }
    readAhead.finish()
    #expect(opened > 0, "the thread opened no file ahead")
    #expect(try Self.openDescriptors(under: root) == 0)
  }

  @Test("An interrupted batch: the files opened and not taken are closed by finish")
  func interrupted() throws {
    let (root, paths) = try Self.makeFiles(100)
    defer { try? FileManager.default.removeItem(at: root) }
        let readAhead = ReadAhead(paths: paths, depth: 16)
    readAhead.start()
    for i in 0..<3 { if let fd = readAhead.take(i) { close(fd) } }
    // Let the thread fill its window.
    usleep(100_000)
    #expect(try Self.openDescriptors(under: root) > 0)
    readAhead.finish()
    #expect(try Self.openDescriptors(under: root) == 0)
  }

  @Test("What the thread cannot or should not open is left to the worker, without blocking")
  func leftToWorker() throws {
    let root = try TestSupport.temporaryDirectory("precis-readahead")
    defer { try? FileManager.default.removeItem(at: root) }
    let fifo = root.appendingPathComponent("fifo.txt").path
    #expect(mkfifo(fifo, 0o600) == 0)
    let folder = root.appendingPathComponent("folder.txt").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    let missing = root.appendingPathComponent("missing.txt").path
    let readAhead = ReadAhead(paths: [fifo, folder, missing], depth: 4)
    readAhead.start()
    usleep(50_000)
    // Opening a FIFO for reading blocks until a writer comes: finish would hang.
    #expect(readAhead.take(0) == nil)
    #expect(readAhead.take(1) == nil)
    #expect(readAhead.take(2) == nil)
    readAhead.finish()
  }
}
