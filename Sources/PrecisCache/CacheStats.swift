// What `precis cache stats` reports.

/// The contents and use of a cache.
public struct CacheStats: Sendable, Equatable {
  /// Number of stored results.
  public var entries = 0
  /// Bytes the cache takes on disk: the database file and its write-ahead log.
  public var fileBytes = 0
  /// Total size of the stored values.
  public var valueBytes = 0
  /// Lookups that found a result, since the cache was created or cleared.
  public var hits = 0
  /// Lookups that found none.
  public var misses = 0
  /// When the oldest entry was stored (Unix seconds); nil when empty.
  public var oldest: Int?
  /// When the newest entry was stored (Unix seconds); nil when empty.
  public var newest: Int?
  /// The same counts per command, sorted by command name.
  public var commands: [CommandStats] = []

  /// Empty statistics.
  public init() {}
}

/// The entries and lookups of one command (`summarize`, `gloss`, `batch`, …).
public struct CommandStats: Sendable, Equatable {
  /// The command name, as in ``CacheKey/command``.
  public var command: String
  /// Number of stored results.
  public var entries = 0
  /// Total size of the stored values.
  public var valueBytes = 0
  /// Lookups that found a result.
  public var hits = 0
  /// Lookups that found none.
  public var misses = 0

  /// The counts of `command`, zero unless given.
  public init(command: String, entries: Int = 0, valueBytes: Int = 0, hits: Int = 0, misses: Int = 0) {
    (self.command, self.entries, self.valueBytes, self.hits, self.misses) = (command, entries, valueBytes, hits, misses)
  }
}
