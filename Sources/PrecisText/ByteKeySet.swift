/// An immutable set of strings compared as UTF-8 bytes and probed by their 64-bit FNV-1a:
/// for the per-token tests (stop words, clitics), where `Set<String>` or a set of byte-compared keys paid
/// for the seeded `Hasher` on every token (perf: `Hasher` 4% of summary + glossary).
///
/// ```swift
/// let stop = ByteKeySet(["le", "la", "été"])
/// stop.contains("été")   // true
/// ```
public struct ByteKeySet: Sendable {
  /// Linear probing; a stored hash of 0 marks an empty slot (hashes of 0 are stored as 1).
  @usableFromInline let hashes: [UInt64]
  @usableFromInline let keys: [String]

  /// A set of `strings`.
  public init(_ strings: some Sequence<String>) {
    let strings = Array(strings)
    var capacity = 16
    while capacity < strings.count * 2 { capacity <<= 1 }
    var hashes = [UInt64](repeating: 0, count: capacity)
    var keys = [String](repeating: "", count: capacity)
    for string in strings {
      let hash = Self.hash(string)
      var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
      while hashes[slot] != 0 && !(hashes[slot] == hash && keys[slot].hasSameUTF8(as: string)) {
        slot = (slot + 1) & (capacity - 1)
      }
      hashes[slot] = hash
      keys[slot] = string
    }
    self.hashes = hashes
    self.keys = keys
  }

  /// Whether `key` is in the set (same UTF-8 bytes).
  @inlinable public func contains(_ key: String) -> Bool {
    let hash = Self.hash(key)
    let mask = hashes.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let stored = hashes[slot]
      if stored == 0 { return false }
      if stored == hash && keys[slot].hasSameUTF8(as: key) { return true }
      slot = (slot + 1) & mask
    }
  }

  @inlinable static func hash(_ key: String) -> UInt64 {
    let hash = FNV1a.hash(utf8Of: key)
    return hash == 0 ? 1 : hash
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
