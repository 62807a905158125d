import Foundation
import PrecisTestSupport
import PrecisText
import Testing

@Suite("Data files")
struct DataFileTests {
  @Test("A file is read whole, whatever its size; a file whose size is unknown (/proc) too", arguments: [0, 1, 511, 512, 513, 65_536, 70_001])
  func readsWholeFiles(size: Int) throws {
    let folder = try TestSupport.temporaryDirectory("precis-read")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("f.bin").path
    let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    #expect(try FileBytes.read(path) == bytes)
    // Size 0 in its metadata, content when read.
    let status = try FileBytes.read("/proc/self/status")
    #expect(String(decoding: status, as: UTF8.self).hasPrefix("Name:"))
  }

  @Test("Header values come from the leading comment lines only, trimmed")
  func headers() {
    let file = DataFile(
      path: "test.tsv",
      text: "# French test table\n# version:  7 \r\n\n# documents: 21401\n# tags: A,B\nmot\t1\n# late: no\n")
    #expect(file.header("version") == "7")
    #expect(file.header("documents") == "21401")
    #expect(file.header("tags") == "A,B")
    #expect(file.header("late") == nil)
    #expect(file.header("French") == nil)
    #expect(file.header("doc") == nil)
    #expect(DataFile(path: "empty", text: "").header("version") == nil)
    #expect(DataFile(path: "none", text: "mot\t1\n# version: 2\n").header("version") == nil)
  }
}
