/// An immutable set of strings compared as UTF-8 bytes and probed by their 64-bit FNV-1a:
/// for the per-token tests (stop words, clitics), where `Set<String>` would pay for the
/// seeded `Hasher` on every token, whose FNV-1a the tokenizer has already computed.
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
    contains(key, hash: FNV1a.hash(utf8Of: key))
  }

  /// `contains(key)`, given `hash`, the FNV-1a of `key`'s bytes (a token's `hash`).
  @inlinable public func contains(_ key: String, hash rawHash: UInt64) -> Bool {
    let hash = rawHash == 0 ? 1 : rawHash
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
///
/// A bit filter of 16 bits a member (two bits set per member) answers most questions
/// about absent values first: the table of the lexicon's multi-word prefixes is half a
/// megabyte, so its probe is mostly a cache miss, while the filter is 64 KiB and lets
/// about one absent value in 70 through.
public struct HashSet64: Sendable {
  @usableFromInline let slots: [UInt64]
  @usableFromInline let hasZero: Bool
  @usableFromInline let filter: HashFilter

  /// A set of `values` (duplicates allowed). Built straight into its table, without a
  /// `Set` first: hashing the lexicon's 30,000 prefixes into `Set`s costs a one-article
  /// process about a millisecond. Inlinable, so that it is specialised for the caller's
  /// collection.
  @inlinable
  public init(_ values: some Collection<UInt64>) {
    var capacity = 16
    while capacity < values.count * 2 { capacity <<= 1 }
    var slots = [UInt64](repeating: 0, count: capacity)
    var filter = HashFilter(slots: capacity)
    var hasZero = false
    for value in values {
      guard value != 0 else {
        hasZero = true
        continue
      }
      var slot = Int(truncatingIfNeeded: value ^ (value >> 32)) & (capacity - 1)
      while slots[slot] != 0 && slots[slot] != value { slot = (slot + 1) & (capacity - 1) }
      slots[slot] = value
      filter.insert(value)
    }
    self.slots = slots
    self.filter = filter
    self.hasZero = hasZero
  }

  /// Whether `value` is in the set.
  @inlinable public func contains(_ value: UInt64) -> Bool {
    if value == 0 { return hasZero }
    guard filter.mayContain(value) else { return false }
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

/// A bit filter in front of an open-addressing table of 64-bit hashes: two bits a member,
/// 16 bits a slot of the table (so at most 32 bits a member at half load), taken from bits
/// of the hash other than those that pick a slot. It answers "surely absent" for about 69
/// absent values in 70 from a table 8 times smaller than the slots, which stays in cache
/// where the slots did not (`HashSet64`, `TaggerModel`).
public struct HashFilter: Sendable {
  /// The filter's bits, 64 a word.
  public private(set) var words: [UInt64]

  /// An empty filter for a table of `slots` slots (a power of 2).
  public init(slots: Int) {
    words = [UInt64](repeating: 0, count: max(1, slots / 8))
  }

  /// The filter whose bits are `words` (a power of 2 of them), as `words` gives them.
  public init(words: [UInt64]) {
    self.words = words
  }

  @inlinable static func bits(_ value: UInt64, _ words: Int) -> (Int, Int) {
    let mask = words * 64 - 1
    return (Int(truncatingIfNeeded: value >> 40) & mask, Int(truncatingIfNeeded: (value >> 17) ^ (value >> 52)) & mask)
  }

  /// Adds `value`.
  public mutating func insert(_ value: UInt64) {
    let (a, b) = Self.bits(value, words.count)
    words[a >> 6] |= 1 << UInt64(a & 63)
    words[b >> 6] |= 1 << UInt64(b & 63)
  }

  /// False when `value` was surely never inserted.
  @inlinable public func mayContain(_ value: UInt64) -> Bool {
    let (a, b) = Self.bits(value, words.count)
    return words[a >> 6] & (1 << UInt64(a & 63)) != 0 && words[b >> 6] & (1 << UInt64(b & 63)) != 0
  }
}
