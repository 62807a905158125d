// The result cache: one SQLite file in WAL mode, shared by threads and processes.
//
// Design:
// - One writer connection behind a mutex, and a pool of reader connections: in WAL mode
//   readers never wait for the writer, so lookups from many threads proceed in parallel.
//   `precis batch` with every article cached: ~16,700 articles/s (scripts/bench.sh).
// - The WAL is kept when the last connection closes (no checkpoint, hence no fsync, at the
//   end of each short CLI run); SQLite checkpoints it every 256 pages instead.
// - Lookups write nothing. Hit and miss counts and `last_used` touches accumulate in memory
//   and are written in one transaction by `flush()` (the CLI calls it before exiting).
// - Stores are written in transactions of up to `storeBatch` entries (and by `flush()`):
//   one transaction per store made batch workers queue on the writer (cold batch over 1,500
//   articles: 2.47 s with the cache against 1.90 s without). Lookups see stores not yet
//   written; a kill -9 loses at most one batch of results, never the file.
// - Failures after `init` never reach the caller: a lookup misses, a store is skipped; a
//   full or read-only disk turns writes off with one warning (`takeWarning()`), and a damaged
//   file is moved aside so the next run starts a new cache.
// - No `PRAGMA quick_check` at open: it reads the whole file (O(size), tens of ms for a
//   large cache), more than a cache hit is allowed to cost. Damage is caught when SQLite
//   reports it instead: at open, at the first query, or at any later query.

