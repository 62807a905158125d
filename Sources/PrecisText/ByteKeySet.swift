/// An immutable set of strings compared as UTF-8 bytes and probed by their 64-bit FNV-1a:
/// for the per-token tests (stop words, clitics), where `Set<String>` or `Set<UTF8Key>` paid
/// for the seeded `Hasher` on every token (perf: `Hasher` 4% of summary + glossary).
///
/// ```swift
/// let stop = ByteKeySet(["le", "la", "été"])
/// stop.contains("été")   // true
/// ```
public struct ByteKeySet: Sendable {
  @usableFromInline let hashes: HashSet64
  private let keys: [UInt64: [String]]

  /// A set of `strings`.
  public init(_ strings: some Sequence<String>) {
    var keys: [UInt64: [String]] = [:]
    for string in strings {
      let hash = Self.hash(string)
      if !(keys[hash]?.contains { $0.hasSameUTF8(as: string) } ?? false) { keys[hash, default: []].append(string) }
    }
    self.keys = keys
    hashes = HashSet64(keys.keys)
  }

  /// Whether `key` is in the set (same UTF-8 bytes).
  @inlinable public func contains(_ key: String) -> Bool {
    let hash = Self.hash(key)
    return hashes.contains(hash) && candidates(hash).contains { $0.hasSameUTF8(as: key) }
  }

  @usableFromInline func candidates(_ hash: UInt64) -> [String] { keys[hash] ?? [] }

  @inlinable static func hash(_ key: String) -> UInt64 {
    key.utf8.withContiguousStorageIfAvailable { FNV1a.hash($0) } ?? FNV1a.hash(key.utf8)
  }
}

/// An immutable set of 64-bit hashes (already well mixed, such as FNV-1a), by open
/// addressing on the value itself: no `Hasher` per probe.
public struct HashSet64: Sendable {
  @usableFromInline let slots: [UInt64]
  @usableFromInline let hasZero: Bool

  /// A set of `values`.
  public init(_ values: some Sequence<UInt64>) {
    let distinct = Set(values)
    var capacity = 16
    while capacity < distinct.count * 2 { capacity <<= 1 }
    var slots = [UInt64](repeating: 0, count: capacity)
    for value in distinct where value != 0 {
      var slot = Int(truncatingIfNeeded: value ^ (value >> 32)) & (capacity - 1)
      while slots[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
      slots[slot] = value
    }
    self.slots = slots
    hasZero = distinct.contains(0)
  }

  /// Whether `value` is in the set.
  @inlinable public func contains(_ value: UInt64) -> Bool {
    if value == 0 { return hasZero }
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: value ^ (value >> 32)) & mask
    while true {
      let stored = slots[slot]
      if stored == value { return true }
      if stored == 0 { return false }
      slot = (slot + 1) & mask
    }
  }
}
