/// Dense ids for the distinct words of one document, in order of first appearance: a small
/// open-addressing table probed by the FNV-1a of the word's bytes. Not thread-safe (one a
/// document); used where a `Dictionary` of strings paid for the seeded `Hasher` on every
/// token (term vectors of the summary, grouping of glossary terms).
///
/// A word may carry a qualifier (a term's kind): "noun" + "marché" and "name" + "marché"
/// get different ids.
///
/// ```swift
/// var interner = WordInterner()
/// interner.intern("marché").id   // 0
/// interner.intern("prix").id     // 1
/// interner.intern("marché")      // (id: 0, isNew: false)
/// ```
public struct WordInterner: Sendable {
  private var slots: [Int32]  // id + 1; 0 = empty
  private var hashes: [UInt64] = []
  /// The words, by id.
  public private(set) var words: [String] = []
  /// The qualifiers, by id.
  public private(set) var qualifiers: [String] = []

  /// An empty interner.
  public init() { slots = [Int32](repeating: 0, count: 256) }

  /// An empty interner with room for `capacity` words before any array grows (a document's
  /// arrays growing from empty, doubling, were a tenth of a cold pass's allocations).
  public init(capacity: Int) {
    slots = [Int32](repeating: 0, count: HashInterner.slotCount(for: capacity))
    words.reserveCapacity(capacity)
    qualifiers.reserveCapacity(capacity)
    hashes.reserveCapacity(capacity)
  }

  /// Number of distinct words.
  public var count: Int { words.count }

  /// The FNV-1a of the word's bytes (`wordHash` when given), then of 0 and the qualifier's.
  private static func hash(_ word: String, _ qualifier: String, wordHash: UInt64? = nil) -> UInt64 {
    var hash = FNV1a()
    if let wordHash { hash.value = wordHash } else { hash.add(utf8Of: word) }
    hash.add(0)
    hash.add(utf8Of: qualifier)
    return hash.value
  }

  /// The slot of `word` (qualified), or of the empty slot where it would go.
  private func slot(_ word: String, _ qualifier: String, _ hash: UInt64) -> (slot: Int, id: Int?) {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
    while true {
      let stored = Int(slots[slot])
      if stored == 0 { return (slot, nil) }
      let id = stored - 1
      if hashes[id] == hash && words[id].hasSameUTF8(as: word) && qualifiers[id].hasSameUTF8(as: qualifier) { return (slot, id) }
      slot = (slot + 1) & mask
    }
  }

  /// The id of `word` (with `qualifier`), added if new; `wordHash` is the FNV-1a of the
  /// word's bytes when known (a token's `hash`).
  public mutating func intern(_ word: String, qualifier: String = "", wordHash: UInt64? = nil) -> (id: Int, isNew: Bool) {
    let hash = Self.hash(word, qualifier, wordHash: wordHash)
    let (slot, known) = slot(word, qualifier, hash)
    if let known { return (known, false) }
    let id = words.count
    words.append(word)
    qualifiers.append(qualifier)
    hashes.append(hash)
    slots[slot] = Int32(id + 1)
    if 2 * words.count > slots.count { rehash() }
    return (id, true)
  }

  /// The id of `word` (with `qualifier`), or nil.
  public func id(of word: String, qualifier: String = "") -> Int? {
    slot(word, qualifier, Self.hash(word, qualifier)).id
  }

  private mutating func rehash() {
    slots = HashInterner.rehashed(hashes, size: slots.count * 2)
  }
}

/// Dense ids for the distinct words of one document, known by their 64-bit FNV-1a alone (a
/// token's `hash`): no string is passed, compared or kept. Two distinct words of one
/// document would have to share a 64-bit hash to be confused (about 10⁻¹⁴ for a thousand
/// words; `VectorCache` makes the same bet across a whole batch). Passing each token's norm
/// to `WordInterner` copied the token from its buffer, its norm retained and released.
///
/// ```swift
/// var ids = HashInterner()
/// ids.intern(FNV1a.hash(utf8Of: "marché"))   // (id: 0, isNew: true)
/// ids.id(of: FNV1a.hash(utf8Of: "marché"))   // 0
/// ```
public struct HashInterner: Sendable {
  private var slots = [Int32](repeating: 0, count: 256)  // id + 1; 0 = empty
  private var hashes: [UInt64] = []

  /// An empty interner.
  public init() {}

  /// An empty interner with room for `capacity` hashes before any array grows.
  public init(capacity: Int) {
    slots = [Int32](repeating: 0, count: Self.slotCount(for: capacity))
    hashes.reserveCapacity(capacity)
  }

  /// Slots for `capacity` entries at most half full: a power of two, at least 256.
  static func slotCount(for capacity: Int) -> Int {
    var size = 256
    while size < 2 * capacity + 2 { size *= 2 }
    return size
  }

  /// Number of distinct hashes.
  public var count: Int { hashes.count }

  /// The slot of `hash`, or of the empty slot where it would go.
  private func slot(_ hash: UInt64) -> (slot: Int, id: Int?) {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
    while true {
      let stored = Int(slots[slot])
      if stored == 0 { return (slot, nil) }
      if hashes[stored - 1] == hash { return (slot, stored - 1) }
      slot = (slot + 1) & mask
    }
  }

  /// The id of `hash`, added if new.
  public mutating func intern(_ hash: UInt64) -> (id: Int, isNew: Bool) {
    let (slot, known) = slot(hash)
    if let known { return (known, false) }
    hashes.append(hash)
    slots[slot] = Int32(hashes.count)
    if 2 * hashes.count > slots.count { slots = Self.rehashed(hashes, size: slots.count * 2) }
    return (hashes.count - 1, true)
  }

  /// The id of `hash`, or nil.
  public func id(of hash: UInt64) -> Int? { slot(hash).id }

  /// Slots of `size` for `hashes` (id + 1 each), placed as `slot` finds them.
  static func rehashed(_ hashes: [UInt64], size: Int) -> [Int32] {
    var slots = [Int32](repeating: 0, count: size)
    let mask = size - 1
    for (id, hash) in hashes.enumerated() {
      var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(id + 1)
    }
    return slots
  }
}
