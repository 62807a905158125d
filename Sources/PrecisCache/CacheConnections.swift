// The connections to the cache file: opening it (and moving a damaged one aside), the
// writer's settings, a bounded pool of read-only readers, busy handling and the checkpoints
// that keep the write-ahead log short. What is stored, and when, is `CacheStore`'s business.

import CSQLite
import Glibc
import PrecisText
import Synchronization

/// The SQLite connections of one ``CacheStore``.
///
/// - One read-write **writer**, behind a mutex. Every write goes through it: stores,
///   counters, maintenance and migrations. This process thus never competes with itself for
///   SQLite's write lock; other processes are waited for up to the busy timeout.
/// - At most ``maxReaders`` **read-only readers**, opened when first needed and kept. A
///   lookup uses the writer when it is free (a one-article run opens one connection), else
///   an idle reader: in WAL mode a reader sees the last committed state without waiting for
///   the writer. When every reader is busy, the lookup waits for the writer.
///
/// A connection is used by one thread at a time (see ``SQLiteConnection``).
final class CacheConnections: Sendable {
  /// The cache file.
  let path: String
  /// Where a damaged file found at `path` was moved by ``open(path:now:)``, or nil.
  let movedAside: String?
  /// The inode of the file opened, so a damaged file is only moved aside if it is still the
  /// one at `path` (another process may already have replaced it).
  private let inode: UInt64
  private let writer: Mutex<SQLiteConnection>
  private let readers = Mutex(ReaderPool())

  /// The most reader connections open at once: lookups beyond them wait for the writer.
  static let maxReaders = 8

  private struct ReaderPool {
    var idle: [SQLiteConnection] = []
    var open = 0
  }

  /// Pages written to the write-ahead log before SQLite copies them into the database.
  ///
  /// SQLite's default is 1000. Every process replays the log's live frames at open, about
  /// 0.4 ms a MB (a 16 MB log made a cache hit cost 8 ms instead of 1), so it is kept short.
  static let checkpointPages = 256

  /// The write-ahead log size above which ``trimLog()`` empties it.
  ///
  /// The log is not checkpointed when a process closes the file, and the next process
  /// rebuilds its index from the whole log and counts every frame as not yet copied: without
  /// a limit, short runs that each write a few pages grow the log without end, and every run
  /// reads all of it. Emptying it past 256 KB costs one fsync every few dozen runs.
  static let logLimit = 256 << 10

  private init(path: String, movedAside: String?, writer: SQLiteConnection) {
    self.path = path
    self.movedAside = movedAside
    self.inode = Self.inode(of: path)
    self.writer = Mutex(writer)
  }

  /// Opens the writer on `path`, creating the file and its folders if needed, and migrates
  /// the schema; a file that is not a SQLite database, or is damaged, is moved aside (named
  /// with the time `now()`) and replaced by a new one.
  ///
  /// - Throws: ``CacheError`` when the file cannot be created or opened for writing, or has a
  ///   newer schema than this code knows.
  static func open(path: String, now: () -> Int) throws(CacheError) -> CacheConnections {
    try CacheStore.createParentDirectories(of: path)
    let existed = CacheStore.exists(path)
    if !existed {
      // Created here rather than by SQLite, whose errno after a failed create is that of its
      // read-only retry ("no such file"), not the reason (permission denied).
      let fd = FileName.withCString(path) { Glibc.open($0, O_RDWR | O_CREAT | O_CLOEXEC, 0o600) }
      guard fd >= 0 else { throw .cannotCreate(path: path, reason: systemError(errno)) }
      close(fd)
    }
    var aside: String?
    var opened: (connection: SQLiteConnection, version: Int)
    let found = inode(of: path)
    do throws(SQLiteFailure) {
      opened = try openWriter(path)
    } catch where error.isCorruption {
      if inode(of: path) == found {
        guard let target = CacheStore.moveAside(path, at: now()) else {
          throw .cannotOpen(path: path, reason: "it is not a usable cache (\(error.message)) and cannot be moved aside")
        }
        aside = target
      }
      do throws(SQLiteFailure) { opened = try openWriter(path) } catch {
        throw openError(error, path: path, existed: false)
      }
    } catch {
      throw openError(error, path: path, existed: existed)
    }
    guard opened.version <= CacheStore.migrations.count else {
      throw .newerSchema(path: path, found: opened.version, supported: CacheStore.migrations.count)
    }
    return CacheConnections(path: path, movedAside: aside, writer: opened.connection)
  }

  // MARK: - Using the connections

  /// Runs `body` on the writer, waiting for other threads using it.
  func write<T>(_ body: (SQLiteConnection) throws(SQLiteFailure) -> T) throws(SQLiteFailure) -> T {
    try writer.withLock { (db) throws(SQLiteFailure) -> T in try body(db) }
  }

