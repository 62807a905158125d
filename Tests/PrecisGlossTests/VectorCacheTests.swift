import Synchronization
import Testing

@testable import PrecisGloss
import PrecisText

@Suite("Tagger vector cache")
struct VectorCacheTests {
  @Test("Computes a word's vector once, reads it whole in place, and keeps at most its limit")
  func memoises() {
    let cache = VectorCache(width: 3, limit: 2000)
    let calls = Mutex(0)
    func vector(_ i: Int) -> [Double] { [Double(i), Double(i) + 0.5, -Double(i)] }
    // 2,500 words: past the limit, so the last 500 are computed on every use of the table.
    let words = (0..<2500).map { "mot\($0)" }
    for round in 0..<2 {
      let table = cache.table()
      var out: [Double] = []
      for (i, word) in words.enumerated() {
        let key = VectorCache.key(word, original: word, same: true)
        let offset = table.offset(of: key) {
          calls.withLock { $0 += 1 }
          return vector(i)
        }
        out += table.arena[offset..<(offset + 3)]
      }
      #expect(out == words.indices.flatMap(vector), "round \(round)")
    }
    // The 500 vectors that were not kept are dropped when the table is used again.
    #expect(cache.table().arena.count == 2000 * 3)
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

  @Test("Gives every thread the same vectors, from a table of its own")
  func concurrent() {
    let cache = VectorCache(width: 2, limit: 30_000)
    let words = (0..<3000).map { "clé\($0 % 700)" }
    let results = words.parallelMap(jobs: 4) { word -> [Double] in
      let table = cache.table()
      let offset = table.offset(of: VectorCache.key(word, original: word, same: true)) { [Double(word.count), 1] }
      return Array(table.arena[offset..<(offset + 2)])
    }
    #expect(results == words.map { [Double($0.count), 1] })
  }
}
