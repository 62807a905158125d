// CacheStore: hit and miss counters, statistics, clear and prune.

import Foundation
@_spi(Testing) import PrecisCache
import PrecisTestSupport
import PrecisText
import Synchronization
import Testing

extension CacheStoreTests {
  // MARK: - Counters and statistics

  @Test("Hits and misses count in memory, are written by flush, and survive reopening")
  func counters() throws {
    try withCachePath { path in
      do {
        let store = try CacheStore(path: path)
        _ = store.value(for: key(1))  // miss
        store.store([1, 2, 3], for: key(1))
        for _ in 0..<3 { #expect(store.value(for: key(1)) == [1, 2, 3]) }  // 3 hits
        _ = store.value(for: key(1, command: "gloss"))  // miss
        // Lookups wrote nothing yet, but stats include them.
        #expect(store.firstValue(ofSQL: "SELECT count(*) FROM counters") == "0")
        var stats = try store.stats()
        #expect((stats.hits, stats.misses) == (3, 2))
        store.flush()
        #expect(store.firstValue(ofSQL: "SELECT count(*) FROM counters") == "2")
        stats = try store.stats()
        #expect((stats.hits, stats.misses) == (3, 2))  // not counted twice
      }
      let store = try CacheStore(path: path)
      let stats = try store.stats()
      #expect((stats.hits, stats.misses) == (3, 2))
      #expect(
        stats.commands == [
          CommandStats(command: "gloss", entries: 0, valueBytes: 0, hits: 0, misses: 1),
          CommandStats(command: "summarize", entries: 1, valueBytes: 3, hits: 3, misses: 1),
        ])
      _ = store.value(for: key(1))
      #expect(try store.stats().hits == 4)
    }
  }

  @Test("Stats count entries, value bytes, dates and the file size, per command")
  func stats() throws {
    try withCachePath { path in
      let clock = TestClock(1000)
      let store = try CacheStore(path: path, clock: clock.function)
      #expect(try store.stats().oldest == nil)
      for (n, size) in [10, 20, 30].enumerated() {
        store.store(bytes(n, count: size), for: key(n))
        clock.advance(10)
      }
      store.store(bytes(9, count: 5), for: key(9, command: "gloss"))
      let stats = try store.stats()
      #expect(stats.entries == 4)
      #expect(stats.valueBytes == 65)
      #expect(stats.oldest == 1000)
      #expect(stats.newest == 1030)
      #expect(stats.fileBytes >= 4096)
      #expect(stats.commands.map(\.command) == ["gloss", "summarize"])
      #expect(stats.commands.map(\.entries) == [1, 3])
      #expect(stats.commands.map(\.valueBytes) == [5, 60])
    }
  }

  // MARK: - Clear and prune

  @Test("Clear deletes entries and counters and shrinks the file")
  func clear() throws {
    try withCachePath { path in
      let store = try CacheStore(path: path)
      for n in 0..<300 { store.store(bytes(n, count: 4000), for: key(n)) }
      _ = store.value(for: key(1))
      store.flush()
      let before = try store.stats()
      #expect(before.fileBytes > 1_200_000)

      try store.clear()

      let after = try store.stats()
      #expect(after.entries == 0)
      #expect((after.hits, after.misses) == (0, 0))
      #expect(after.fileBytes < before.fileBytes / 20, "\(before.fileBytes) → \(after.fileBytes)")
      #expect(store.value(for: key(1)) == nil)
      store.store([5], for: key(1))
      #expect(store.value(for: key(1)) == [5])
    }
  }

  @Test("Prune by age deletes entries unused for longer, and a hit counts as use")
  func pruneByAge() throws {
    try withCachePath { path in
      let day = 86_400
      let clock = TestClock()
      let store = try CacheStore(path: path, clock: clock.function)
      for n in 0..<5 { store.store([UInt8(n)], for: key(n)) }  // old
      clock.advance(10 * day)
      for n in 5..<10 { store.store([UInt8(n)], for: key(n)) }  // recent
      #expect(store.value(for: key(0)) == [0])  // old but used now
      clock.advance(2 * day)

      #expect(try store.prune(olderThan: nil, maxSize: nil) == 0)
      let removed = try store.prune(olderThan: 5 * day, maxSize: nil)

      #expect(removed == 4)
      #expect((0..<10).filter { store.value(for: key($0)) != nil } == [0, 5, 6, 7, 8, 9])
    }
  }

  @Test("A hit marks the entry used (to the hour), written by flush")
  func lastUsed() throws {
    try withCachePath { path in
      let clock = TestClock(1_000_000)
      let store = try CacheStore(path: path, clock: clock.function)
      store.store([1], for: key(1))
      func lastUsed() -> String? { store.firstValue(ofSQL: "SELECT last_used FROM entries") }
      clock.advance(60)
      _ = store.value(for: key(1))
      store.flush()
      #expect(lastUsed() == "1000000", "a hit within the hour writes no mark")
      clock.advance(2 * 3600)
      _ = store.value(for: key(1))
      #expect(lastUsed() == "1000000", "marks wait for flush")
      clock.advance(5)
      store.flush()
      #expect(lastUsed() == "1007265")
      #expect(store.firstValue(ofSQL: "SELECT created FROM entries") == "1000000")
    }
  }

  @Test("Prune by size deletes the least recently used entries until the file fits")
  func pruneBySize() throws {
    try withCachePath { path in
      let clock = TestClock()
      let store = try CacheStore(path: path, clock: clock.function)
      for n in 0..<60 {
        store.store(bytes(n, count: 2000), for: key(n))
        clock.advance(1)
      }
      clock.advance(CacheStore.useResolution)
      for n in 0..<5 { #expect(store.value(for: key(n)) != nil) }  // the oldest, used again
      store.flush()
      func pages() -> Int {
        Int(store.firstValue(ofSQL: "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size") ?? "")
          ?? -1
      }
      let limit = pages() / 2

      let removed = try store.prune(olderThan: nil, maxSize: limit)

      let kept = (0..<60).filter { store.value(for: key($0)) != nil }
      #expect(removed > 0 && removed == 60 - kept.count)
      #expect(pages() <= limit, "\(pages()) > \(limit)")
      #expect(try store.stats().fileBytes <= limit)
      #expect(Array(kept.prefix(5)) == [0, 1, 2, 3, 4], "recently used entries kept")
      // The others kept are the newest: once one is kept, all later ones are.
      let rest = kept.dropFirst(5)
      #expect(Array(rest) == Array((rest.first ?? 60)..<60))
      #expect(rest.count > 10, "not much more deleted than needed: kept \(kept.count)")
      #expect(store.integrityCheck() == "ok")
    }
  }
}
