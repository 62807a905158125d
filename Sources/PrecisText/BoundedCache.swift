import Synchronization

/// A thread-safe memo of string-keyed lookups, bounded in size: once `limit` entries are
/// stored, new keys are computed but not kept. For the in-place table searches (document
/// frequencies, lemmas, lexicon), which cost about a microsecond each and repeat the same
/// few thousand words across the articles of a run.
public final class BoundedCache<Value: Sendable>: Sendable {
  @usableFromInline let storage = Mutex<[UTF8Key: Value]>([:])
  @usableFromInline let limit: Int

  /// Creates an empty cache holding at most `limit` entries.
  public init(limit: Int = 200_000) { self.limit = limit }

  /// The cached value for `key`, or `compute()`'s, stored while there is room.
  /// Inlinable so that callers in other modules get code specialised for their value type
  /// (the generic dictionary path showed in perf).
  @inlinable
  public func value(for key: String, _ compute: () -> Value) -> Value {
    let wrapped = UTF8Key(key)
    if let known = storage.withLock({ $0[wrapped] }) { return known }
    let value = compute()
    storage.withLock { if $0.count < limit { $0[wrapped] = value } }
    return value
  }
}

/// A string compared and hashed by its UTF-8 bytes, as a dictionary key. `String`'s own
/// hashing and equality normalise non-ASCII text on every call (it showed in perf for
/// accented French words); the text of a `Document` is already NFC, so comparing bytes
/// gives the same answers.
public struct UTF8Key: Hashable, Sendable {
  /// The string.
  public let string: String

  /// Wraps `string`.
  @inlinable public init(_ string: String) {
    var copy = string
    copy.makeContiguousUTF8()
    self.string = copy
  }

  /// FNV-1a over the bytes, then one word into the hasher: cheaper than feeding it every
  /// byte (words are short; the hasher's per-byte work showed in perf).
  @inlinable public func hash(into hasher: inout Hasher) { hasher.combine(FNV1a.hash(string.utf8)) }

  @inlinable public static func == (a: UTF8Key, b: UTF8Key) -> Bool { a.string.hasSameUTF8(as: b.string) }
}

extension String {
  /// Whether the two strings have the same UTF-8 bytes (no Unicode normalisation, unlike
  /// `==`, and faster than comparing the views byte by byte through iterators).
  @inlinable public func hasSameUTF8(as other: String) -> Bool {
    guard utf8.count == other.utf8.count else { return false }
    let fast: Bool?? = utf8.withContiguousStorageIfAvailable { x in
      other.utf8.withContiguousStorageIfAvailable { y in x.elementsEqual(y) }
    }
    return (fast ?? nil) ?? utf8.elementsEqual(other.utf8)
  }
}
