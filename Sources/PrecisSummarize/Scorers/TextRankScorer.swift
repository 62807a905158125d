import PrecisText

/// Scores sentences by their centrality in a graph whose edges are the TF-IDF cosine
/// similarities between sentences (TextRank, Mihalcea & Tarau 2004): PageRank with
/// damping `damping`, iterated until the scores move less than 1e-6.
///
/// Up to `exactLimit` sentences every pair is compared; a longer document is ranked on a
/// bounded graph in which each sentence is compared only with the `window` sentences before
/// and after it, so that time and memory grow linearly with the document.
public struct TextRankScorer: SentenceScorer {
  public static let name = "textrank"
  /// PageRank damping factor.
  public let damping: Double
  /// Documents of at most this many sentences get the complete graph.
  public let exactLimit: Int
  /// In the bounded graph, the number of sentences on each side a sentence is compared with.
  public let window: Int

  /// Creates the scorer.
  public init(damping: Double = 0.85, exactLimit: Int = LongDocument.exactLimit, window: Int = LongDocument.window) {
    self.damping = damping
    self.exactLimit = exactLimit
    self.window = max(1, window)
  }

  public func scores(for document: Document, context: ScoringContext) -> [Double] {
    let n = context.vectors.count
    guard n > 1 else { return Array(repeating: 1, count: n) }
    return n <= exactLimit ? completeGraphRanks(context) : windowRanks(context, window: min(window, n - 1))
  }

  /// Ranks on the graph of every pair of sentences.
  private func completeGraphRanks(_ context: ScoringContext) -> [Double] {
    let vectors = context.vectors
    let n = vectors.count
    var weights = [Double](repeating: 0, count: n * n)
    var outSum = [Double](repeating: 0, count: n)
    // Sentence i's weights spread over a dense array, so that each dot product with a later
    // sentence is a gather over that sentence's terms instead of a merge of two sorted
    // lists, whose branches mispredict.
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
    return weights.withUnsafeBufferPointer { weights in
      pageRank(n: n, outSum: outSum) { j, share, next in
        guard let w = weights.baseAddress else { return }
        let row = w + j * n
        for i in 0..<n { next[i] += share * row[i] }
      }
    }
  }

  /// Ranks on the graph in which sentence i is linked to sentences i - `window` to
  /// i + `window`. Each weight is stored once, for its earlier sentence: `band[i * window + d - 1]`
  /// links i and i + d. With a window of n - 1 the ranks are those of the complete graph to
  /// the bit: the same weights are summed in the same order, less the additions of zero.
  func windowRanks(_ context: ScoringContext, window: Int) -> [Double] {
    let vectors = context.vectors
    let n = vectors.count
    var band = [Double](repeating: 0, count: n * window)
    var outSum = [Double](repeating: 0, count: n)
    var dense = [Double](repeating: 0, count: context.termCount)
    for i in 0..<n {
      for (id, w) in zip(vectors[i].ids, vectors[i].weights) { dense[Int(id)] = w }
      for j in (i + 1)..<min(n, i + window + 1) {
        let w = vectors[j].dot(dense: dense)
        band[i * window + (j - i - 1)] = w
        outSum[i] += w
        outSum[j] += w
      }
      for id in vectors[i].ids { dense[Int(id)] = 0 }
    }
    return band.withUnsafeBufferPointer { band in
      pageRank(n: n, outSum: outSum) { j, share, next in
        guard let b = band.baseAddress else { return }
        // Sentence j's share reaches its neighbours in ascending order, as in the complete graph.
        for i in max(0, j - window)..<j { next[i] += share * b[i * window + (j - i - 1)] }
        let row = b + j * window
        for d in 1..<(min(n - j, window + 1)) { next[j + d] += share * row[d - 1] }
      }
    }
  }

  /// PageRank over `n` sentences whose links' weights sum to `outSum`; `spread(j, share,
  /// next)` adds `share` times each of sentence j's weights to its neighbours' `next`.
  private func pageRank(
    n: Int, outSum: [Double], spread: (Int, Double, UnsafeMutablePointer<Double>) -> Void
  ) -> [Double] {
    // The ranks in one buffer of two halves that swap roles each iteration, read through
    // pointers, without bounds checks in the inner loop. Each element's sums are added in
    // the same order as a plain loop would, so the ranks are the same to the bit.
    let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: 2 * n)
    defer { buffer.deallocate() }
    guard var rank = buffer.baseAddress else { return Array(repeating: 1, count: n) }
    var next = rank + n
    rank.initialize(repeating: 1 / Double(n), count: n)
    next.initialize(repeating: 0, count: n)
    for _ in 0..<100 {
      for i in 0..<n { next[i] = (1 - damping) / Double(n) }
      var dangling = 0.0
      for j in 0..<n {
        guard outSum[j] > 0 else {
          // Sentences with no similar sentence spread their rank evenly (dangling nodes).
          dangling += rank[j]
          continue
        }
        spread(j, damping * rank[j] / outSum[j], next)
      }
      if dangling > 0 { for i in 0..<n { next[i] += damping * dangling / Double(n) } }
      var delta = 0.0
      for i in 0..<n { delta += abs(rank[i] - next[i]) }
      swap(&rank, &next)
      if delta < 1e-6 { break }
    }
    return Array(UnsafeBufferPointer(start: rank, count: n))
  }
}
