import CSQLite
import Foundation
import PrecisTestSupport
import Testing

@Suite("Log writeback")
struct WritebackTests {
  @Test("The shim's writeback is the real sync_file_range on Linux, not the no-op stand-in")
  func realCall() throws {
    #if os(Linux)
      // The stand-in returns 0 for anything; the real call refuses a closed descriptor.
      #expect(csqlite_start_writeback(-1) == -1)
      let root = try TestSupport.temporaryDirectory("precis-writeback")
      defer { try? FileManager.default.removeItem(at: root) }
      let path = root.appendingPathComponent("log").path
      try Data(repeating: 7, count: 1 << 20).write(to: URL(fileURLWithPath: path))
      let fd = open(path, O_RDONLY)
      defer { close(fd) }
      #expect(fd >= 0 && csqlite_start_writeback(fd) == 0)
    #endif
  }
}
