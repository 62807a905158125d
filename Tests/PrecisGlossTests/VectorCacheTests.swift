import Synchronization
import Testing

@testable import PrecisGloss
import PrecisText

@Suite("Tagger vector cache")
struct VectorCacheTests {
  @Test("Computes a word's block once, reads it whole in place, and keeps at most its limit")
  func memoises() {
    let cache = VectorCache(width: 3, limit: 2000)
    let calls = Mutex(0)
    func block(_ i: Int) -> [Double] { [Double(i), Double(i) + 0.5, -Double(i)] }
    // 2,500 words (past the limit, and over several chunks), asked in one call and then in
    // calls of 7: the last 500 are computed on every call that asks for them.
    let words = (0..<2500).map { "mot\($0)" }
    let keys = words.map { VectorCache.key($0, original: $0, same: true) }
    for batch in [2500, 7] {
      var out: [Double] = []
      for start in stride(from: 0, to: keys.count, by: batch) {
        let range = start..<min(start + batch, keys.count)
        let matches = { (i: Int, stored: VectorCache.WordKey) in stored.word == words[range.lowerBound + i] }
        cache.withBlocks(for: Array(keys[range]), matches: matches, compute: { i, out in
          calls.withLock { $0 += 1 }
          #expect(out.allSatisfy { $0 == 0 })
          _ = out.initialize(from: block(range.lowerBound + i))
          return VectorCache.WordKey(word: words[range.lowerBound + i], original: words[range.lowerBound + i])
        }) { blocks in
          for pointer in blocks { out += UnsafeBufferPointer(start: pointer, count: 3) }
        }
      }
      #expect(out == words.indices.flatMap(block), "calls of \(batch)")
    }
    #expect(calls.withLock { $0 } == 2500 + 500)
  }

  @Test("Tells a word from the same word written otherwise")
  func originals() {
    let lower = VectorCache.key("paris", original: "paris", same: true)
    let capital = VectorCache.key("paris", original: "Paris", same: false)
    #expect(lower != capital)
    #expect(capital == VectorCache.key("paris", original: "Paris", same: false))
    #expect(lower != VectorCache.key("pari", original: "pari", same: true))
  }

  @Test("Gives every thread the same blocks, the same word asked twice in a call included")
  func concurrent() {
    let cache = VectorCache(width: 2, limit: 30_000)
    let words = (0..<3000).map { "clé\($0 % 700)" }
    let results = words.parallelMap(jobs: 4) { word -> [Double] in
      let key = VectorCache.key(word, original: word, same: true)
      let compute = { (_: Int, out: UnsafeMutableBufferPointer<Double>) in
        _ = out.initialize(from: [Double(word.count), 1])
        return VectorCache.WordKey(word: word, original: word)
      }
      return cache.withBlocks(for: [key, key], matches: { $1.word == word }, compute: compute) { blocks in
        blocks.flatMap { Array(UnsafeBufferPointer(start: $0, count: 2)) }
      }
    }
    #expect(results == words.map { [Double($0.count), 1, Double($0.count), 1] })
  }

  @Test("Keeps apart two words forced onto one key: each gets its own block, both stay kept")
  func collidingKeys() {
    let cache = VectorCache(width: 1, limit: 100)
    let key: UInt64 = 0x1234_5678_9ABC_DEF0
    let calls = Mutex(0)
    // Asks for `word` under the shared key; its block holds its length.
    func block(of word: String, original: String) -> Double {
      let asked = VectorCache.WordKey(word: word, original: original)
      return cache.withBlocks(for: [key], matches: { $1 == asked }, compute: { _, out in
        calls.withLock { $0 += 1 }
        out[0] = Double(original.utf8.count)
        return asked
      }) { $0[0].pointee }
    }
    let asked = [("chat", "chat"), ("mange", "mange"), ("paris", "Paris!"), ("chat", "chat"), ("mange", "mange"), ("paris", "Paris!")]
    #expect(asked.map { block(of: $0.0, original: $0.1) } == asked.map { Double($0.1.utf8.count) })
    #expect(calls.withLock { $0 } == 3)
  }
}
