import CPrecisData
import PrecisText
import Synchronization

/// The tagger's per-word blocks (see `Tagger.wordBlock`) for the words a process has seen,
/// bounded in size, found by the 64-bit FNV-1a of the word (and of its original when it
/// is written otherwise). A `BoundedCache` of arrays compared keys as strings and retained
/// the array it returned; a lookup cost about 190 ns in context, and the lookups were a
/// tenth of summary + glossary (`scripts/ablate.sh`, "onlytags,lookups").
///
/// Blocks are written once into chunks that never move, so the tagger reads them in place
/// through pointers, after one lock a sentence to find them (copying them out under the
/// lock took 3% of summary + glossary). One table for all threads: a table a thread doubled
/// the memory of a two-thread batch's largest part (98 MiB peak against 78).
///
/// Keys are not stored: two of the at most `limit` words would have to share a 64-bit hash,
/// the bet the tagger model already makes for its features (about 10⁻¹¹ for 30,000 words).
final class VectorCache: @unchecked Sendable {
  /// Doubles in one block.
  let width: Int
  /// Most blocks kept.
  let limit: Int
  /// Blocks in one chunk.
  static let chunkBlocks = 256

  private struct State {
    /// Open addressing: the key's hash (0: empty) and its block's number.
    var slots: [(hash: UInt64, block: Int)]
    /// The chunks, each `chunkBlocks` blocks; written under the lock, never moved or freed
    /// before the cache.
    var chunks: [Chunk] = []
    var count = 0
  }
  private let state: Mutex<State>

  /// A chunk's memory. Sendable: a block is written once, under the lock, before any
  /// thread can find it, and read only after the lock that found it.
  private struct Chunk: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
  }
  /// Where a block is, for the same reason.
  private struct Block: @unchecked Sendable {
    let pointer: UnsafePointer<Double>
  }

  /// A block of zeros, for a word whose block could not be made.
  private let zeroBlock: UnsafeMutablePointer<Double>

  init(width: Int, limit: Int) {
    self.width = width
    self.limit = limit
    zeroBlock = .allocate(capacity: max(1, width))
    zeroBlock.initialize(repeating: 0, count: max(1, width))
    // Small at first, grown at three-quarters load: a one-article process sees a few
    // hundred words, and a table sized for the limit (1 MiB) cost it 0.5–1 ms.
    state = Mutex(State(slots: Array(repeating: (0, 0), count: 1024)))
  }

  deinit {
    zeroBlock.deallocate()
    state.withLock { state in
      for chunk in state.chunks { chunk.base.deallocate() }
      state.chunks.removeAll()
    }
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

  /// Calls `body` with a pointer to the block of each key, in order; `compute(i, block)`
  /// writes the block of key `i` into `block` (`width` zeros) when the cache lacks it (kept
  /// while there is room, else held for this call only). The pointers are valid during
  /// `body` only.
  func withBlocks<R>(
    for keys: [UInt64], compute: (Int, UnsafeMutableBufferPointer<Double>) -> Void, _ body: ([UnsafePointer<Double>]) -> R
  ) -> R {
    var pointers = [Block](repeating: Block(pointer: UnsafePointer(zeroBlock)), count: keys.count)
    var missing: [Int] = []
    state.withLock { state in
      // Every key's slot requested first, so that the cache misses of the probes overlap.
      state.slots.withUnsafeBufferPointer { slots in
        guard let base = slots.baseAddress else { return }
        for key in keys { precis_prefetch(base + (Int(truncatingIfNeeded: key) & (slots.count - 1))) }
      }
      for (i, key) in keys.enumerated() {
        if let block = Self.find(key, in: state.slots) { pointers[i] = pointer(block, state.chunks) } else { missing.append(i) }
      }
    }
    if missing.isEmpty { return body(pointers.map(\.pointer)) }
    // Made outside the lock, end to end in one buffer (an array a block was an allocation
    // a new word, 45,000 in a cold batch); kept under it, unless another thread kept the
    // word meanwhile. Blocks past the limit are read from the buffer itself.
    var made = [Double](repeating: 0, count: missing.count * width)
    made.withUnsafeMutableBufferPointer { made in
      for (k, i) in missing.enumerated() {
        compute(i, UnsafeMutableBufferPointer(rebasing: made[(k * width)..<((k + 1) * width)]))
      }
    }
    return made.withUnsafeBufferPointer { made in
      guard let scratch = made.baseAddress else { return body(pointers.map(\.pointer)) }
      state.withLock { state in
        for (k, i) in missing.enumerated() {
          if let known = Self.find(keys[i], in: state.slots) {
            pointers[i] = pointer(known, state.chunks)
          } else if state.count < limit {
            pointers[i] = Block(pointer: keep(keys[i], scratch + k * width, &state))
          } else {
            pointers[i] = Block(pointer: scratch + k * width)
          }
        }
      }
      return body(pointers.map(\.pointer))
    }
  }

  private func pointer(_ block: Int, _ chunks: [Chunk]) -> Block {
    Block(pointer: chunks[block / Self.chunkBlocks].base + (block % Self.chunkBlocks) * width)
  }

  /// Copies the block at `block` (`width` doubles) into the next free place and indexes it
  /// under `key`.
  private func keep(_ key: UInt64, _ block: UnsafePointer<Double>, _ state: inout State) -> UnsafePointer<Double> {
    let number = state.count
    if number / Self.chunkBlocks == state.chunks.count {
      state.chunks.append(Chunk(base: .allocate(capacity: Self.chunkBlocks * width)))
    }
    let place = state.chunks[number / Self.chunkBlocks].base + (number % Self.chunkBlocks) * width
    place.initialize(from: block, count: width)
    if 4 * (state.count + 1) > 3 * state.slots.count {
      var bigger = [(hash: UInt64, block: Int)](repeating: (0, 0), count: 2 * state.slots.count)
      for slot in state.slots where slot.hash != 0 { Self.place(slot, in: &bigger) }
      state.slots = bigger
    }
    Self.place((key, number), in: &state.slots)
    state.count += 1
    return UnsafePointer(place)
  }

  /// Puts `entry` in the first free slot from its hash's.
  private static func place(_ entry: (hash: UInt64, block: Int), in slots: inout [(hash: UInt64, block: Int)]) {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: entry.hash) & mask
    while slots[slot].hash != 0 { slot = (slot + 1) & mask }
    slots[slot] = entry
  }

  private static func find(_ key: UInt64, in slots: [(hash: UInt64, block: Int)]) -> Int? {
    slots.withUnsafeBufferPointer { slots in
      let mask = slots.count - 1
      var slot = Int(truncatingIfNeeded: key) & mask
      while true {
        let stored = slots[slot].hash
        if stored == key { return slots[slot].block }
        if stored == 0 { return nil }
        slot = (slot + 1) & mask
      }
    }
  }
}
