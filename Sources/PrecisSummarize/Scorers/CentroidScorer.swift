import PrecisText

/// Scores a sentence by the cosine similarity of its TF-IDF vector to the article's
/// centroid (Radev et al. 2004): sentences that share the article's most weighted terms
/// score highest. Document frequencies come from `models/df-fr.tsv`.
public struct CentroidScorer: SentenceScorer {
  public static let name = "centroid"

  /// Creates the scorer.
  public init() {}

  public func scores(for document: Document, context: ScoringContext) -> [Double] {
    let centroid = context.centroid
    return context.vectors.map { $0.dot(centroid) }
  }
}
