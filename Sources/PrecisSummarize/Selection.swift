import PrecisText

/// How long a summary may be.
public enum SummaryLength: Sendable, Equatable, CustomStringConvertible {
  /// At most this many sentences.
  case sentences(Int)
  /// This share of the article's sentences (0 < ratio ≤ 1), never fewer than one.
  case ratio(Double)
  /// As many sentences as fit in this many words (at least one sentence).
  case words(Int)

  /// The maximum number of sentences for a document of `count` sentences.
  func sentenceLimit(for count: Int) -> Int {
    switch self {
    case .sentences(let n): return max(1, n)
    case .ratio(let r):
      // Compared before the conversion, which traps on NaN and outside Int's range.
      let wanted = (Double(count) * r).rounded()
      return wanted >= Double(count) ? count : wanted >= 1 ? Int(wanted) : 1
    case .words: return count
    }
  }

  public var description: String {
    switch self {
    case .sentences(let n): return "sentences=\(n)"
    case .ratio(let r): return "ratio=\(r)"
    case .words(let n): return "words=\(n)"
    }
  }
}

/// Chooses the sentences of a summary from their scores: best first, within the length
/// budget, skipping near-duplicates of a sentence already chosen; headings and fragments too
/// short to read alone come last. Article order is restored. Shared by every scorer (as in sumy).
public struct Selection: Sendable {
  /// How long the summary may be.
  public var length: SummaryLength
  /// A sentence whose TF-IDF cosine with a chosen sentence exceeds this is skipped.
  public var redundancyThreshold: Double
  /// Sentences with fewer words are only chosen when nothing longer is left.
  public var minimumWords: Int

  /// Creates a selection policy.
  public init(length: SummaryLength = .sentences(3), redundancyThreshold: Double = 0.7, minimumWords: Int = 4) {
    self.length = length
    self.redundancyThreshold = redundancyThreshold
    self.minimumWords = minimumWords
  }

  /// Indices of the chosen sentences, ascending.
  public func select(scores: [Double], context: ScoringContext) -> [Int] {
    let sentences = context.document.sentences
    guard !sentences.isEmpty else { return [] }
    let limit = length.sentenceLimit(for: sentences.count)
    let ranked = sentences.indices.sorted { a, b in
      let longA = sentences[a].wordCount >= minimumWords && !sentences[a].isHeading
      let longB = sentences[b].wordCount >= minimumWords && !sentences[b].isHeading
      if longA != longB { return longA }
      return scores[a] != scores[b] ? scores[a] > scores[b] : a < b
    }
    let vectors = context.vectors
    var chosen: [Int] = []
    var words = 0
    // Beyond `LongDocument.exactLimit` sentences, a sentence is compared only with the chosen
    // sentences within `LongDocument.window` of it: with every chosen one, a budget that lets
    // thousands through (`--ratio 1`) made the selection quadratic.
    let bounded = sentences.count > LongDocument.exactLimit
    var isChosen = [Bool](repeating: false, count: bounded ? sentences.count : 0)
    func isRedundant(_ index: Int) -> Bool {
      guard bounded else { return chosen.contains { vectors[$0].dot(vectors[index]) > redundancyThreshold } }
      let near = max(0, index - LongDocument.window)..<min(sentences.count, index + LongDocument.window + 1)
      return near.contains { isChosen[$0] && vectors[$0].dot(vectors[index]) > redundancyThreshold }
    }
    for index in ranked {
      if chosen.count >= limit { break }
      if isRedundant(index) { continue }
      if case .words(let budget) = length, !chosen.isEmpty, words + sentences[index].wordCount > budget { continue }
      chosen.append(index)
      if bounded { isChosen[index] = true }
      words += sentences[index].wordCount
    }
    return chosen.sorted()
  }
}
