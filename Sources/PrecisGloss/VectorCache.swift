import CPrecisData
import PrecisText
import Synchronization

/// The tagger's per-word blocks (see `Tagger.wordBlock`) for the words a process has seen,
/// bounded in size, found by the 64-bit FNV-1a of the word (and of its original when it
/// is written otherwise), then checked against the word they were made for: a hash alone
/// could be another word's, and one article's crafted word would then change the tags of
/// every other article of a batch that has the word it collides with.
///
/// Blocks are written once into chunks that never move, so the tagger reads them in place
/// through pointers, after one lock a sentence to find them. One table for all threads, so
/// that a batch's memory does not grow with its threads.
///
/// `@unchecked Sendable`: the mutable state is behind the `Mutex`; `zeroBlock` and the
/// chunks are raw memory written before any thread can read them (see `Chunk`).
final class VectorCache: @unchecked Sendable {
  /// Doubles in one block.
  let width: Int
  /// Most blocks kept.
  let limit: Int
  /// Blocks in one chunk.
  static let chunkBlocks = 256

  /// The word a block was made for, as the tagger's features read it.
  struct WordKey: Sendable, Equatable {
    let word: String
    /// How the word is written, when that differs from `word`.
    let original: String?

    init(word: String, original: String) {
      self.word = word
      self.original = original.hasSameUTF8(as: word) ? nil : original
    }

    static func == (a: WordKey, b: WordKey) -> Bool {
      a.word.hasSameUTF8(as: b.word) && (a.original == nil) == (b.original == nil)
        && (a.original ?? "").hasSameUTF8(as: b.original ?? "")
    }
  }

  private struct State {
    /// Open addressing: the key's hash (0: empty) and its block's number.
    var slots: [(hash: UInt64, block: Int)]
    /// The chunks, each `chunkBlocks` blocks; written under the lock, never moved or freed
    /// before the cache.
    var chunks: [Chunk] = []
    var count = 0
  }
  private let state: Mutex<State>

