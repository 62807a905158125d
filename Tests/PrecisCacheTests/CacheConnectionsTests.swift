import CSQLite
import Foundation
@testable import PrecisCache
import PrecisTestSupport
import Synchronization
import Testing

@Suite("Cache connections")
struct CacheConnectionsTests {
  @Test("While the writer is busy, lookups use at most maxReaders connections, all read-only")
  func boundedReadOnlyReaders() throws {
    // Given a cache whose writer another thread holds for a while
    let root = try TestSupport.temporaryDirectory("precis-connections")
    defer { try? FileManager.default.removeItem(at: root) }
    let connections = try CacheConnections.open(path: root.appendingPathComponent("cache.sqlite").path, now: { 0 })
    let writer = try connections.write { ObjectIdentifier($0) }
    let held = DispatchSemaphore(value: 0)
    let holder = Thread {
      _ = try? connections.write { _ in
        held.signal()
        usleep(300_000)
      }
    }
    holder.start()
    held.wait()

    // When more threads than maxReaders read at once
    let used = Mutex<[(id: ObjectIdentifier, readOnly: Bool)]>([])
    let done = DispatchGroup()
    let threads = CacheConnections.maxReaders * 3
    for _ in 0..<threads {
      done.enter()
      Thread {
        defer { done.leave() }
        _ = try? connections.read { (db) throws(SQLiteFailure) in
          let readOnly = sqlite3_db_readonly(db.handle, "main") == 1
          used.withLock { $0.append((ObjectIdentifier(db), readOnly)) }
          _ = try db.int("SELECT count(*) FROM entries")
          usleep(20_000)
        }
      }.start()
    }
    done.wait()

    // Then every lookup ran, the readers were read-only, and no more than maxReaders opened
    let all = used.withLock { $0 }
    let readers = all.filter { $0.id != writer }
    let readOnly = readers.allSatisfy { $0.readOnly }
    let distinct = Set(readers.map { $0.id }).count
    #expect(all.count == threads)
    #expect(!readers.isEmpty)
    #expect(readOnly)
    #expect(distinct <= CacheConnections.maxReaders)
  }
}
