// Maintenance of the cache (`precis cache stats|clear|prune`) and checks for tests. Unlike
// lookups and stores, these throw: the user asked for them and must hear why they failed.

import CSQLite

extension CacheStore {
  /// Counts of the entries and hits, in total and per command, and the size of the file.
  ///
  /// Hits and misses include those not yet flushed.
  ///
  /// - Throws: ``CacheError/failed(path:operation:reason:)`` when the file cannot be read.
  public func stats() throws(CacheError) -> CacheStats {
    writeStores()
    var stats = CacheStats()
    var commands: [String: CommandStats] = [:]
    for (command, count) in state.withLock({ $0.writes.counts }) {
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
    stats.fileBytes = Self.fileSize(path) + connections.logSize
    return stats
  }

  /// Deletes every entry and counter, then gives the space back to the file system.
  ///
  /// - Throws: ``CacheError/failed(path:operation:reason:)``.
  public func clear() throws(CacheError) {
    state.withLock { state in (state.writes.counts, state.writes.touched, state.writes.stores) = ([:], [], [:]) }
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
        if let bytes { removed += try Self.shrink(db, to: bytes) }
        return removed
      }
      try Self.reclaimSpace(db)
      return removed
    }
  }

  /// Deletes the least recently used entries until the pages in use fit in `bytes`; returns
  /// how many were deleted.
  ///
  /// Deletes in proportion (each value byte carries its share of keys, index and page
  /// slack), measures again, and repeats: B-tree pages do not empty in exact proportion.
  private static func shrink(_ db: SQLiteConnection, to bytes: Int) throws(SQLiteFailure) -> Int {
    var removed = 0
    while true {
      try db.execute("PRAGMA incremental_vacuum")
      let used = try db.int("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size")
      let values = try db.int("SELECT coalesce(sum(size), 0) FROM entries")
      guard used > bytes, values > 0 else { return removed }
      let excess = (Double(used - bytes) * Double(values) / Double(used)).rounded(.up)
      try db.run(
        "DELETE FROM entries WHERE key IN (SELECT key FROM (SELECT key, size, sum(size) OVER "
          + "(ORDER BY last_used, key ROWS UNBOUNDED PRECEDING) AS total FROM entries) WHERE total - size < ?)",
        [.int(Int(excess))])
      removed += db.changes
    }
  }

  /// The result of `PRAGMA integrity_check`: "ok" for a sound file, else the problems found.
  public func integrityCheck() -> String {
    do throws(SQLiteFailure) {
      return try connections.write { (db) throws(SQLiteFailure) in try db.texts("PRAGMA integrity_check") }
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
      try connections.write { (db) throws(SQLiteFailure) in try db.run(sql) { row in result = result ?? row.text(0) } }
    } catch {
      return nil
    }
    return result
  }

  /// Runs `body` on the writer connection for `operation`, with failures as ``CacheError``.
  private func maintain<T: Sendable>(
    _ operation: String, _ body: (SQLiteConnection) throws(SQLiteFailure) -> T
  ) throws(CacheError) -> T {
    guard state.withLock({ $0.readable }) else {
      throw .failed(path: path, operation: operation, reason: "the file is damaged")
    }
    do throws(SQLiteFailure) {
      return try connections.write(body)
    } catch {
      if error.isCorruption { report(error, writing: true) }
      throw .failed(path: path, operation: operation, reason: error.message)
    }
  }

  /// Gives freed pages back: the freelist to the file system, then the WAL is emptied.
  private static func reclaimSpace(_ db: SQLiteConnection) throws(SQLiteFailure) {
    try db.execute("PRAGMA incremental_vacuum; PRAGMA wal_checkpoint(TRUNCATE)")
  }
}
