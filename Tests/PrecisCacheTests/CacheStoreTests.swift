import Foundation
@_spi(Testing) import PrecisCache
import PrecisTestSupport
import PrecisText
import Synchronization
import Testing

/// A clock the test moves by hand (Unix seconds).
final class TestClock: Sendable {
  private let time: Mutex<Int>
  init(_ start: Int = 1_700_000_000) { time = Mutex(start) }
  func advance(_ seconds: Int) { time.withLock { $0 += seconds } }
  var now: Int { time.withLock { $0 } }
  var function: @Sendable () -> Int { { self.now } }
}

/// A count threads can add to.
final class Counter: Sendable {
  private let count = Atomic<Int>(0)
  func add() { count.add(1, ordering: .relaxed) }
  var value: Int { count.load(ordering: .relaxed) }
}

/// Runs `body` with the path of a cache file in a new temporary folder, removed afterwards.
func withCachePath(_ body: (String) throws -> Void) throws {
  let folder = try TestSupport.temporaryDirectory("precis-cache")
  defer {
    chmod(folder.path, 0o700)
    try? FileManager.default.removeItem(at: folder)
  }
  try body(folder.appendingPathComponent("cache.sqlite").path)
}

/// The key of article `n`.
/// A cache at `path` holding values 0..<200 of 3,000 bytes, all in the main file (no WAL).
func makeCheckpointedCache(_ path: String) throws {
  let store = try CacheStore(path: path)
  for n in 0..<200 { store.store(bytes(n, count: 3000), for: key(n)) }
  store.flush()
  _ = store.firstValue(ofSQL: "PRAGMA wal_checkpoint(TRUNCATE)")
}

func key(_ n: Int, command: String = "summarize") -> CacheKey {
  CacheKey(
    articleHash: ArticleHash.of("article \(n)"), command: command, parameters: [("length", "3")], dataVersion: "t")
}

/// Deterministic bytes of `count`, different for each `seed`.
func bytes(_ seed: Int, count: Int) -> [UInt8] {
  var state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1
  return (0..<count).map { _ in
    state ^= state << 13
    state ^= state >> 7
    state ^= state << 17
    return UInt8(truncatingIfNeeded: state)
  }
}

@Suite("CacheStore")
struct CacheStoreTests {
  // MARK: - Storing and finding

  @Test("A lookup misses before a store and returns exactly the stored bytes after")
  func storeThenLookup() throws {
    try withCachePath { path in
      let store = try CacheStore(path: path)
      let value = bytes(1, count: 10_000)
      #expect(store.value(for: key(1)) == nil)
      store.store(value, for: key(1))
      #expect(store.value(for: key(1)) == value)
      #expect(store.value(for: key(2)) == nil)
      #expect(store.value(for: key(1, command: "gloss")) == nil)

      // Replacing, empty values and text.
      store.store([7, 0, 7], for: key(1))
      #expect(store.value(for: key(1)) == [7, 0, 7])
      store.store([], for: key(3))
      #expect(store.value(for: key(3)) == [])
      store.store("Résumé : « L’été »\n", for: key(4))
      #expect(store.string(for: key(4)) == "Résumé : « L’été »\n")
      #expect(store.movedAside == nil)
      #expect(store.takeWarning() == nil)
    }
  }

