// The result cache's public face: look a result up, store one, flush, and hear about
// failures. How the file is opened and shared is in CacheConnections.swift, how writes are
// gathered in CacheStore+Writes.swift, stats/prune/clear in CacheStore+Maintenance.swift.
//
// Design:
// - One SQLite file in WAL mode, shared by threads and processes. One read-write writer
//   connection does every write; a bounded set of read-only readers serves lookups while the
//   writer is busy (see `CacheConnections`).
// - Lookups write nothing. Hit and miss counts and `last_used` marks accumulate in memory
//   and are written in one transaction by `flush()` (the CLI calls it before exiting).
// - Stores are gathered in memory, where lookups see them, and written in transactions of
//   `storeBatch` entries (and by `flush()`): a transaction per store made batch workers
//   queue on the writer. A kill -9 loses at most the stores not yet written, never the file.
// - Failures after `init` never reach the caller: a lookup misses, a store is skipped; a
//   full or read-only disk turns writes off with one warning (`takeWarning()`), and a damaged
//   file is moved aside so the next run starts a new cache.
// - No `PRAGMA quick_check` at open: it reads the whole file, more than a cache hit may
//   cost. Damage is caught when SQLite reports it instead: at open, at the first query, or
//   at any later query; each value also carries a checksum checked on every read.

import CSQLite
import Dispatch
import Glibc
import PrecisText
import Synchronization

/// A persistent cache of command results, keyed by ``CacheKey``.
///
/// Safe to share between threads, and between processes using the same file. For example:
///
/// ```swift
/// let cache = try CacheStore(path: "/home/me/.cache/precis/cache.sqlite")
/// if let summary = cache.string(for: key) { print(summary) } else {
///   let summary = summarize(article)
///   cache.store(summary, for: key)
/// }
/// cache.flush()
/// if let warning = cache.takeWarning() { printError(warning) }
/// ```
public final class CacheStore: Sendable {
  /// The cache file.
  public var path: String { connections.path }
  /// Where a damaged file found at `path` was moved by `init` (`<path>.corrupt-<unix seconds>`),
  /// or nil when the file was usable.
  public var movedAside: String? { connections.movedAside }

  let connections: CacheConnections
  let state = Mutex(State())
  /// The copy of the log started by `checkpointInBackground()`, which `flush()` waits for.
  let background = DispatchGroup()
  let now: @Sendable () -> Int

  /// What the threads share: the writes waiting in memory, and the store's health.
  struct State {
    var writes = PendingWrites()
    /// False once the file is found damaged: lookups miss without reading it.
    var readable = true
    /// False once a write failed for good (full disk, read-only file) or the file is damaged.
    var writable = true
    var warning: String?
    var warned = false
  }

  /// Opens the cache at `path`, creating it (and its folders, mode 0700) if needed.
  ///
  /// A file that is not a SQLite database, or is damaged, is moved aside (see
  /// ``movedAside``) and replaced by a new cache.
  ///
  /// - Throws: ``CacheError`` when the file cannot be created or opened for writing (read-only
  ///   folder, full disk) or has a newer schema than this code knows.
  public convenience init(path: String) throws(CacheError) {
    try self.init(path: path, clock: { Int(time(nil)) })
  }

  /// Opens the cache at `path` with `clock` giving the time in Unix seconds (for tests).
  @_spi(Testing)
  public init(path: String, clock: @escaping @Sendable () -> Int) throws(CacheError) {
    now = clock
    connections = try CacheConnections.open(path: path, now: clock)
  }

  deinit {
    flush()
    if let log = state.withLock({ $0.writes.log }) { close(log) }
  }

  // MARK: - Lookups