  /// Runs `body`, which only reads, on the writer if it is free, else on an idle reader,
  /// else (every reader busy) on the writer once it is free.
  func read<T>(_ body: (SQLiteConnection) throws(SQLiteFailure) -> T) throws(SQLiteFailure) -> T {
    if let result = try writer.withLockIfAvailable({ (db) throws(SQLiteFailure) -> T in try body(db) }) {
      return result
    }
    guard let reader = try takeReader() else { return try write(body) }
    defer { readers.withLock { $0.idle.append(reader) } }
    return try body(reader)
  }

  /// An idle reader, a newly opened one, or nil when ``maxReaders`` are all in use.
  private func takeReader() throws(SQLiteFailure) -> SQLiteConnection? {
    let (idle, mayOpen) = readers.withLock { pool -> (SQLiteConnection?, Bool) in
      if let reader = pool.idle.popLast() { return (reader, false) }
      guard pool.open < Self.maxReaders else { return (nil, false) }
      pool.open += 1
      return (nil, true)
    }
    if let idle { return idle }
    guard mayOpen else { return nil }
    do throws(SQLiteFailure) {
      return try SQLiteConnection(path: path, flags: SQLITE_OPEN_READONLY)
    } catch {
      readers.withLock { $0.open -= 1 }
      throw error
    }
  }

  // MARK: - The write-ahead log

  /// Lets the log grow to `pages` before SQLite copies it into the database.
  func setCheckpointPages(_ pages: Int) {
    writer.withLock { db in _ = try? db.execute("PRAGMA wal_autocheckpoint = \(pages)") }
  }

  /// The size of the write-ahead log, in bytes.
  var logSize: Int { CacheStore.fileSize(path + "-wal") }

  /// Copies the log into the database and empties it when it is over ``logLimit``.
  ///
  /// Waits at most 200 ms for other processes' readers; if they stay, a later run does it.
  func trimLog() {
    guard logSize > Self.logLimit else { return }
    writer.withLock { db in
      sqlite3_busy_timeout(db.handle, 200)
      _ = try? db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
      sqlite3_busy_timeout(db.handle, SQLiteConnection.busyTimeout)
    }
  }

  /// Copies the log into the database and empties it on a connection of its own, so that
  /// the writer stays free meanwhile. Failures are left to a later ``trimLog()``.
  func checkpointBeside() {
    guard let db = try? SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE) else { return }
    sqlite3_busy_timeout(db.handle, 200)
    _ = try? db.execute("PRAGMA synchronous = NORMAL; PRAGMA wal_checkpoint(TRUNCATE)")
  }

  /// Opens the log for reading, for `csqlite_start_writeback`; nil if it cannot be opened.
  func openLog() -> Int32? {
    let fd = FileName.withCString(path + "-wal") { Glibc.open($0, O_RDONLY | O_CLOEXEC) }
    return fd >= 0 ? fd : nil
  }

  // MARK: - Recovery

  /// Moves a file found damaged after opening aside, unless another process has already
  /// replaced it; says what was done, for a warning.
  func moveAsideDamaged(at time: Int) -> String {
    if Self.inode(of: path) != inode {
      "another run has already replaced it"
    } else if let moved = CacheStore.moveAside(path, at: time) {
      "moved it to \(FileName.display(moved)); the next run starts a new cache"
    } else { "delete it to start a new cache" }
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
    // the file keeps none); it lets prune and clear shrink it cheaply. synchronous comes
    // first, so that it covers the new file's first writes.
    //
    // A new (empty) file is set up without syncs (its header, the switch to WAL, its
    // schema). A power cut meanwhile leaves a damaged new file, which the next run moves
    // aside and replaces: it held nothing.
    let isNew = CacheStore.fileSize(path) == 0
    // Another program's database (a mistyped --cache naming one) is left as it is: the
    // schema and the switch to WAL below would change it for good.
    if !isNew, try db.int("PRAGMA user_version") == 0, try db.int("SELECT count(*) FROM sqlite_master") > 0 {
      throw SQLiteFailure(code: SQLITE_CANTOPEN, message: "it is another program's SQLite database, not a precis cache")
    }
    try db.execute(
      "PRAGMA synchronous = \(isNew ? "OFF" : "NORMAL"); PRAGMA auto_vacuum = INCREMENTAL; PRAGMA journal_mode = WAL; "
        + "PRAGMA journal_size_limit = \(logLimit); PRAGMA wal_autocheckpoint = \(checkpointPages)")
    let version = try CacheStore.migrate(db)
    if isNew { try db.execute("PRAGMA synchronous = NORMAL") }
    return (db, version)
  }

  private static func openError(_ failure: SQLiteFailure, path: String, existed: Bool) -> CacheError {
    if failure.primary == SQLITE_READONLY { return .readOnly(path: path) }
    return existed
      ? .cannotOpen(path: path, reason: failure.message) : .cannotCreate(path: path, reason: failure.message)
  }

  private static func inode(of path: String) -> UInt64 { CacheStore.inode(of: path) }
}
