// The store's writes: results gathered in memory and written in transactions of
// `storeBatch`, counters and use marks written by `flush()`, and the bulk mode of a batch
// (a longer write-ahead log, its pages written back as it grows, a copy in the background).

import CSQLite
import Dispatch
import Glibc

/// What the store keeps in memory until it is written, and the bulk mode's state.
struct PendingWrites {
  /// Hits and misses per command since the last flush.
  var counts: [String: (hits: Int, misses: Int)] = [:]
  /// Keys of entries whose `last_used` mark the next flush updates.
  var touched: Set<[UInt8]> = []
  /// Stores not yet committed, by key digest (kept until their transaction commits, so
  /// lookups always see them).
  var stores: [[UInt8]: PendingStore] = [:]
  /// Numbers the stores, so a batch only removes what it wrote.
  var sequence = 0
  /// A thread is writing a batch.
  var writing = false
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

  /// Whether the database may hold `digest`: false in bulk mode over an empty cache for a
  /// key this process has not stored.
  func mayBeStored(_ digest: [UInt8]) -> Bool { storedSinceEmpty?.contains(digest) ?? true }

  /// Counts a lookup of `command`, and marks `digest` as used when `touch`.
  mutating func count(_ command: String, hit: Bool, touch digest: [UInt8]?) {
    if hit {
      counts[command, default: (0, 0)].hits += 1
    } else {
      counts[command, default: (0, 0)].misses += 1
    }
    if let digest { touched.insert(digest) }
  }

  /// Adds `store`; returns whether a batch is due and nobody is writing one.
  mutating func add(_ store: PendingStore) -> Bool {
    var store = store
    storedSinceEmpty?.insert(store.key.digest)
    sequence += 1
    store.sequence = sequence
    stores[store.key.digest] = store
    return stores.count >= CacheStore.storeBatch && !writing && !checkpointActive
  }

  /// Forgets the stores of `batch` that were not replaced while it was written.
  mutating func finish(_ batch: [PendingStore]) {
    writing = false
    for entry in batch where stores[entry.key.digest]?.sequence == entry.sequence {
      stores[entry.key.digest] = nil
    }
  }

  /// Puts back counts and marks that could not be written, for the next flush.
  mutating func restore(counts lost: [String: (hits: Int, misses: Int)], touched marks: Set<[UInt8]>) {
    for (command, count) in lost {
      counts[command, default: (0, 0)].hits += count.hits
      counts[command, default: (0, 0)].misses += count.misses
    }
    touched.formUnion(marks)
  }
}

/// A result waiting to be written.
struct PendingStore: Sendable {
  let key: CacheKey
  let value: [UInt8]
  let time: Int
  var sequence = 0
}

extension CacheStore {
  /// Stores gathered before they are written in one transaction.
  static let storeBatch = 64

  /// Pages the write-ahead log may hold during `beginBulkWrites()` (16 MiB).
  static let bulkCheckpointPages = 4096

  /// Stores `value` under `key`, replacing any previous value.
  ///
  /// The value is visible to lookups at once and written with the next batch of
  /// ``storeBatch`` stores or by ``flush()``. Never throws: if the cache cannot be written the
  /// value is simply not kept (see ``takeWarning()``).
  public func store(_ value: [UInt8], for key: CacheKey) {
    let pending = PendingStore(key: key, value: value, time: now())
    let due = state.withLock { state -> Bool in
      guard state.writable else { return false }
      return state.writes.add(pending)
    }
    if due { writeStores() }
  }

  /// Stores the UTF-8 bytes of `string` under `key`, like the byte version.
  public func store(_ string: String, for key: CacheKey) {
    store(Array(string.utf8), for: key)
  }

  /// Writes the stores gathered, the hit and miss counts and the use marks.
  ///
  /// Waits for a copy started by ``checkpointInBackground()``, then empties the write-ahead
  /// log if it grew past its limit. Called on deinit too; call it before the process exits.
  public func flush() {
    background.wait()
    writeStores()
    writeCounts()
    if state.withLock({ $0.writable }) { connections.trimLog() }
  }

