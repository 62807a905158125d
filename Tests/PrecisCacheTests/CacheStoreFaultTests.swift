// CacheStore: damaged, foreign, newer, read-only and full files, and other processes holding the lock.

import Foundation
@_spi(Testing) import PrecisCache
import PrecisTestSupport
import PrecisText
import Synchronization
import Testing

extension CacheStoreTests {
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
}
