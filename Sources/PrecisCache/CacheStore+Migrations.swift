// The cache's schema, as an append-only list of migrations.

extension CacheStore {
  /// The schema migrations, in order.
  ///
  /// Applying `migrations[i]` takes `PRAGMA user_version` from `i` to `i + 1`. Append new
  /// ones; never edit a released one. Table and column names are spelt out, so migrations do
  /// not depend on the code's types.
  static let migrations: [(name: String, sql: String)] = [
    (
      "v1: entries and counters",
      """
      CREATE TABLE entries(
        key BLOB PRIMARY KEY,
        command TEXT NOT NULL,
        article_hash TEXT NOT NULL,
        value BLOB NOT NULL,
        size INTEGER NOT NULL,
        created INTEGER NOT NULL,
        last_used INTEGER NOT NULL,
        checksum INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX entries_last_used ON entries(last_used);
      CREATE TABLE counters(command TEXT PRIMARY KEY, hits INTEGER NOT NULL, misses INTEGER NOT NULL);
      """
    ),
    // Values of a few kilobytes made the key-ordered b-tree of a WITHOUT ROWID table split
    // and move large cells on random keys: inserting 1,500 results of 4.7 KB took 64–81 ms
    // against 17–21 ms in a rowid table with an index on the key (scripts/bench/sqlite_layout.py),
    // and a cold `precis batch` of 1,500 articles 0.04 s longer. Entries are copied over.
    (
      "v2: entries in a rowid table, the key indexed",
      """
      CREATE TABLE entries_v2(
        key BLOB PRIMARY KEY,
        command TEXT NOT NULL,
        article_hash TEXT NOT NULL,
        value BLOB NOT NULL,
        size INTEGER NOT NULL,
        created INTEGER NOT NULL,
        last_used INTEGER NOT NULL,
        checksum INTEGER NOT NULL
      );
      INSERT INTO entries_v2(key, command, article_hash, value, size, created, last_used, checksum)
        SELECT key, command, article_hash, value, size, created, last_used, checksum FROM entries;
      DROP TABLE entries;
      ALTER TABLE entries_v2 RENAME TO entries;
      CREATE INDEX entries_last_used ON entries(last_used);
      """
    ),
  ]

  /// Brings `db` to the latest schema in one transaction; returns the version it had.
  ///
  /// A file with a newer version is left untouched (the caller refuses it). Two processes
  /// opening a new file at once are serialised by `BEGIN IMMEDIATE`; the second finds the
  /// work done.
  static func migrate(_ db: SQLiteConnection) throws(SQLiteFailure) -> Int {
    let found = try db.int("PRAGMA user_version")
    guard found < migrations.count else { return found }
    return try db.transaction { () throws(SQLiteFailure) -> Int in
      let current = try db.int("PRAGMA user_version")
      guard current < migrations.count else { return current }
      for migration in migrations[current...] { try db.execute(migration.sql) }
      try db.execute("PRAGMA user_version = \(migrations.count)")
      return current
    }
  }
}