  /// A chunk's memory: its blocks, and the word of each. `@unchecked Sendable`: a block and
  /// its word are written once, under the lock, before any thread can find them, and read
  /// only after the lock that found them.
  private struct Chunk: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
    let words: UnsafeMutablePointer<WordKey>
  }
  /// Where a block and its word are; `@unchecked Sendable` for the same reason.
  private struct Block: @unchecked Sendable {
    let pointer: UnsafePointer<Double>
    var word: UnsafePointer<WordKey>? = nil
  }

  /// A block of zeros, for a word whose block could not be made.
  private let zeroBlock: UnsafeMutablePointer<Double>

  init(width: Int, limit: Int) {
    self.width = width
    self.limit = limit
    zeroBlock = .allocate(capacity: max(1, width))
    zeroBlock.initialize(repeating: 0, count: max(1, width))
    // Small at first, grown at three-quarters load: a one-article process sees a few
    // hundred words.
    state = Mutex(State(slots: Array(repeating: (0, 0), count: 1024)))
  }

  deinit {
    zeroBlock.deallocate()
    state.withLock { state in
      for (k, chunk) in state.chunks.enumerated() {
        chunk.base.deallocate()
        chunk.words.deinitialize(count: min(Self.chunkBlocks, state.count - k * Self.chunkBlocks))
        chunk.words.deallocate()
      }
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

  /// Calls `body` with a pointer to the block of each key, in order. A kept block is word
  /// `i`'s when its key is `keys[i]` and `matches(i, itsWord)`; else `compute(i, block)`
  /// writes word `i`'s block into `block` (`width` zeros) and returns its word (kept while
  /// there is room, else held for this call only). The pointers are valid during `body`
  /// only.
  func withBlocks<R>(
    for keys: [UInt64], matches: (Int, WordKey) -> Bool, compute: (Int, UnsafeMutableBufferPointer<Double>) -> WordKey,
    _ body: ([UnsafePointer<Double>]) -> R
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
        if let block = Self.find(key, in: state.slots, where: { _ in true }) {
          pointers[i] = pointer(block, state.chunks)
          // Its word requested now, so that the cache misses of the checks below overlap.
          precis_prefetch(Self.word(block, state.chunks))
        }
      }
    }
    // The words checked outside the lock (a kept word never changes); a word whose key
    // leads to another word's block is looked for past it.
    var collided: [Int] = []
    for i in keys.indices {
      guard let word = pointers[i].word else {
        missing.append(i)
        continue
      }
      if !matches(i, word.pointee) { collided.append(i) }
    }
    if !collided.isEmpty {
      state.withLock { state in
        let chunks = state.chunks
        for i in collided {
          if let block = Self.find(keys[i], in: state.slots, where: { matches(i, Self.word($0, chunks).pointee) }) {
            pointers[i] = pointer(block, chunks)
          } else {
            missing.append(i)
          }
        }
      }
    }
    if missing.isEmpty { return body(pointers.map(\.pointer)) }
    // Made outside the lock, end to end in one buffer; kept under it, unless another
    // thread kept the word meanwhile. Blocks past the limit are read from the buffer itself.
    var made = [Double](repeating: 0, count: missing.count * width)
    var madeWords: [WordKey] = []
    madeWords.reserveCapacity(missing.count)
    made.withUnsafeMutableBufferPointer { made in
      for (k, i) in missing.enumerated() {
        madeWords.append(compute(i, UnsafeMutableBufferPointer(rebasing: made[(k * width)..<((k + 1) * width)])))
      }
    }
    return made.withUnsafeBufferPointer { made in
      guard let scratch = made.baseAddress else { return body(pointers.map(\.pointer)) }
      state.withLock { state in
        for (k, i) in missing.enumerated() {
          let chunks = state.chunks
          if let known = Self.find(keys[i], in: state.slots, where: { Self.word($0, chunks).pointee == madeWords[k] }) {
            pointers[i] = pointer(known, state.chunks)
          } else if state.count < limit {
            pointers[i] = Block(pointer: keep(keys[i], madeWords[k], scratch + k * width, &state))
          } else {
            pointers[i] = Block(pointer: scratch + k * width)
          }
        }
      }
      return body(pointers.map(\.pointer))
    }
  }

  private func pointer(_ block: Int, _ chunks: [Chunk]) -> Block {
    Block(pointer: chunks[block / Self.chunkBlocks].base + (block % Self.chunkBlocks) * width, word: Self.word(block, chunks))
  }

  private static func word(_ block: Int, _ chunks: [Chunk]) -> UnsafePointer<WordKey> {
    UnsafePointer(chunks[block / chunkBlocks].words + block % chunkBlocks)
  }

  /// Copies the block at `block` (`width` doubles), made for `word`, into the next free
  /// place and indexes it under `key`.
  private func keep(_ key: UInt64, _ word: WordKey, _ block: UnsafePointer<Double>, _ state: inout State) -> UnsafePointer<Double> {
    let number = state.count
    if number / Self.chunkBlocks == state.chunks.count {
      state.chunks.append(Chunk(base: .allocate(capacity: Self.chunkBlocks * width), words: .allocate(capacity: Self.chunkBlocks)))
    }
    let place = state.chunks[number / Self.chunkBlocks].base + (number % Self.chunkBlocks) * width
    place.initialize(from: block, count: width)
    (state.chunks[number / Self.chunkBlocks].words + number % Self.chunkBlocks).initialize(to: word)
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

  /// The first block under `key` for which `isWord(block)`, past those of other words
  /// with the same key.
  private static func find(_ key: UInt64, in slots: [(hash: UInt64, block: Int)], where isWord: (Int) -> Bool) -> Int? {
    slots.withUnsafeBufferPointer { slots in
      let mask = slots.count - 1
      var slot = Int(truncatingIfNeeded: key) & mask
      while true {
        let stored = slots[slot].hash
        if stored == key && isWord(slots[slot].block) { return slots[slot].block }
        if stored == 0 { return nil }
        slot = (slot + 1) & mask
      }
    }
  }
}
