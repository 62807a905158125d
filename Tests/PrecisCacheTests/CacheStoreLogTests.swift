// CacheStore: the write-ahead log stays short; bulk writes and the background copy.

import Foundation
@_spi(Testing) import PrecisCache
import PrecisTestSupport
import PrecisText
import Synchronization
import Testing

extension CacheStoreTests {
  @Test("Many short runs that only hit keep the write-ahead log small")
  func shortRunsKeepTheLogSmall() throws {
    try withCachePath { path in
      do {
        let store = try CacheStore(path: path)
        store.store([1, 2, 3], for: key(1))
        store.flush()
      }
      // Each run: open, one hit, flush (it writes the counters: two pages), close.
      for _ in 0..<150 {
        let store = try CacheStore(path: path)
        #expect(store.value(for: key(1)) == [1, 2, 3])
        store.flush()
      }
      let size = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
      // Without emptying, 150 runs leave about 1.2 MB that every later run reads at open.
      #expect(size <= 300_000, "write-ahead log of \(size) bytes")
      #expect(try CacheStore(path: path).stats().hits == 150)
    }
  }

  @Test("Bulk writes copy the log into the database only at flush, which empties it")
  func bulkWrites() throws {
    try withCachePath { path in
      func logSize() -> Int { (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0 }
      let store = try CacheStore(path: path)
      store.beginBulkWrites()
      // 6 MB of values: six times what the log holds before a copy outside bulk writes.
      for n in 0..<600 { store.store(bytes(n, count: 10_000), for: key(n)) }
      // Nine transactions of 64 values have been written: 5.8 MB of log, where copying it
      // every 256 pages keeps it under 2 MB.
      #expect(logSize() > 4_000_000, "write-ahead log of \(logSize()) bytes before flush")
      store.flush()
      // The log is emptied at the end…
      #expect(logSize() <= 300_000, "write-ahead log of \(logSize()) bytes after flush")
      // …and every value is in the database, for this process and the next.
      for n in stride(from: 0, to: 600, by: 7) { #expect(store.value(for: key(n)) == bytes(n, count: 10_000)) }
      let reopened = try CacheStore(path: path)
      for n in stride(from: 0, to: 600, by: 7) { #expect(reopened.value(for: key(n)) == bytes(n, count: 10_000)) }
      #expect(reopened.firstValue(ofSQL: "PRAGMA wal_autocheckpoint") == "256")
    }
  }

  @Test("A copy of the log started in the background empties it; stores wait in memory meanwhile; flush empties the rest")
  func backgroundCheckpoint() throws {
    try withCachePath { path in
      func size(_ file: String) -> Int { (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0 }
      let store = try CacheStore(path: path)
      store.beginBulkWrites()
      for n in 0..<400 { store.store(bytes(n, count: 10_000), for: key(n)) }
      let before = size(path)
      store.checkpointInBackground()
      store.checkpointInBackground()  // once only
      let logBefore = size(path + "-wal")
      for n in 400..<600 { store.store(bytes(n, count: 10_000), for: key(n)) }
      // Stores made during the copy wait in memory, where lookups find them.
      for n in stride(from: 400, to: 600, by: 11) { #expect(store.value(for: key(n)) == bytes(n, count: 10_000)) }
      // The copy fills the database file and empties the log before any flush (polled: it
      // runs on its own; the stores that waited then start a new log).
      var waited = 0
      while (size(path) < before + 3_000_000 || size(path + "-wal") >= logBefore) && waited < 500 {
        usleep(10_000)
        waited += 1
      }
      #expect(size(path) >= before + 3_000_000, "database of \(size(path)) bytes, \(before) before the copy")
      #expect(size(path + "-wal") < logBefore, "log of \(size(path + "-wal")) bytes, \(logBefore) before the copy")
      store.flush()
      #expect(size(path + "-wal") <= 300_000)
      let reopened = try CacheStore(path: path)
      for n in stride(from: 0, to: 600, by: 7) { #expect(reopened.value(for: key(n)) == bytes(n, count: 10_000)) }
      #expect(reopened.integrityCheck() == "ok")
    }
  }

  @Test("Bulk writes into an empty cache find what this process stored, and nothing else is read")
  func bulkWritesIntoEmptyCache() throws {
    try withCachePath { path in
      let store = try CacheStore(path: path)
      store.beginBulkWrites()
      for n in 0..<100 { store.store(bytes(n, count: 100), for: key(n)) }
      // Stored, pending or written (100 values: one transaction of 64 written, 36 pending).
      for n in 0..<100 { #expect(store.value(for: key(n)) == bytes(n, count: 100)) }
      #expect(store.value(for: key(100)) == nil)
      store.flush()
      for n in stride(from: 0, to: 100, by: 9) { #expect(store.value(for: key(n)) == bytes(n, count: 100)) }
      // The next run's cache is not empty: its lookups read the database, and find what
      // another process stores after it began.
      let next = try CacheStore(path: path)
      next.beginBulkWrites()
      let other = try CacheStore(path: path)
      other.store(bytes(500, count: 100), for: key(500))
      other.flush()
      #expect(next.value(for: key(500)) == bytes(500, count: 100))
      #expect(next.value(for: key(3)) == bytes(3, count: 100))
    }
  }
}
