import PrecisText

/// The tagger's per-word vectors for the words a thread has seen, bounded in size: one
/// array of vectors end to end, found by the 64-bit FNV-1a of the word (and of its original
/// when it is written otherwise). A `BoundedCache` of arrays compared keys as strings and
/// retained the array it returned; a lookup cost about 190 ns in context, and the lookups
/// were a tenth of summary + glossary (`scripts/ablate.sh`, "onlytags,lookups").
///
/// Each thread has its own table (`PerThread`): no lock, and the tagger reads the vectors
/// in place instead of copying them out from under a lock.
///
/// Keys are not stored: two of the at most `limit` words would have to share a 64-bit hash,
/// the bet the tagger model already makes for its features (about 10⁻¹¹ for 30,000 words).
final class VectorCache: Sendable {
  /// Doubles in one vector.
  let width: Int
  /// Most vectors kept, on each thread.
  let limit: Int
  private let tables: PerThread<VectorTable>

  init(width: Int, limit: Int) {
    self.width = width
    self.limit = limit
    tables = PerThread { VectorTable(width: width, limit: limit) }
  }

  /// This thread's table, emptied of the vectors of its previous use that were not kept.
  func table() -> VectorTable {
    let table = tables.value
    table.reset()
    return table
  }

  /// The hash of `word` as written `original` (`same`: they are the same bytes), never 0.
  static func key(_ word: String, original: String, same: Bool) -> UInt64 {
    var hash = FNV1a()
    hash.add(utf8Of: word)
    if !same {
      hash.add(1)
      hash.add(utf8Of: original)
    }
    return hash.value == 0 ? 1 : hash.value
  }
}

/// One thread's vectors: those kept (the first `limit` words seen), then those of the
/// current use that did not fit, which `reset` drops.
final class VectorTable {
  /// Open addressing: the key's hash (0: empty) and where its vector starts in `arena`.
  private var slots: [(hash: UInt64, offset: Int)]
  /// The vectors, end to end.
  private(set) var arena: [Double] = []
  private var count = 0
  /// The end of the kept vectors in `arena`.
  private var keptEnd = 0
  let width: Int
  let limit: Int

  init(width: Int, limit: Int) {
    self.width = width
    self.limit = limit
    // Small at first, grown at three-quarters load: a one-article process sees a few
    // hundred words, and a table sized for the limit (1 MiB) cost it 0.5–1 ms.
    slots = Array(repeating: (0, 0), count: 1024)
  }

  /// Drops the vectors that were not kept.
  func reset() {
    if arena.count > keptEnd { arena.removeSubrange(keptEnd...) }
  }

  /// Where the vector of `key` starts in `arena`, computed by `compute` (and kept while
  /// there is room) when it is not known. A vector of the wrong width is taken as zeros.
  func offset(of key: UInt64, _ compute: () -> [Double]) -> Int {
    if let known = Self.find(key, in: slots) { return known }
    let vector = compute()
    let offset = arena.count
    if vector.count == width { arena += vector } else { arena += repeatElement(0, count: width) }
    guard count < limit, arena.count - width == keptEnd else { return offset }
    if 4 * (count + 1) > 3 * slots.count {
      var bigger = [(hash: UInt64, offset: Int)](repeating: (0, 0), count: 2 * slots.count)
      for slot in slots where slot.hash != 0 { Self.place(slot, in: &bigger) }
      slots = bigger
    }
    Self.place((key, offset), in: &slots)
    count += 1
    keptEnd = arena.count
    return offset
  }

  /// Puts `entry` in the first free slot from its hash's.
  private static func place(_ entry: (hash: UInt64, offset: Int), in slots: inout [(hash: UInt64, offset: Int)]) {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: entry.hash) & mask
    while slots[slot].hash != 0 { slot = (slot + 1) & mask }
    slots[slot] = entry
  }

  private static func find(_ key: UInt64, in slots: [(hash: UInt64, offset: Int)]) -> Int? {
    slots.withUnsafeBufferPointer { slots in
      let mask = slots.count - 1
      var slot = Int(truncatingIfNeeded: key) & mask
      while true {
        let stored = slots[slot].hash
        if stored == key { return slots[slot].offset }
        if stored == 0 { return nil }
        slot = (slot + 1) & mask
      }
    }
  }
}