  @Test("Values survive closing and reopening; the file is in WAL mode with schema 2")
  func reopen() throws {
    try withCachePath { path in
      // Given a store holding 100 values, closed
      do {
        let store = try CacheStore(path: path)
        for n in 0..<100 { store.store(bytes(n, count: 50 + n * 37), for: key(n)) }
      }
      // When it is opened again
      let store = try CacheStore(path: path)
      // Then every value is there, byte for byte
      for n in 0..<100 { #expect(store.value(for: key(n)) == bytes(n, count: 50 + n * 37)) }
      #expect(store.firstValue(ofSQL: "PRAGMA journal_mode") == "wal")
      #expect(store.firstValue(ofSQL: "PRAGMA user_version") == "2")
      #expect(store.firstValue(ofSQL: "PRAGMA auto_vacuum") == "2")  // incremental
      #expect(store.firstValue(ofSQL: "PRAGMA synchronous") == "1")  // normal
    }
  }

  @Test("A schema 1 file (entries WITHOUT ROWID) is migrated to schema 2 with every value kept")
  func migratesSchema1() throws {
    try withCachePath { path in
      // Given a cache whose entries table is laid out as schema 1 had it, holding 60 values
      do {
        let store = try CacheStore(path: path)
        for n in 0..<60 { store.store(bytes(n, count: 100 + n * 97), for: key(n)) }
        store.flush()
        for sql in [
          "CREATE TABLE old(key BLOB PRIMARY KEY, command TEXT NOT NULL, article_hash TEXT NOT NULL, value BLOB NOT NULL, "
            + "size INTEGER NOT NULL, created INTEGER NOT NULL, last_used INTEGER NOT NULL, checksum INTEGER NOT NULL) WITHOUT ROWID",
          "INSERT INTO old SELECT key, command, article_hash, value, size, created, last_used, checksum FROM entries",
          "DROP TABLE entries", "ALTER TABLE old RENAME TO entries", "CREATE INDEX entries_last_used ON entries(last_used)",
          "PRAGMA user_version = 1",
        ] {
          _ = store.firstValue(ofSQL: sql)
        }
        #expect(store.firstValue(ofSQL: "SELECT sql FROM sqlite_master WHERE name = 'entries'")?.contains("WITHOUT ROWID") == true)
      }
      // When it is opened
      let store = try CacheStore(path: path)
      // Then it is at schema 2, a rowid table with the key indexed, and every value reads back
      #expect(store.firstValue(ofSQL: "PRAGMA user_version") == "2")
      #expect(store.firstValue(ofSQL: "SELECT sql FROM sqlite_master WHERE name = 'entries'")?.contains("WITHOUT ROWID") == false)
      #expect(store.firstValue(ofSQL: "SELECT count(*) FROM sqlite_master WHERE name = 'entries_last_used'") == "1")
      #expect(store.firstValue(ofSQL: "SELECT count(*) FROM entries") == "60")
      for n in 0..<60 { #expect(store.value(for: key(n)) == bytes(n, count: 100 + n * 97)) }
      #expect(store.integrityCheck() == "ok")
    }
  }

  @Test("The parent folders are created, readable by their owner only")
  func createsFolders() throws {
    try withCachePath { path in
      let nested = (path as NSString).deletingLastPathComponent + "/a/b/cache.sqlite"
      let store = try CacheStore(path: nested)
      store.store([1], for: key(1))
      let attributes = try FileManager.default.attributesOfItem(atPath: (nested as NSString).deletingLastPathComponent)
      #expect((attributes[.posixPermissions] as? Int) == 0o700)
      #expect(FileManager.default.fileExists(atPath: nested))
    }
  }

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

  // MARK: - Damaged, foreign and newer files

  @Test("A file that is not a database is moved aside and replaced", arguments: ["random", "text"])
  func notADatabase(kind: String) throws {
    try withCachePath { path in
      let original = kind == "text" ? Array("Ceci n'est pas une base de données.\n".utf8) : bytes(42, count: 65_536)
      try Data(original).write(to: URL(fileURLWithPath: path))

      let store = try CacheStore(path: path)

      let aside = try #require(store.movedAside)
      #expect(aside.hasPrefix(path + ".corrupt-"))
      #expect(try Data(contentsOf: URL(fileURLWithPath: aside)) == Data(original))
      store.store([1, 2], for: key(1))
      #expect(store.value(for: key(1)) == [1, 2])
      #expect(store.integrityCheck() == "ok")
      let header = try Data(contentsOf: URL(fileURLWithPath: path)).prefix(15)
      #expect(String(decoding: header, as: UTF8.self) == "SQLite format 3")
    }
  }

  @Test("A truncated database never crashes or returns wrong bytes, and the next open works")
  func truncated() throws {
    try withCachePath { path in
      // Given a checkpointed cache of 200 values, cut to half its size
      try makeCheckpointedCache(path)
      let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
      #expect(size > 600_000)
      #expect(truncate(path, off_t(size / 2)) == 0)

      // When it is opened and read
      let damaged = try CacheStore(path: path)
      for n in 0..<200 {
        let value = damaged.value(for: key(n))
        #expect(value == nil || value == bytes(n, count: 3000))
      }
      // Then the damage was noticed: at open, or by a lookup (with a warning)
      let warning = damaged.takeWarning()
      #expect(damaged.movedAside != nil || warning?.contains("damaged") == true, "\(String(describing: warning))")
      #expect(warning == nil || warning?.contains(path) == true)

      // And a new store at the same path is sound and works
      let fresh = try CacheStore(path: path)
      fresh.store([9], for: key(1))
      #expect(fresh.value(for: key(1)) == [9])
      #expect(fresh.integrityCheck() == "ok")
    }
  }

  @Test("Damaged pages found by a lookup: misses, one warning, the file moved aside, a fresh cache next time")
  func damagedPages() throws {
    try withCachePath { path in
      // Given a cache whose pages 40–59 were overwritten (its header and size intact)
      try makeCheckpointedCache(path)
      let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
      try file.seek(toOffset: 40 * 4096)
      try file.write(contentsOf: Data(bytes(7, count: 20 * 4096)))
      try file.close()

      // When it is opened (which succeeds) and every value looked up
      let damaged = try CacheStore(path: path)
      #expect(damaged.movedAside == nil)
      var wrong = 0
      for n in 0..<200 {
        if let value = damaged.value(for: key(n)), value != bytes(n, count: 3000) { wrong += 1 }
      }

      // Then no lookup returned wrong bytes, one warning names both files, writes are off
      #expect(wrong == 0)
      let warning = try #require(damaged.takeWarning())
      let aside = try #require(
        try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
          .first { $0.hasPrefix("cache.sqlite.corrupt-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") })
      #expect(warning.contains("damaged") && warning.contains(path) && warning.contains(aside), "\(warning)")
      #expect(damaged.takeWarning() == nil)
      damaged.store([1], for: key(1000))
      #expect(damaged.value(for: key(1000)) == nil)
      #expect(throws: CacheError.self) { _ = try damaged.stats() }
      // And the next open starts a sound, empty cache
      let fresh = try CacheStore(path: path)
      #expect(try fresh.stats().entries == 0)
      #expect(fresh.integrityCheck() == "ok")
    }
  }

  @Test("A file with a newer schema is refused, and left in place")
  func newerSchema() throws {
    try withCachePath { path in
      do {
        let store = try CacheStore(path: path)
        store.store([1], for: key(1))
        _ = store.firstValue(ofSQL: "PRAGMA user_version = 7")
      }
      #expect(throws: CacheError.newerSchema(path: path, found: 7, supported: 2)) { _ = try CacheStore(path: path) }
      #expect(FileManager.default.fileExists(atPath: path))
      let folder = (path as NSString).deletingLastPathComponent
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder).allSatisfy { !$0.contains("corrupt") })
      #expect(CacheError.newerSchema(path: path, found: 7, supported: 2).description.contains(path))
    }
  }

  // MARK: - Unwritable places

  @Test(
    "A read-only folder: init throws an error naming the path",
    .disabled(if: geteuid() == 0, "root ignores permissions"))
  func readOnlyFolder() throws {
    try withCachePath { path in
      let folder = (path as NSString).deletingLastPathComponent
      #expect(chmod(folder, 0o500) == 0)
      let error = #expect(throws: CacheError.self) { _ = try CacheStore(path: path) }
      #expect(error == .cannotCreate(path: path, reason: "permission denied"))
      #expect(error?.description == "cannot create the cache at \(path): permission denied")
    }
  }

  @Test("A read-only cache file: init throws .readOnly", .disabled(if: geteuid() == 0, "root ignores permissions"))
  func readOnlyFile() throws {
    try withCachePath { path in
      do { _ = try CacheStore(path: path) }
      #expect(chmod(path, 0o400) == 0)
      let error = #expect(throws: CacheError.self) { _ = try CacheStore(path: path) }
      #expect(error == .readOnly(path: path))
      #expect(error?.description == "cannot write to the cache at \(path): it is read-only")
    }
  }

  @Test("A path under a regular file, or a folder as the path: init throws an error naming the path")
  func unusablePaths() throws {
    try withCachePath { path in
      let folder = (path as NSString).deletingLastPathComponent
      try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/blocker"))
      let under = folder + "/blocker/cache.sqlite"
      let error = #expect(throws: CacheError.self) { _ = try CacheStore(path: under) }
      #expect(error?.description.hasPrefix("cannot create the cache at \(under): ") == true)

      let deeper = folder + "/blocker/sub/cache.sqlite"
      let error2 = #expect(throws: CacheError.self) { _ = try CacheStore(path: deeper) }
      #expect(error2 == .cannotCreate(path: deeper, reason: folder + "/blocker/sub: not a directory"))

      let error3 = #expect(throws: CacheError.self) { _ = try CacheStore(path: folder) }
      #expect(error3?.description.contains(folder) == true)
    }
  }

  @Test("A full disk turns writes off with one warning; lookups still work")
  func fullDisk() throws {
    try withCachePath { path in
      let store = try CacheStore(path: path)
      store.store([1], for: key(1))
      store.flush()
      // Given a database that may not grow (as on a full disk)
      let pages = try #require(store.firstValue(ofSQL: "PRAGMA page_count").flatMap { Int($0) })
      _ = store.firstValue(ofSQL: "PRAGMA max_page_count = \(pages + 2)")
      // When values larger than that are stored
      for n in 2..<10 { store.store(bytes(n, count: 20_000), for: key(n)) }
      store.flush()
      // Then nothing threw, the store warns once and stores nothing more
      let warning = try #require(store.takeWarning())
      #expect(warning.contains(path) && warning.contains("full"), "\(warning)")
      #expect(store.takeWarning() == nil)
      #expect(store.value(for: key(1)) == [1])
      #expect(store.value(for: key(5)) == nil)
      _ = store.firstValue(ofSQL: "PRAGMA max_page_count = 1000000")
      store.store([3], for: key(3))
      #expect(store.value(for: key(3)) == nil, "writes stay off for the rest of the run")
      store.flush()
    }
  }

  // MARK: - Concurrency

  @Test("8 threads and a second store on the same file: every value reads back, the file is sound")
  func concurrentWriters() throws {
    try withCachePath { path in
      let store = try CacheStore(path: path)
      let second = try CacheStore(path: path)
      let mismatches = Counter()
      let group = DispatchGroup()
      for thread in 0..<9 {
        group.enter()
        Thread {
          let target = thread == 8 ? second : store
          for n in 0..<500 {
            let id = thread * 1000 + n
            target.store(bytes(id, count: 100 + n % 700), for: key(id))
            if target.value(for: key(id)) != bytes(id, count: 100 + n % 700) { mismatches.add() }
            // Another thread's entries, while it writes them: absent or exact.
            let otherID = (thread + 1) % 9 * 1000 + n / 2
            if let other = target.value(for: key(otherID)), other != bytes(otherID, count: 100 + n / 2 % 700) {
              mismatches.add()
            }
          }
          group.leave()
        }.start()
      }
      #expect(group.wait(timeout: .now() + 120) == .success)
      #expect(mismatches.value == 0)
      #expect(store.takeWarning() == nil && second.takeWarning() == nil)
      store.flush()
      second.flush()

      let reader = try CacheStore(path: path)
      var missing = 0
      for thread in 0..<9 {
        for n in 0..<500
        where reader.value(for: key(thread * 1000 + n)) != bytes(thread * 1000 + n, count: 100 + n % 700) {
          missing += 1
        }
      }
      #expect(missing == 0)
      #expect(try reader.stats().entries == 4500)
      #expect(try reader.stats().hits >= 4500)
      #expect(reader.integrityCheck() == "ok")
    }
  }

  @Test(
    "Another process holding the write lock: a store waits for it instead of failing",
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "needs the sqlite3 shell"))
  func otherProcessHoldsTheLock() throws {
    try withCachePath { path in
      let store = try CacheStore(path: path)
      store.store([1], for: key(1))
      // Given another process that holds the write lock for a second
      let other = Process()
      other.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
      let locked = path + ".locked"
      other.arguments = [
        path, "BEGIN IMMEDIATE;", "INSERT INTO counters VALUES ('other', 1, 0);", ".shell touch '\(locked)'",
        ".shell sleep 1", "COMMIT;",
      ]
      try other.run()
      for _ in 0..<200 where !FileManager.default.fileExists(atPath: locked) { Thread.sleep(forTimeInterval: 0.05) }
      #expect(FileManager.default.fileExists(atPath: locked), "the other process never took the lock")
      // When this process stores a value
      let start = Date()
      store.store([2], for: key(2))
      store.flush()  // stores are written in batches, or by flush
      let waited = Date().timeIntervalSince(start)
      other.waitUntilExit()
      // Then it waited for the lock and stored it, and the other process's write is there too
      #expect(other.terminationStatus == 0)
      #expect(waited > 0.2, "the store did not wait: was the lock held?")
      #expect(store.value(for: key(2)) == [2])
      #expect(store.takeWarning() == nil)
      #expect(try store.stats().commands.contains { $0.command == "other" && $0.hits == 1 })
    }
  }

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

