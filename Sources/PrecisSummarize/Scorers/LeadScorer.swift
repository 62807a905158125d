import PrecisText

/// Scores sentences by position: the first sentence highest. Lead-N is the classic news
/// baseline, because journalists put the essentials first.
public struct LeadScorer: SentenceScorer {
  public static let name = "lead"

  /// Creates the scorer.
  public init() {}

  public func scores(for document: Document, context: ScoringContext) -> [Double] {
    document.sentences.indices.map { 1 / Double($0 + 1) }
  }
}
