// A thin layer over the SQLite C API: one connection, its cached prepared statements, and
// failures as values. Only what the cache needs.

import CSQLite
import Glibc
import PrecisText

/// A failed SQLite call: its extended result code and message.
struct SQLiteFailure: Error {
  let code: Int32
  let message: String

  init(code: Int32, message: String) {
    self.code = code
    self.message = message
  }

  /// The failure of the last call on `db`, with the system's reason when SQLite has one.
  init(code: Int32, db: OpaquePointer?) {
    self.code = code
    // The system's errno is only fresh for I/O-type failures; elsewhere it may be stale.
    let io = [SQLITE_CANTOPEN, SQLITE_IOERR, SQLITE_READONLY, SQLITE_FULL, SQLITE_PERM].contains(code & 0xff)
    let errno = io ? db.map { sqlite3_system_errno($0) } ?? 0 : 0
    if errno != 0 {
      message = systemError(errno)
    } else if let db, let reason = sqlite3_errmsg(db) {
      message = String(cString: reason)
    } else {
      message = String(cString: sqlite3_errstr(code))
    }
  }

  /// The primary result code (`SQLITE_FULL`, …) of the extended one.
  var primary: Int32 { code & 0xff }
  /// True when the file is not a database or is damaged.
  var isCorruption: Bool { primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB }
  /// True when writing is impossible (disk full, read-only, I/O error): worth one warning.
  var isWriteFailure: Bool {
    [SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_PERM].contains(primary)
  }
}

/// A value bound to a statement parameter.
enum SQLValue {
  case int(Int)
  case text(String)
  case blob([UInt8])
}

/// The current row of a statement being stepped.
struct Row {
  fileprivate let statement: OpaquePointer

  func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement, column)) }

  func optionalInt(_ column: Int32) -> Int? {
    sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : int(column)
  }

  func text(_ column: Int32) -> String {
    sqlite3_column_text(statement, column).map { String(cString: $0) } ?? ""
  }

  func blob(_ column: Int32) -> [UInt8] {
    let count = Int(sqlite3_column_bytes(statement, column))
    guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return [] }
    return Array(UnsafeRawBufferPointer(start: bytes, count: count))
  }
}

/// One SQLite connection, opened in multi-thread mode: use it from one thread at a time
/// (the store keeps each behind a lock or in a pool), hence `@unchecked Sendable`.
final class SQLiteConnection: @unchecked Sendable {
  let handle: OpaquePointer
  private var statements: [String: OpaquePointer] = [:]

  /// How long a connection that finds the file locked retries before giving up (ms).
  static let busyTimeout: Int32 = 5000

  /// Opens `path` with `flags`, with extended result codes and the busy timeout: a
  /// connection that finds the file locked by another writer retries for up to 5 s.
  init(path: String, flags: Int32) throws(SQLiteFailure) {
    var db: OpaquePointer?
    let code = FileName.withCString(path) { sqlite3_open_v2($0, &db, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, nil) }
    guard code == SQLITE_OK, let db else {
      let failure = SQLiteFailure(code: code, db: db)
      sqlite3_close_v2(db)
      throw failure
    }
    handle = db
    sqlite3_busy_timeout(db, Self.busyTimeout)
    csqlite_no_checkpoint_on_close(db)
  }

  deinit {
    for statement in statements.values { sqlite3_finalize(statement) }
    sqlite3_close_v2(handle)
  }

  /// Runs one or more SQL statements that bind nothing, ignoring any rows.
  func execute(_ sql: String) throws(SQLiteFailure) {
    let code = sqlite3_exec(handle, sql, nil, nil, nil)
    guard code == SQLITE_OK else { throw SQLiteFailure(code: code, db: handle) }
  }

  /// Runs `sql` (prepared once, then reused) with `values` bound, calling `row` for each row.
  func run(_ sql: String, _ values: [SQLValue] = [], row: (Row) -> Void = { _ in }) throws(SQLiteFailure) {
    let statement = try prepared(sql)
    defer {
      sqlite3_reset(statement)
      sqlite3_clear_bindings(statement)
    }
    for (i, value) in values.enumerated() {
      let index = Int32(i + 1)
      let code: Int32
      switch value {
      case .int(let n): code = sqlite3_bind_int64(statement, index, Int64(n))
      case .text(let s): code = sqlite3_bind_text(statement, index, s, -1, csqlite_transient())
      case .blob(let b) where b.isEmpty: code = sqlite3_bind_zeroblob(statement, index, 0)
      case .blob(let b):
        code = b.withUnsafeBytes {
          sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), csqlite_transient())
        }
      }
      guard code == SQLITE_OK else { throw SQLiteFailure(code: code, db: handle) }
    }
    while true {
      let code = sqlite3_step(statement)
      if code == SQLITE_DONE { return }
      guard code == SQLITE_ROW else { throw SQLiteFailure(code: code, db: handle) }
      row(Row(statement: statement))
    }
  }

  /// The first column of the first row of `sql`, as an integer (0 when there is no row).
  func int(_ sql: String, _ values: [SQLValue] = []) throws(SQLiteFailure) -> Int {
    var result = 0
    try run(sql, values) { result = $0.int(0) }
    return result
  }

  /// Every row's first column of `sql`, as text.
  func texts(_ sql: String) throws(SQLiteFailure) -> [String] {
    var result: [String] = []
    try run(sql) { result.append($0.text(0)) }
    return result
  }

  /// Runs `body` in a `BEGIN IMMEDIATE` transaction (taking the write lock up front, so the
  /// busy timeout applies), committing on success and rolling back on failure.
  func transaction<T>(_ body: () throws(SQLiteFailure) -> T) throws(SQLiteFailure) -> T {
    try execute("BEGIN IMMEDIATE")
    do {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      _ = sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
      throw error
    }
  }

  /// The number of rows the last statement changed.
  var changes: Int { Int(sqlite3_changes64(handle)) }

  private func prepared(_ sql: String) throws(SQLiteFailure) -> OpaquePointer {
    if let statement = statements[sql] { return statement }
    var statement: OpaquePointer?
    let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
    guard code == SQLITE_OK, let statement else { throw SQLiteFailure(code: code, db: handle) }
    statements[sql] = statement
    return statement
  }
}
