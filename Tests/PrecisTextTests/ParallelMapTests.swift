import Testing

@testable import PrecisText

@Suite("parallelMap")
struct ParallelMapTests {
  @Test("Keeps every result in order, round after round, on more workers than cores")
  func order() {
    // 300 rounds over 4 workers: before the results had a buffer of their own, a loop like
    // this one (writing them into one array from several threads) crashed 1 run in 6.
    for round in 0..<300 {
      let results = Array(0..<64).parallelMap(jobs: 4) { "\($0 * round)" }
      #expect(results == (0..<64).map { "\($0 * round)" })
    }
  }

  @Test("One job, no items and one item take the plain path")
  func plain() {
    #expect([Int]().parallelMap(jobs: 4) { $0 + 1 } == [])
    #expect([41].parallelMap(jobs: 4) { $0 + 1 } == [42])
    #expect([1, 2, 3].parallelMap(jobs: 1) { $0 * 2 } == [2, 4, 6])
  }
}
