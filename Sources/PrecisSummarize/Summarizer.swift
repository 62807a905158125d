import PrecisText

/// The scoring algorithms `precis summarize --algorithm` offers.
public enum Algorithm: String, Sendable, CaseIterable {
  case lead, centroid, textrank

  /// The scorer behind the algorithm: the one registry of scorers.
  public var scorer: any SentenceScorer {
    switch self {
    case .lead: return LeadScorer()
    case .centroid: return CentroidScorer()
    case .textrank: return TextRankScorer()
    }
  }
}

/// One sentence of a summary, quoted from the article.
public struct SummarySentence: Sendable, Equatable {
  /// 0-based index of the sentence in the article (see `Document.sentences`).
  public let index: Int
  /// The sentence as written.
  public let text: String
  /// The scorer's score.
  public let score: Double
}

/// An extractive summary: sentences of the article, in article order.
public struct Summary: Sendable {
  /// The algorithm that scored the sentences.
  public let algorithm: String
  /// The chosen sentences, in article order.
  public let sentences: [SummarySentence]
  /// Every sentence's score, in article order (for `--explain`).
  public let scores: [Double]
  /// The document summarised.
  public let document: Document
}

/// Summarises documents: scores sentences with one algorithm, then selects.
///
/// For example:
/// ```swift
/// let document = try Document(text: article)
/// let summary = try Summarizer(algorithm: .centroid, length: .sentences(3)).summarize(document)
/// for sentence in summary.sentences { print(sentence.text) }
/// ```
public struct Summarizer: Sendable {
  /// The scoring algorithm.
  public var algorithm: Algorithm
  /// Selection policy (length, redundancy).
  public var selection: Selection

  /// Creates a summariser.
  public init(algorithm: Algorithm = .lead, length: SummaryLength = .sentences(3)) {
    self.algorithm = algorithm
    self.selection = Selection(length: length)
  }

  /// Summarises `document`.
  ///
  /// - Throws: `TextError` when the model of document frequencies cannot be loaded.
  public func summarize(_ document: Document) throws(TextError) -> Summary {
    let context = ScoringContext(document: document, frequencies: try DocumentFrequencies.french())
    let scorer = algorithm.scorer
    let scores = scorer.scores(for: document, context: context)
    let chosen = selection.select(scores: scores, context: context)
    return Summary(
      algorithm: scorer.name,
      sentences: chosen.map { SummarySentence(index: $0, text: document.sentences[$0].text, score: scores[$0]) },
      scores: scores,
      document: document
    )
  }
}
