import Testing

import PrecisText

@Suite("TopList")
struct TopListTests {
  @Test("Keeps the first elements of a stable sort, for every capacity")
  func stableTop() {
    var generator = SystemRandomNumberGenerator()
    // Pairs (key, position): many equal keys, so that stability shows.
    let items = (0..<300).map { (Int.random(in: 0..<20, using: &generator), $0) }
    let sorted = items.sorted { $0.0 > $1.0 }  // stable
    for capacity in [0, 1, 2, 7, 20, 299, 300, 400] {
      var top = TopList<(Int, Int)>(capacity: capacity) { $0.0 > $1.0 }
      for item in items { top.offer(item) }
      #expect(top.elements.map(\.1) == sorted.prefix(capacity).map(\.1), "capacity \(capacity)")
      #expect(top.isFull == (capacity <= items.count))
    }
  }
}