  /// For a run that stores thousands of results (`precis batch`): fewer, later copies of the
  /// write-ahead log into the database, and no reads of an empty cache.
  ///
  /// - The log may grow to 16 MiB (``bulkCheckpointPages``) before SQLite copies it: each
  ///   copy ends with two fdatasyncs on the worker that happened to write. ``flush()`` still
  ///   empties it at the end, so the next process does not replay it.
  /// - After each transaction of stores, the kernel is asked to start writing the log's new
  ///   pages (`sync_file_range`), so the final copy's fdatasync finds little left to write.
  /// - When the cache holds no entry yet (the first run over a folder), lookups of keys this
  ///   process has not stored answer a miss without reading the database. An entry another
  ///   process stores meanwhile is then not seen: its article is computed again and stored
  ///   under the same key, which only costs time, since a key fixes its result.
  public func beginBulkWrites() {
    guard state.withLock({ $0.writable }) else { return }
    connections.setCheckpointPages(Self.bulkCheckpointPages)
    var empty = false
    do throws(SQLiteFailure) {
      empty = try connections.write { (db) throws(SQLiteFailure) in try db.int("SELECT count(*) FROM (SELECT 1 FROM entries LIMIT 1)") == 0 }
    } catch {}
    let log = connections.openLog()
    state.withLock { state in
      if empty { state.writes.storedSinceEmpty = state.writes.storedSinceEmpty ?? [] }
      if let log, state.writes.log == nil { state.writes.log = log } else if let log { close(log) }
    }
  }

  /// Copies what the write-ahead log holds into the database and empties it, on another
  /// thread and with a connection of its own, while the run goes on: ``flush()`` then has
  /// only the rest to copy, sync and truncate.
  ///
  /// For a run some way from its end (`precis batch`). Stores meanwhile wait in memory, where
  /// lookups see them, and are written when the copy ends. Once per store; does nothing if
  /// the cache cannot be written.
  public func checkpointInBackground() {
    let start = state.withLock { state -> Bool in
      guard state.writable, !state.writes.checkpointing else { return false }
      (state.writes.checkpointing, state.writes.checkpointActive) = (true, true)
      return true
    }
    guard start else { return }
    DispatchQueue.global().async(group: background) {
      self.connections.checkpointBeside()
      self.state.withLock { $0.writes.checkpointActive = false }
      self.writeStores()
    }
  }

  /// Writes the gathered stores in one transaction (one thread at a time), then forgets
  /// those that were not replaced meanwhile.
  func writeStores() {
    let batch = state.withLock { state -> [PendingStore] in
      guard state.writable, !state.writes.writing, !state.writes.stores.isEmpty else { return [] }
      state.writes.writing = true
      return Array(state.writes.stores.values)
    }
    guard !batch.isEmpty else { return }
    do throws(SQLiteFailure) {
      try connections.write { (db) throws(SQLiteFailure) in
        try db.transaction { () throws(SQLiteFailure) in
          for entry in batch { try Self.insert(entry, db) }
        }
      }
    } catch {
      report(error, writing: true)
    }
    let log = state.withLock { state in
      state.writes.finish(batch)
      return state.writes.log
    }
    if let log { _ = csqlite_start_writeback(log) }
  }

  private static func insert(_ entry: PendingStore, _ db: SQLiteConnection) throws(SQLiteFailure) {
    try db.run(
      "INSERT OR REPLACE INTO entries(key, command, article_hash, value, size, created, last_used, checksum) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      [
        .blob(entry.key.digest), .text(entry.key.command), .text(entry.key.articleHash), .blob(entry.value),
        .int(entry.value.count), .int(entry.time), .int(entry.time), .int(checksum(entry.value)),
      ])
  }

  /// Writes the hit and miss counts and the use marks in one transaction; keeps them for the
  /// next flush if the file stays busy.
  private func writeCounts() {
    let pending = state.withLock { state -> (counts: [String: (hits: Int, misses: Int)], touched: Set<[UInt8]>)? in
      guard state.writable, !state.writes.counts.isEmpty || !state.writes.touched.isEmpty else { return nil }
      defer { (state.writes.counts, state.writes.touched) = ([:], []) }
      return (state.writes.counts, state.writes.touched)
    }
    guard let pending else { return }
    let time = now()
    do throws(SQLiteFailure) {
      try connections.write { (db) throws(SQLiteFailure) in
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
      state.withLock { state in
        guard state.writable else { return }
        state.writes.restore(counts: pending.counts, touched: pending.touched)
      }
    }
  }
}