@Suite("Cache store file names")
struct CacheStoreFileNameTests {
  /// The names in the folder at `path` (bytes), as bytes.
  static func names(_ path: [UInt8]) -> [[UInt8]] {
    let dir = (path + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { $0.baseAddress.flatMap(opendir) } }
    guard let dir else { return [] }
    defer { closedir(dir) }
    var names: [[UInt8]] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
      if name != [0x2E] && name != [0x2E, 0x2E] { names.append(name) }
    }
    return names
  }

  @Test("A path whose bytes are not UTF-8 names the same bytes on disk, folders included")
  func rawBytePath() throws {
    let dir = try TestSupport.temporaryDirectory("precis-cache")
    defer { try? FileManager.default.removeItem(at: dir) }
    let bytes = Array(dir.path.utf8) + Array("/caf".utf8) + [0xE9] + Array("/c".utf8) + [0xFF] + Array(".sqlite".utf8)
    let path = FileName.string(fromBytes: bytes)
    let store = try CacheStore(path: path)
    let key = CacheKey(articleHash: "a", command: "summarize", parameters: [], dataVersion: "t")
    store.store(Array("value".utf8), for: key)
    store.flush()
    // What the folders hold, as bytes: the cache, its log and nothing else under the raw names.
    let folder = Array(dir.path.utf8) + Array("/caf".utf8) + [0xE9]
    #expect(Self.names(Array(dir.path.utf8)) == [Array("caf".utf8) + [0xE9]])
    let cache = Array("c".utf8) + [0xFF] + Array(".sqlite".utf8)
    #expect(Set(Self.names(folder)) == [cache, cache + Array("-wal".utf8), cache + Array("-shm".utf8)])
    #expect(try CacheStore(path: path).value(for: key) == Array("value".utf8))
  }
}
