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
    for i in 0..<n {
      for j in (i + 1)..<n {
        let w = vectors[i].dot(vectors[j])
        weights[i * n + j] = w
        weights[j * n + i] = w
        outSum[i] += w
        outSum[j] += w
      }
    }
    var rank = [Double](repeating: 1 / Double(n), count: n)
    for _ in 0..<100 {
      var next = [Double](repeating: (1 - damping) / Double(n), count: n)
      for j in 0..<n where outSum[j] > 0 {
        let share = damping * rank[j] / outSum[j]
        for i in 0..<n { next[i] += share * weights[j * n + i] }
      }
      // Sentences with no similar sentence spread their rank evenly (dangling nodes).
      let dangling = (0..<n).filter { outSum[$0] == 0 }.reduce(0) { $0 + rank[$1] }
      if dangling > 0 { for i in 0..<n { next[i] += damping * dangling / Double(n) } }
      let delta = zip(rank, next).reduce(0) { $0 + abs($1.0 - $1.1) }
      rank = next
      if delta < 1e-6 { break }
    }
    return rank
  }
}
