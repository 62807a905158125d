import PrecisText

/// Scores sentences by their centrality in a graph whose edges are the TF-IDF cosine
/// similarities between sentences (TextRank, Mihalcea & Tarau 2004): PageRank with
/// damping `damping`, iterated until the scores move less than 1e-6.
public struct TextRankScorer: SentenceScorer {
  public static let name = "textrank"
  /// PageRank damping factor.
  public let damping: Double

  /// Creates the scorer.
  public init(damping: Double = 0.85) { self.damping = damping }

  public func scores(for document: Document, context: ScoringContext) -> [Double] {
    let vectors = context.vectors
    let n = vectors.count
    guard n > 1 else { return Array(repeating: 1, count: n) }
    var weights = [Double](repeating: 0, count: n * n)
    var outSum = [Double](repeating: 0, count: n)
    // Sentence i's weights spread over a dense array, so that each dot product with a later
    // sentence is a gather over that sentence's terms instead of a merge of two sorted
    // lists (the merges' mispredicted branches were 2% of summary + glossary in perf).
    // Terms are visited in the same ascending order, so the sums are the same to the bit.
    var dense = [Double](repeating: 0, count: context.termCount)
    for i in 0..<n {
      for (id, w) in zip(vectors[i].ids, vectors[i].weights) { dense[Int(id)] = w }
      for j in (i + 1)..<n {
        let w = vectors[j].dot(dense: dense)
        weights[i * n + j] = w
        weights[j * n + i] = w
        outSum[i] += w
        outSum[j] += w
      }
      for id in vectors[i].ids { dense[Int(id)] = 0 }
    }
    // The ranks in one buffer of two halves that swap roles each iteration, read through
    // pointers: the arrays' bounds checks were most of the iterations' instructions (3% of a
    // cold pass's, cachegrind). Each element's sums are computed as before, in the same
    // order, so the ranks are the same to the bit.
    let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: 2 * n)
    defer { buffer.deallocate() }
    guard var rank = buffer.baseAddress else { return Array(repeating: 1, count: n) }
    var next = rank + n
    rank.initialize(repeating: 1 / Double(n), count: n)
    next.initialize(repeating: 0, count: n)
    weights.withUnsafeBufferPointer { weights in
      guard let w = weights.baseAddress else { return }
      for _ in 0..<100 {
        for i in 0..<n { next[i] = (1 - damping) / Double(n) }
        var dangling = 0.0
        for j in 0..<n {
          guard outSum[j] > 0 else {
            // Sentences with no similar sentence spread their rank evenly (dangling nodes).
            dangling += rank[j]
            continue
          }
          let share = damping * rank[j] / outSum[j]
          let row = w + j * n
          for i in 0..<n { next[i] += share * row[i] }
        }
        if dangling > 0 { for i in 0..<n { next[i] += damping * dangling / Double(n) } }
        var delta = 0.0
        for i in 0..<n { delta += abs(rank[i] - next[i]) }
        swap(&rank, &next)
        if delta < 1e-6 { break }
      }
    }
    return Array(UnsafeBufferPointer(start: rank, count: n))
  }
}
