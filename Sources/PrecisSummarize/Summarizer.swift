import PrecisText

/// The scoring algorithms `precis summarize --algorithm` offers.
public enum Algorithm: String, Sendable, CaseIterable {
  case learned, lead, centroid, textrank

  /// The scorer behind the algorithm: the one registry of scorers.
  ///
  /// - Throws: `TextError` when the scorer's model cannot be loaded.
  public func scorer() throws(TextError) -> any SentenceScorer {
    switch self {
    case .learned: return try LearnedScorer()
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
  /// Every sentence's `SentenceFeatures` row, when the summary was made with `explain`.
  public let features: [[Double]]?
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
  public init(algorithm: Algorithm = .learned, length: SummaryLength = .sentences(3)) {
    self.algorithm = algorithm
    self.selection = Selection(length: length)
  }

  /// Summarises `document`; with `explain`, the summary also carries every sentence's
  /// features.
  ///
  /// - Throws: `TextError` when a model (document frequencies, scorer) cannot be loaded.
  public func summarize(_ document: Document, explain: Bool = false) throws(TextError) -> Summary {
    let context = ScoringContext(document: document, frequencies: try DocumentFrequencies.french())
    let scorer = try algorithm.scorer()
    let scores = scorer.scores(for: document, context: context)
    let chosen = selection.select(scores: scores, context: context)
    return Summary(
      algorithm: scorer.name,
      sentences: chosen.map { SummarySentence(index: $0, text: document.sentences[$0].text, score: scores[$0]) },
      scores: scores,
      features: explain ? SentenceFeatures.rows(for: context) : nil,
      document: document
    )
  }
}
