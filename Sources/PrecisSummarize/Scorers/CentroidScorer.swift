import PrecisText

/// Scores a sentence by the cosine similarity of its TF-IDF vector to the article's
/// centroid (Radev et al. 2004): sentences that share the article's most weighted terms
/// score highest. Document frequencies come from `models/df-fr.tsv`.
public struct CentroidScorer: SentenceScorer {
  public static let name = "centroid"

  /// Creates the scorer.
  public init() {}

  public func scores(for document: Document, context: ScoringContext) -> [Double] {
    // The centroid holds every term of the article: spread once over a dense array, each
    // sentence's dot product with it is a gather over the sentence's few terms (a merge of
    // the two sorted lists would walk the whole centroid for every sentence).
    let centroid = context.centroid.dense(count: context.termCount)
    return context.vectors.map { $0.dot(dense: centroid) }
  }
}