import CSQLite
import Dispatch
import PrecisText
import Glibc
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
  public let path: String
  /// Where a damaged file found at `path` was moved by `init` (`<path>.corrupt-<unix seconds>`),
  /// or nil when the file was usable.
  public let movedAside: String?

  private let writer: Mutex<SQLiteConnection>
  /// The copy of the log started by `checkpointInBackground()`, which `flush()` waits for.
  private let background = DispatchGroup()
  private let readers = Mutex<[SQLiteConnection]>([])
  private let shared = Mutex(Shared())
  private let now: @Sendable () -> Int
  /// The inode of the file opened, so a damaged file is only moved aside if it is still the
  /// one at `path` (another process may already have replaced it).
  private let inode: UInt64

  /// Reader connections kept open for reuse; more are opened when more threads read at once.
  private static let pooledReaders = 8

  /// State shared by all threads: what `flush()` will write, and the store's health.
  private struct Shared {
    var counts: [String: (hits: Int, misses: Int)] = [:]
    var touched: Set<[UInt8]> = []
    /// Stores not yet committed, by key digest (kept until their transaction commits, so
    /// lookups always see them).
    var stores: [[UInt8]: PendingStore] = [:]
    /// Numbers the stores, so a batch only removes what it wrote.
    var sequence = 0
    /// A thread is writing a batch.
    var writing = false
    var readable = true
    var writable = true
    var warning: String?
    var warned = false
    /// Set by `beginBulkWrites()` when the cache held no entry: the digests stored since,
    /// the only keys a lookup can then find (see `beginBulkWrites()`).
    var storedSinceEmpty: Set<[UInt8]>?
    /// Set by `beginBulkWrites()`: the write-ahead log, opened for reading, whose pages each
    /// batch of stores starts writing out (see `csqlite_start_writeback`).
    var log: Int32?
    /// Whether `checkpointInBackground()` has started its copy.
    var checkpointing = false
    /// Whether that copy is under way: stores then wait in memory (see `store`).
    var checkpointActive = false
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
    self.path = path
    now = clock
    try Self.createParentDirectories(of: path)
    let existed = Self.exists(path)
    if !existed {
      // Created here rather than by SQLite, whose errno after a failed create is that of its
      // read-only retry ("no such file"), not the reason (permission denied).
      let fd = FileName.withCString(path) { open($0, O_RDWR | O_CREAT | O_CLOEXEC, 0o600) }
      guard fd >= 0 else { throw .cannotCreate(path: path, reason: systemError(errno)) }
      close(fd)
    }
    var aside: String?
    var opened: (connection: SQLiteConnection, version: Int)
    let found = Self.inode(of: path)
    do throws(SQLiteFailure) {
      opened = try Self.openWriter(path)
    } catch where error.isCorruption {
      if Self.inode(of: path) == found {
        guard let target = Self.moveAside(path, at: clock()) else {
          throw .cannotOpen(path: path, reason: "it is not a usable cache (\(error.message)) and cannot be moved aside")
        }
        aside = target
      }
      do throws(SQLiteFailure) { opened = try Self.openWriter(path) } catch {
        throw Self.openError(error, path: path, existed: false)
      }
    } catch {
      throw Self.openError(error, path: path, existed: existed)
    }
    guard opened.version <= Self.migrations.count else {
      throw .newerSchema(path: path, found: opened.version, supported: Self.migrations.count)
    }
    movedAside = aside
    inode = Self.inode(of: path)
    writer = Mutex(opened.connection)
  }

  deinit {
    flush()
    if let log = shared.withLock({ $0.log }) { close(log) }
  }

  // MARK: - Reads

  /// The value stored under `key`, or nil (also when the cache cannot be read).
  ///
  /// Counts a hit or a miss for `key.command`; a hit on an entry last used more than
  /// ``useResolution`` seconds ago also marks it as used now. Both are kept in memory until
  /// ``flush()``: lookups write nothing.
  public func value(for key: CacheKey) -> [UInt8]? {
    var found: Found?
    // What is pending, and whether the database may hold the key, under one lock.
    let (pending, readable) = shared.withLock { state in
      (state.stores[key.digest], state.readable && (state.storedSinceEmpty?.contains(key.digest) ?? true))
    }
    if let pending {
      found = Found(value: pending.value, lastUsed: pending.time)
    } else if readable {
      do throws(SQLiteFailure) {
        // The writer connection when it is free, so a one-article run opens one connection;
        // else a pooled reader, which WAL lets run beside the writer.
        if let result = try writer.withLockIfAvailable({ (db) throws(SQLiteFailure) in try Self.find(key, db) }) {
          found = result
        } else if let reader = takeReader() {
          defer { readers.withLock { if $0.count < Self.pooledReaders { $0.append(reader) } } }
          found = try Self.find(key, reader)
        }
      } catch {
        report(error, writing: false)
      }
    }
    let touch = found.map { now() - $0.lastUsed >= Self.useResolution } ?? false
    let hit = found != nil
    shared.withLock { state in
      if hit {
        state.counts[key.command, default: (0, 0)].hits += 1
      } else {
        state.counts[key.command, default: (0, 0)].misses += 1
      }
      if touch { state.touched.insert(key.digest) }
    }
    return found?.value
  }

  /// How precisely `last_used` is kept, in seconds.
  ///
  /// A hit rewrites an entry's row (value included: about as costly as storing it) only when
  /// its mark is older than this, so runs repeated within the hour write no marks. Pruning
  /// works in days.
  public static let useResolution = 3600

  private struct PendingStore: Sendable {
    let key: CacheKey
    let value: [UInt8]
    let time: Int
    var sequence = 0
  }

  /// Stores gathered before they are written in one transaction.
  static let storeBatch = 64

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

  /// The UTF-8 text stored under `key`, or nil (see ``value(for:)``).
  public func string(for key: CacheKey) -> String? {
    value(for: key).flatMap { String(validating: $0, as: UTF8.self) }
  }

  /// A reader connection from the pool, or a new one.
  private func takeReader() -> SQLiteConnection? {
    if let reader = readers.withLock({ $0.popLast() }) { return reader }
    do throws(SQLiteFailure) {
      return try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE)
    } catch {
      report(error, writing: false)
      return nil
    }
  }

  // MARK: - Writes

  /// Stores `value` under `key`, replacing any previous value.
  ///
  /// Never throws: if the cache cannot be written the value is simply not kept (see
  /// ``takeWarning()``).
  public func store(_ value: [UInt8], for key: CacheKey) {
    var pending = PendingStore(key: key, value: value, time: now())
    let full = shared.withLock { state -> Bool in
      guard state.writable else { return false }
      state.storedSinceEmpty?.insert(key.digest)
      state.sequence += 1
      pending.sequence = state.sequence
      state.stores[key.digest] = pending
      return state.stores.count >= Self.storeBatch && !state.writing && !state.checkpointActive
    }
    if full { writeStores() }
  }

  /// Writes the gathered stores in one transaction (one thread at a time), then forgets
  /// those that were not replaced meanwhile.
  private func writeStores() {
    let batch = shared.withLock { state -> [PendingStore] in
      guard state.writable, !state.writing, !state.stores.isEmpty else { return [] }
      state.writing = true
      return Array(state.stores.values)
    }
    guard !batch.isEmpty else { return }
    do throws(SQLiteFailure) {
      try writer.withLock { (db) throws(SQLiteFailure) in
        try db.transaction { () throws(SQLiteFailure) in
          for entry in batch {
            try db.run(
              "INSERT OR REPLACE INTO entries(key, command, article_hash, value, size, created, last_used, checksum) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              [
                .blob(entry.key.digest), .text(entry.key.command), .text(entry.key.articleHash), .blob(entry.value),
                .int(entry.value.count), .int(entry.time), .int(entry.time), .int(Self.checksum(entry.value)),
              ])
          }
        }
      }
    } catch {
      report(error, writing: true)
    }
    let log = shared.withLock { state in
      state.writing = false
      for entry in batch where state.stores[entry.key.digest]?.sequence == entry.sequence {
        state.stores[entry.key.digest] = nil
      }
      return state.log
    }
    if let log { _ = csqlite_start_writeback(log) }
  }

  /// Stores the UTF-8 bytes of `string` under `key`, like the byte version.
  public func store(_ string: String, for key: CacheKey) {
    store(Array(string.utf8), for: key)
  }

  /// Writes the hit and miss counts and the recently-used marks gathered since the last flush.
  ///
  /// One transaction; then the write-ahead log is emptied if it grew too big. Called on
  /// deinit too; call it before the process exits.
  public func flush() {
    background.wait()
    writeStores()
    writePending()
    trimLog()
  }

  /// Copies what the write-ahead log holds into the database and empties the log, on another
  /// thread and with a connection of its own, while the run goes on: `flush()` then has only
  /// the rest to copy, sync and truncate. For a run some way from its end (`precis batch`):
  /// the copy's sync and the log's truncation of a cold batch's 6 MB took 5 and 3 ms of its
  /// tail, after the last article (syscall timeline). Stores meanwhile wait in memory, where
  /// lookups see them, and are written when the copy ends; a reader in another process that
  /// keeps the log busy for 200 ms leaves the truncation to `flush()`. Once per store; does
  /// nothing if the cache cannot be written.
  public func checkpointInBackground() {
    let start = shared.withLock { state -> Bool in
      guard state.writable, !state.checkpointing else { return false }
      state.checkpointing = true
      state.checkpointActive = true
      return true
    }
    guard start else { return }
    let path = self.path
    DispatchQueue.global().async(group: background) {
      // Failures are left to `flush()`, whose own copy then does all the work.
      if let db = try? SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE) {
        sqlite3_busy_timeout(db.handle, 200)
        _ = try? db.execute("PRAGMA synchronous = NORMAL; PRAGMA wal_checkpoint(TRUNCATE)")
      }
      self.shared.withLock { $0.checkpointActive = false }
      self.writeStores()
    }
  }

  /// Pages written to the write-ahead log before SQLite copies them into the database.
  ///
  /// SQLite's default is 1000. Every process replays the log's live frames at open, about
  /// 0.4 ms a MB (a 16 MB log made a cache hit cost 8 ms instead of 1), so it is kept short.
  static let checkpointPages = 256

  /// Pages the write-ahead log may hold during `beginBulkWrites()` (16 MiB).
  static let bulkCheckpointPages = 4096

  /// For a run that stores thousands of results (`precis batch`): lets the write-ahead log
  /// grow to 16 MiB before SQLite copies it into the database, instead of `checkpointPages`.
  /// Each copy ends with two fdatasyncs on the worker that happened to write, and a cold
  /// batch of 1,500 articles made 42 of them (44 ms, measured with strace). `flush()` still
  /// empties the log at the end, so the next process does not replay it; a run killed
  /// before then leaves a log that the next flush empties.
  ///
  /// When the cache holds no entry yet (the first run over a folder), lookups of keys this
  /// process has not stored answer a miss without reading the database: those reads were
  /// 3% of a cold batch (measured by skipping them). An entry another process stores
  /// meanwhile is then not seen, and its article is computed again.
  public func beginBulkWrites() {
    guard shared.withLock({ $0.writable }) else { return }
    let empty = writer.withLock { db -> Bool in
      _ = try? db.execute("PRAGMA wal_autocheckpoint = \(Self.bulkCheckpointPages)")
      var any = false
      do throws(SQLiteFailure) { try db.run("SELECT 1 FROM entries LIMIT 1") { _ in any = true } } catch { return false }
      return !any
    }
    let log = FileName.withCString(path + "-wal") { open($0, O_RDONLY | O_CLOEXEC) }
    shared.withLock { state in
      if empty { state.storedSinceEmpty = state.storedSinceEmpty ?? [] }
      if log >= 0 && state.log == nil { state.log = log } else if log >= 0 { close(log) }
    }
  }

  /// The write-ahead log size above which `flush()` empties it. The log is not checkpointed
  /// when a process closes the file, and the next process rebuilds its index from the whole
  /// log and counts every frame as not yet copied: so short runs (one hit writes its counters,
  /// two pages) grew the log without end, each run reading all of it and copying it again
  /// (821 reads and 4 fdatasync for one hit with a 3.3 MB log: a hit cost more than
  /// computing). Emptying it past 256 KB costs one fsync every few dozen runs. Concurrent
  /// runs that keep reading can also grow it (to 300 MB with six processes storing 3,000
  /// values each).
  static let logLimit = 256 << 10

  private func trimLog() {
    guard Self.fileSize(path + "-wal") > Self.logLimit, shared.withLock({ $0.writable }) else { return }
    writer.withLock { db in
      // Waits briefly for other processes' readers; if they stay, a later run will do it.
      sqlite3_busy_timeout(db.handle, 200)
      _ = try? db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
      sqlite3_busy_timeout(db.handle, SQLiteConnection.busyTimeout)
    }
  }

  private func writePending() {
    let pending = shared.withLock { state -> (counts: [String: (hits: Int, misses: Int)], touched: Set<[UInt8]>)? in
      guard state.writable, !state.counts.isEmpty || !state.touched.isEmpty else { return nil }
      defer { (state.counts, state.touched) = ([:], []) }
      return (state.counts, state.touched)
    }
    guard let pending else { return }
    let time = now()
    do throws(SQLiteFailure) {
      try writer.withLock { (db) throws(SQLiteFailure) in
        try db.transaction { () throws(SQLiteFailure) in
          for (command, count) in pending.counts {
            try db.run(
              "INSERT INTO counters(command, hits, misses) VALUES (?, ?, ?) ON CONFLICT(command) "
                + "DO UPDATE SET hits = hits + excluded.hits, misses = misses + excluded.misses",
              [.text(command), .int(count.hits), .int(count.misses)])
          }
          for key in pending.touched {
            try db.run("UPDATE entries SET last_used = max(last_used, ?) WHERE key = ?", [.int(time), .blob(key)])
          }
        }
      }
    } catch {
      report(error, writing: true)
      // Busy for longer than the timeout: keep the counts for the next flush.
      shared.withLock { state in
        guard state.writable else { return }
        for (command, count) in pending.counts {
          state.counts[command, default: (0, 0)].hits += count.hits
          state.counts[command, default: (0, 0)].misses += count.misses
        }
        state.touched.formUnion(pending.touched)
      }
    }
  }

  /// The warning about a failure since the store was opened (writes turned off, file moved
  /// aside), once; nil when there is none or it was already taken.
  public func takeWarning() -> String? {
    shared.withLock { state in
      defer { state.warning = nil }
      return state.warning
    }
  }

  /// Handles a failure after `init`.
  ///
  /// Damage moves the file aside and turns the store off, a failed write turns writes off;
  /// both leave one warning. Other failures (busy for longer than the timeout) only lose
  /// this lookup or store.
  private func report(_ failure: SQLiteFailure, writing: Bool) {
    let message: String
    if failure.isCorruption {
      let first = shared.withLock { state in
        defer { (state.readable, state.writable) = (false, false) }
        return state.readable
      }
      guard first else { return }
      let outcome =
        if Self.inode(of: path) != inode {
          "another run has already replaced it"
        } else if let moved = Self.moveAside(path, at: now()) {
          "moved it to \(FileName.display(moved)); the next run starts a new cache"
        } else { "delete it to start a new cache" }
      message = "the cache at \(FileName.display(path)) is damaged (\(failure.message)); \(outcome)"
    } else if writing && failure.isWriteFailure {
      message = "cannot write to the cache at \(FileName.display(path)): \(failure.message); results are no longer cached in this run"
      shared.withLock { $0.writable = false }
    } else {
      return
    }
    shared.withLock { state in
      guard !state.warned else { return }
      (state.warned, state.warning) = (true, message)
    }
  }

  // MARK: - Maintenance

  /// Counts of the entries and hits, in total and per command, and the size of the file.
  ///
  /// Hits and misses include those not yet flushed.
  ///
  /// - Throws: ``CacheError/failed(path:operation:reason:)`` when the file cannot be read.
  public func stats() throws(CacheError) -> CacheStats {
    writeStores()
    var stats = CacheStats()
    var commands: [String: CommandStats] = [:]
    for (command, count) in shared.withLock({ $0.counts }) {
      commands[command, default: CommandStats(command: command)].hits += count.hits
      commands[command, default: CommandStats(command: command)].misses += count.misses
    }
    try maintain("read") { (db) throws(SQLiteFailure) in
      try db.run("SELECT count(*), coalesce(sum(size), 0), min(created), max(created) FROM entries") { row in
        (stats.entries, stats.valueBytes) = (row.int(0), row.int(1))
        (stats.oldest, stats.newest) = (row.optionalInt(2), row.optionalInt(3))
      }
      try db.run("SELECT command, count(*), sum(size) FROM entries GROUP BY command") { row in
        commands[row.text(0), default: CommandStats(command: row.text(0))].entries = row.int(1)
        commands[row.text(0), default: CommandStats(command: row.text(0))].valueBytes = row.int(2)
      }
      try db.run("SELECT command, hits, misses FROM counters") { row in
        commands[row.text(0), default: CommandStats(command: row.text(0))].hits += row.int(1)
        commands[row.text(0), default: CommandStats(command: row.text(0))].misses += row.int(2)
      }
    }
    stats.commands = commands.values.sorted { $0.command < $1.command }
    stats.hits = stats.commands.reduce(0) { $0 + $1.hits }
    stats.misses = stats.commands.reduce(0) { $0 + $1.misses }
    stats.fileBytes = Self.fileSize(path) + Self.fileSize(path + "-wal")
    return stats
  }

  /// Deletes every entry and counter, then gives the space back to the file system.
  ///
  /// - Throws: ``CacheError/failed(path:operation:reason:)``.
  public func clear() throws(CacheError) {
    shared.withLock { (state: inout Shared) in (state.counts, state.touched, state.stores) = ([:], [], [:]) }
    try maintain("clear") { (db) throws(SQLiteFailure) in
      try db.transaction { () throws(SQLiteFailure) in try db.execute("DELETE FROM entries; DELETE FROM counters") }
      try Self.reclaimSpace(db)
    }
  }

  /// Deletes entries unused for more than `seconds`, then the least recently used ones until
  /// the database fits in `bytes`; returns how many were deleted.
  ///
  /// The size is the space the database's pages use (what the file shrinks to), not only
  /// the stored values: keys, index and page slack count too.
  ///
  /// - Throws: ``CacheError/failed(path:operation:reason:)``.
  public func prune(olderThan seconds: Int?, maxSize bytes: Int?) throws(CacheError) -> Int {
    flush()
    let time = now()
    return try maintain("prune") { (db) throws(SQLiteFailure) -> Int in
      let removed = try db.transaction { () throws(SQLiteFailure) -> Int in
        var removed = 0
        if let seconds {
          try db.run("DELETE FROM entries WHERE last_used < ?", [.int(time - seconds)])
          removed += db.changes
        }
        // Delete in proportion (each value byte carries its share of keys, index and page
        // slack), measure again, and repeat: B-tree pages do not empty in exact proportion.
        while let bytes {
          try db.execute("PRAGMA incremental_vacuum")
          let used = try db.int("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size")
          let values = try db.int("SELECT coalesce(sum(size), 0) FROM entries")
          guard used > bytes, values > 0 else { break }
          let excess = (Double(used - bytes) * Double(values) / Double(used)).rounded(.up)
          try db.run(
            "DELETE FROM entries WHERE key IN (SELECT key FROM (SELECT key, size, sum(size) OVER "
              + "(ORDER BY last_used, key ROWS UNBOUNDED PRECEDING) AS total FROM entries) WHERE total - size < ?)",
            [.int(Int(excess))])
          removed += db.changes
        }
        return removed
      }
      try Self.reclaimSpace(db)
      return removed
    }
  }

  /// Runs `body` on the writer connection for `operation`, with failures as ``CacheError``.
  private func maintain<T: Sendable>(
    _ operation: String, _ body: (SQLiteConnection) throws(SQLiteFailure) -> T
  ) throws(CacheError) -> T {
    guard shared.withLock({ $0.readable }) else {
      throw .failed(path: path, operation: operation, reason: "the file is damaged")
    }
    do throws(SQLiteFailure) {
      return try writer.withLock { (db) throws(SQLiteFailure) -> T in try body(db) }
    } catch {
      if error.isCorruption { report(error, writing: true) }
      throw .failed(path: path, operation: operation, reason: error.message)
    }
  }

  /// The result of `PRAGMA integrity_check`: "ok" for a sound file, else the problems found.
  public func integrityCheck() -> String {
    do throws(SQLiteFailure) {
      return try writer.withLock { (db) throws(SQLiteFailure) in try db.texts("PRAGMA integrity_check") }
        .joined(separator: "\n")
    } catch {
      return error.message
    }
  }

  /// The first column of the first row of `sql` run on the writer connection, as text.
  @_spi(Testing)
  public func firstValue(ofSQL sql: String) -> String? {
    var result: String?
    do throws(SQLiteFailure) {
      try writer.withLock { (db) throws(SQLiteFailure) in try db.run(sql) { row in result = result ?? row.text(0) } }
    } catch {
      return nil
    }
    return result
  }

  // MARK: - Opening

  /// Opens and configures the writer connection, migrating the schema if it is older than
  /// this code's; returns the schema version the file had.
  private static func openWriter(_ path: String) throws(SQLiteFailure) -> (SQLiteConnection, Int) {
    let db = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
    guard sqlite3_db_readonly(db.handle, "main") == 0 else {
      throw SQLiteFailure(code: SQLITE_READONLY, message: "read-only")
    }
    // auto_vacuum only applies to a new file, and only before the switch to WAL (after it,
    // the file keeps none); it lets prune and clear shrink it cheaply. synchronous first: set
    // last, it left a new file's first writes in the default FULL mode (10 fdatasyncs to
    // create a cache instead of 8, counted with strace).
    //
    // A new (empty) file is set up without syncs: its two rollback-journal transactions (the
    // header, then the switch to WAL) and its schema made 8 fdatasyncs of the file, its
    // journal and its folder, 5 ms before a cold batch's first article. A power cut meanwhile
    // leaves a damaged new file, which the next run moves aside and replaces: it held nothing.
    let isNew = fileSize(path) == 0
    // Another program's database (a mistyped --cache naming one) is left as it is: the
    // schema and the switch to WAL below would change it for good.
    if !isNew, try db.int("PRAGMA user_version") == 0, try db.int("SELECT count(*) FROM sqlite_master") > 0 {
      throw SQLiteFailure(code: SQLITE_CANTOPEN, message: "it is another program's SQLite database, not a precis cache")
    }
    try db.execute(
      "PRAGMA synchronous = \(isNew ? "OFF" : "NORMAL"); PRAGMA auto_vacuum = INCREMENTAL; PRAGMA journal_mode = WAL; "
        + "PRAGMA journal_size_limit = \(logLimit); PRAGMA wal_autocheckpoint = \(checkpointPages)")
    let version = try migrate(db)
    if isNew { try db.execute("PRAGMA synchronous = NORMAL") }
    return (db, version)
  }

  private static func openError(_ failure: SQLiteFailure, path: String, existed: Bool) -> CacheError {
    if failure.primary == SQLITE_READONLY { return .readOnly(path: path) }
    return existed
      ? .cannotOpen(path: path, reason: failure.message) : .cannotCreate(path: path, reason: failure.message)
  }

  /// Gives freed pages back: the freelist to the file system, then the WAL is emptied.
  private static func reclaimSpace(_ db: SQLiteConnection) throws(SQLiteFailure) {
    try db.execute("PRAGMA incremental_vacuum; PRAGMA wal_checkpoint(TRUNCATE)")
  }
}

/// `strerror` with a lowercase first letter, to fit inside a sentence.
func systemError(_ code: Int32) -> String {
  let text = strerror(code).map { String(cString: $0) } ?? "error \(code)"
  return text.prefix(1).lowercased() + text.dropFirst()
}
