import PrecisText
import Synchronization

/// The tagger's per-word vectors for the words a process has seen, bounded in size: one
/// array of vectors end to end, found by the 64-bit FNV-1a of the word (and of its original
/// when it is written otherwise). A `BoundedCache` of arrays compared keys as strings and
/// retained the array it returned; a lookup cost about 190 ns in context, and the lookups
/// were a tenth of summary + glossary (`scripts/ablate.sh`, "onlytags,lookups").
///
/// Keys are not stored: two of the at most `limit` words would have to share a 64-bit hash,
/// the bet the tagger model already makes for its features (about 10⁻¹¹ for 30,000 words).
final class VectorCache: Sendable {
  private struct State {
    /// Open addressing: the key's hash (0: empty) and where its vector starts in `arena`.
    var slots: [(hash: UInt64, offset: Int)]
    var arena: [Double] = []
    var count = 0
  }
  private let state: Mutex<State>
  /// Doubles in one vector.
  let width: Int
  /// Most vectors kept.
  let limit: Int

  init(width: Int, limit: Int) {
    self.width = width
    self.limit = limit
    // Small at first, grown at three-quarters load: a one-article process sees a few
    // hundred words, and a table sized for the limit (1 MiB) cost it 0.5–1 ms.
    state = Mutex(State(slots: Array(repeating: (0, 0), count: 1024)))
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

  /// Appends the vector of `key` to `out`, computed by `compute` (and kept while there is
  /// room) when it is not known.
  func append(_ key: UInt64, to out: inout [Double], _ compute: () -> [Double]) {
    let found = state.withLock { state -> Bool in
      guard let offset = Self.offset(of: key, in: state.slots) else { return false }
      out.append(contentsOf: state.arena[offset..<(offset + width)])
      return true
    }
    if found { return }
    let vector = compute()
    out += vector
    guard vector.count == width else { return }
    state.withLock { state in
      guard state.count < limit, Self.offset(of: key, in: state.slots) == nil else { return }
      if 4 * (state.count + 1) > 3 * state.slots.count {
        var bigger = [(hash: UInt64, offset: Int)](repeating: (0, 0), count: 2 * state.slots.count)
        for slot in state.slots where slot.hash != 0 { Self.place(slot, in: &bigger) }
        state.slots = bigger
      }
      Self.place((key, state.arena.count), in: &state.slots)
      state.arena += vector
      state.count += 1
    }
  }

  /// Puts `entry` in the first free slot from its hash's.
  private static func place(_ entry: (hash: UInt64, offset: Int), in slots: inout [(hash: UInt64, offset: Int)]) {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: entry.hash) & mask
    while slots[slot].hash != 0 { slot = (slot + 1) & mask }
    slots[slot] = entry
  }

  private static func offset(of key: UInt64, in slots: [(hash: UInt64, offset: Int)]) -> Int? {
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