  /// The value stored under `key`, or nil (also when the cache cannot be read).
  ///
  /// Counts a hit or a miss for `key.command`; a hit on an entry last used more than
  /// ``useResolution`` seconds ago also marks it as used now. Both are kept in memory until
  /// ``flush()``: lookups write nothing.
  public func value(for key: CacheKey) -> [UInt8]? {
    var found: Found?
    // What is pending, and whether the database may hold the key, under one lock.
    let (pending, readable) = state.withLock { state in
      (state.writes.stores[key.digest], state.readable && state.writes.mayBeStored(key.digest))
    }
    if let pending {
      found = Found(value: pending.value, lastUsed: pending.time)
    } else if readable {
      do throws(SQLiteFailure) {
        found = try connections.read { (db) throws(SQLiteFailure) in try Self.find(key, db) }
      } catch {
        report(error, writing: false)
      }
    }
    let touch = found.map { now() - $0.lastUsed >= Self.useResolution } ?? false
    state.withLock { $0.writes.count(key.command, hit: found != nil, touch: touch ? key.digest : nil) }
    return found?.value
  }

  /// The UTF-8 text stored under `key`, or nil (see ``value(for:)``).
  public func string(for key: CacheKey) -> String? {
    value(for: key).flatMap { String(validating: $0, as: UTF8.self) }
  }

  /// How precisely `last_used` is kept, in seconds.
  ///
  /// A hit rewrites an entry's row (value included: about as costly as storing it) only when
  /// its mark is older than this, so runs repeated within the hour write no marks. Pruning
  /// works in days.
  public static let useResolution = 3600

  private struct Found: Sendable {
    let value: [UInt8]
    let lastUsed: Int
  }

  private static func find(_ key: CacheKey, _ db: SQLiteConnection) throws(SQLiteFailure) -> Found? {
    var found: Found?
    var stored = 0
    try db.run("SELECT value, last_used, checksum FROM entries WHERE key = ?", [.blob(key.digest)]) {
      found = Found(value: $0.blob(0), lastUsed: $0.int(1))
      stored = $0.int(2)
    }
    // SQLite checks its page structure, not the bytes of a value: a page overwritten on disk
    // would otherwise be returned as a result.
    if let value = found?.value, checksum(value) != stored {
      throw SQLiteFailure(code: SQLITE_CORRUPT, message: "a stored result does not match its checksum")
    }
    return found
  }

  /// 64-bit FNV-1a of a value, as stored in `entries.checksum`.
  static func checksum(_ value: [UInt8]) -> Int { Int(Int64(bitPattern: FNV1a.hash(value))) }

  // MARK: - Failures

  /// The warning about a failure since the store was opened (writes turned off, file moved
  /// aside), once; nil when there is none or it was already taken.
  public func takeWarning() -> String? {
    state.withLock { state in
      defer { state.warning = nil }
      return state.warning
    }
  }

  /// Handles a failure after `init`.
  ///
  /// Damage moves the file aside and turns the store off, a failed write turns writes off;
  /// both leave one warning. Other failures (busy for longer than the timeout) only lose
  /// this lookup or store.
  func report(_ failure: SQLiteFailure, writing: Bool) {
    let message: String
    if failure.isCorruption {
      let first = state.withLock { state in
        defer { (state.readable, state.writable) = (false, false) }
        return state.readable
      }
      guard first else { return }
      let outcome = connections.moveAsideDamaged(at: now())
      message = "the cache at \(FileName.display(path)) is damaged (\(failure.message)); \(outcome)"
    } else if writing && failure.isWriteFailure {
      message = "cannot write to the cache at \(FileName.display(path)): \(failure.message); results are no longer cached in this run"
      state.withLock { $0.writable = false }
    } else {
      return
    }
    state.withLock { state in
      guard !state.warned else { return }
      (state.warned, state.warning) = (true, message)
    }
  }
}

/// `strerror` with a lowercase first letter, to fit inside a sentence.
func systemError(_ code: Int32) -> String {
  let text = strerror(code).map { String(cString: $0) } ?? "error \(code)"
  return text.prefix(1).lowercased() + text.dropFirst()
}
