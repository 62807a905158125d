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

/// A cache at `path` holding values 0..<200 of 3,000 bytes, all in the main file (no WAL).
func makeCheckpointedCache(_ path: String) throws {
  let store = try CacheStore(path: path)
  for n in 0..<200 { store.store(bytes(n, count: 3000), for: key(n)) }
  store.flush()
  _ = store.firstValue(ofSQL: "PRAGMA wal_checkpoint(TRUNCATE)")
}

/// The key of article `n`.
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
