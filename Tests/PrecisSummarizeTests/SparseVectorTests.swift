import Testing

@testable import PrecisSummarize

@Suite("Sparse vectors")
struct SparseVectorTests {
  @Test("A dot product with a dense copy is the merged one to the bit, whatever the overlap", arguments: 0..<4)
  func denseDotIsExact(seed: Int) {
    var state = UInt64(seed + 3) &* 0x9E37_79B9_7F4A_7C15
    func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state >> 11
    }
    func vector(_ count: Int) -> SparseVector {
      // Positive weights, as TF-IDF ones are, over a few ids, so that vectors overlap.
      let ids = Set((0..<count).map { _ in Int32(next() % 40) }).sorted()
      let v = SparseVector(ids: ids, weights: ids.map { _ in Double(next() % 1_000_000 + 1) / 7_919.0 })
      return next() % 2 == 0 ? v.normalized() : v
    }
    for _ in 0..<500 {
      let a = vector(Int(next() % 12)), b = vector(Int(next() % 30))
      let dense = b.dense(count: 40)
      #expect(a.dot(dense: dense).bitPattern == a.dot(b).bitPattern, "\(a.ids) · \(b.ids)")
    }
  }
}
