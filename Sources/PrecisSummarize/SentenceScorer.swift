import PrecisText

/// Assigns every sentence of a document a relevance score; higher is more relevant.
///
/// Scorers only score: choosing sentences under a budget, avoiding redundancy and restoring
/// article order is `Selection`'s job, shared by every scorer. To add a scorer, conform to
/// this protocol and register it in `ScorerRegistry`.
public protocol SentenceScorer: Sendable {
  /// Stable identifier used by `--algorithm`, JSON output and cache keys.
  static var name: String { get }
  /// One score per sentence of `document`, in document order.
  func scores(for document: Document, context: ScoringContext) -> [Double]
}

extension SentenceScorer {
  /// The scorer's name, from an instance.
  public var name: String { Self.name }
}

/// What scorers share for one document: TF-IDF vectors of its sentences, computed once.
public final class ScoringContext: @unchecked Sendable {
  /// The document.
  public let document: Document
  /// Document frequencies for IDF, if available.
  public let frequencies: DocumentFrequencies?

  /// Creates a context; vectors are computed on first use.
  public init(document: Document, frequencies: DocumentFrequencies?) {
    self.document = document
    self.frequencies = frequencies
  }

  /// Term ids of the document's content terms, and each id's IDF.
  private var termIndex: [UTF8Key: Int32] = [:]
  private var termIDF: [Double] = []

  /// The IDF of `term` (1 when no frequencies are loaded).
  public func idf(_ term: String) -> Double {
    if let id = termIndex[UTF8Key(term)] { return termIDF[Int(id)] }
    return frequencies?.idf(term) ?? 1
  }

  /// The IDF of the term with document-local id `id` (see `termIDs(of:)`).
  public func idf(id: Int32) -> Double {
    _ = vectors
    return termIDF[Int(id)]
  }

  /// The ids of the content terms of sentence `index` (distinct, ascending).
  public func termIDs(of index: Int) -> [Int32] { vectors[index].ids }

  /// Ids of the `count` terms with the largest weight in the centroid.
  public func centroidTopTerms(_ count: Int) -> [Int32] {
    let c = centroid
    return c.ids.indices.sorted { c.weights[$0] > c.weights[$1] }.prefix(count).map { c.ids[$0] }
  }

  /// Unit-length TF-IDF vectors of the sentences' content tokens, in document order.
  public private(set) lazy var vectors: [SparseVector] = {
    // Keyed by bytes: `String` hashing normalises accented words on every call.
    var ids: [UTF8Key: Int32] = [:]
    var idf: [Double] = []
    defer {
      termIndex = ids
      termIDF = idf
    }
    return document.sentences.map { sentence in
      var counts: [Int32: Double] = [:]
      for token in sentence.tokens where token.isContent {
        let id: Int32
        let key = UTF8Key(token.norm)
        if let known = ids[key] {
          id = known
        } else {
          id = Int32(idf.count)
          ids[key] = id
          idf.append(frequencies?.idf(token.norm) ?? 1)
        }
        counts[id, default: 0] += 1
      }
      return SparseVector(counts.map { ($0.key, $0.value * idf[Int($0.key)]) }).normalized()
    }
  }()

  /// The sum of all sentence vectors (the document's centroid), unit length.
  public private(set) lazy var centroid: SparseVector = {
    var sum: [Int32: Double] = [:]
    for vector in vectors {
      for (id, w) in zip(vector.ids, vector.weights) { sum[id, default: 0] += w }
    }
    return SparseVector(sum.map { ($0.key, $0.value) }).normalized()
  }()
}

/// A sparse vector with sorted term ids.
public struct SparseVector: Sendable {
  /// Term ids, ascending.
  public let ids: [Int32]
  /// Weights, one per id.
  public let weights: [Double]

  /// Creates a vector from (id, weight) pairs in any order.
  public init(_ pairs: [(Int32, Double)]) {
    let sorted = pairs.sorted { $0.0 < $1.0 }
    ids = sorted.map(\.0)
    weights = sorted.map(\.1)
  }

  init(ids: [Int32], weights: [Double]) {
    self.ids = ids
    self.weights = weights
  }

  /// The vector scaled to unit length (unchanged when zero).
  public func normalized() -> SparseVector {
    let norm = weights.reduce(0) { $0 + $1 * $1 }.squareRoot()
    guard norm > 0 else { return self }
    return SparseVector(ids: ids, weights: weights.map { $0 / norm })
  }

  /// Dot product; equal to cosine similarity for unit vectors.
  public func dot(_ other: SparseVector) -> Double {
    var i = 0
    var j = 0
    var sum = 0.0
    while i < ids.count && j < other.ids.count {
      if ids[i] == other.ids[j] {
        sum += weights[i] * other.weights[j]
        i += 1
        j += 1
      } else if ids[i] < other.ids[j] {
        i += 1
      } else {
        j += 1
      }
    }
    return sum
  }
}
