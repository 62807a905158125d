import Synchronization

/// A thread-safe memo of string-keyed lookups, bounded in size: once `limit` entries are
/// stored, new keys are computed but not kept. For the in-place table searches (document
/// frequencies, lemmas, lexicon), which cost about a microsecond each and repeat the same
/// few thousand words across the articles of a run.
public final class BoundedCache<Value: Sendable>: Sendable {
  @usableFromInline let storage = Mutex<[String: Value]>([:])
  @usableFromInline let limit: Int

  /// Creates an empty cache holding at most `limit` entries.
  public init(limit: Int = 200_000) { self.limit = limit }

  /// The cached value for `key`, or `compute()`'s, stored while there is room.
  /// Inlinable so that callers in other modules get code specialised for their value type
  /// (the generic dictionary path showed in perf).
  @inlinable
  public func value(for key: String, _ compute: () -> Value) -> Value {
    if let known = storage.withLock({ $0[key] }) { return known }
    let value = compute()
    storage.withLock { if $0.count < limit { $0[key] = value } }
    return value
  }
}
