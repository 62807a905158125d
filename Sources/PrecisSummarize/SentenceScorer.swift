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

/// What scorers share for one document: TF-IDF vectors of its sentences and their
/// centroid, computed once when the context is made. Every property is a constant, so a
/// context may be read from any thread.
public final class ScoringContext: Sendable {
  /// The document.
  public let document: Document
  /// Document frequencies for IDF, if available.
  public let frequencies: DocumentFrequencies?
  /// Unit-length TF-IDF vectors of the sentences' content tokens, in document order.
  public let vectors: [SparseVector]
  /// The sum of all sentence vectors (the document's centroid), unit length.
  public let centroid: SparseVector
  /// The IDF of each document-local term id.
  private let termIDF: [Double]

  /// Creates a context, computing the sentence vectors and their centroid.
  public init(document: Document, frequencies: DocumentFrequencies?) {
    self.document = document
    self.frequencies = frequencies
    (vectors, termIDF) = Self.termVectors(of: document, frequencies: frequencies)
    var sum = SparseVector.sum(of: vectors, idCount: termIDF.count)
    sum.normalize()
    centroid = sum
  }

  /// The IDF of `term` (1 when no frequencies are loaded).
  public func idf(_ term: String) -> Double {
    frequencies?.idf(term) ?? 1
  }

  /// Number of distinct content terms (ids run from 0 to this).
  public var termCount: Int { termIDF.count }

  /// The IDF of the term with document-local id `id` (see `termIDs(of:)`).
  public func idf(id: Int32) -> Double { termIDF[Int(id)] }

  /// The ids of the content terms of sentence `index` (distinct, ascending).
  public func termIDs(of index: Int) -> [Int32] { vectors[index].ids }

  /// Ids of the `count` terms with the largest weight in the centroid.
  public func centroidTopTerms(_ count: Int) -> [Int32] {
    let c = centroid
    // The first `count` of a stable sort by weight, descending, without sorting every term.
    var top = TopList<Int>(capacity: count) { c.weights[$0] > c.weights[$1] }
    for i in c.ids.indices { top.offer(i) }
    return top.elements.map { c.ids[$0] }
  }

  /// The sentences' vectors, and the IDF of each term id they use.
  private static func termVectors(of document: Document, frequencies: DocumentFrequencies?) -> ([SparseVector], [Double]) {
    // Terms get dense ids by their token hash (one document's words sharing a 64-bit hash
    // is not a risk worth a string comparison a token), counted in an array rather than a
    // dictionary. Every term's IDF slot is prefetched before the first is read, so that
    // the reads overlap; the content tokens are counted meanwhile, to size the arrays.
    var contentTokens = 0
    for sentence in document.sentences {
      sentence.tokens.withUnsafeBufferPointer { tokens in
        for k in tokens.indices where tokens[k].isContent {
          frequencies?.prefetch(hash: tokens[k].hash)
          contentTokens += 1
        }
      }
    }
    var interner = HashInterner(capacity: contentTokens)
    var idf: [Double] = [], counts: [Double] = [], touched: [Int32] = []
    idf.reserveCapacity(contentTokens)
    counts.reserveCapacity(contentTokens)
    let vectors = document.sentences.map { sentence in
      touched.removeAll(keepingCapacity: true)
      // Through a buffer pointer: iterating the array copies every token.
      sentence.tokens.withUnsafeBufferPointer { tokens in
        for k in tokens.indices where tokens[k].isContent {
          let (id, isNew) = interner.intern(tokens[k].hash)
          if isNew {
            idf.append(frequencies?.idf(tokens[k].norm, hash: tokens[k].hash) ?? 1)
            counts.append(0)
          }
          if counts[id] == 0 { touched.append(Int32(id)) }
          counts[id] += 1
        }
      }
      touched.sort()
      let weights = touched.map { counts[Int($0)] * idf[Int($0)] }
      for id in touched { counts[Int(id)] = 0 }
      var vector = SparseVector(ids: touched, weights: weights)
      vector.normalize()
      return vector
    }
    return (vectors, idf)
  }
}

/// A sparse vector with sorted term ids.
public struct SparseVector: Sendable {
  /// Term ids, ascending.
  public let ids: [Int32]
  /// Weights, one per id.
  public private(set) var weights: [Double]

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

  /// The sum of `vectors`, whose ids are below `idCount`; each id's weights are added in
  /// the order of `vectors` (a dense array, no dictionary).
  public static func sum(of vectors: some Sequence<SparseVector>, idCount: Int) -> SparseVector {
    var sum = [Double](repeating: 0, count: idCount)
    var present = [Bool](repeating: false, count: idCount)
    for vector in vectors {
      for (id, w) in zip(vector.ids, vector.weights) {
        sum[Int(id)] += w
        present[Int(id)] = true
      }
    }
    var ids: [Int32] = [], weights: [Double] = []
    let count = present.count { $0 }
    ids.reserveCapacity(count)
    weights.reserveCapacity(count)
    for id in 0..<idCount where present[id] {
      ids.append(Int32(id))
      weights.append(sum[id])
    }
    return SparseVector(ids: ids, weights: weights)
  }

  /// The vector scaled to unit length (unchanged when zero).
  public func normalized() -> SparseVector {
    var vector = self
    vector.normalize()
    return vector
  }

  /// Scales the vector to unit length (unchanged when zero), in place when its weights are
  /// its own (no new array a sentence).
  mutating func normalize() {
    let norm = weights.reduce(0) { $0 + $1 * $1 }.squareRoot()
    guard norm > 0 else { return }
    for k in weights.indices { weights[k] /= norm }
  }

  /// The weights spread over `count` ids (0 where the vector has none), for `dot(dense:)`.
  public func dense(count: Int) -> [Double] {
    var dense = [Double](repeating: 0, count: count)
    for (id, w) in zip(ids, weights) { dense[Int(id)] = w }
    return dense
  }

  /// `dot(other)` with `other` given as `other.dense(count:)`: the same products, added in
  /// the same order (ascending ids), so the same sum to the bit.
  public func dot(dense other: [Double]) -> Double {
    var sum = 0.0
    for (id, w) in zip(ids, weights) where other[Int(id)] != 0 { sum += w * other[Int(id)] }
    return sum
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

/// Where work that compares every pair of sentences stops: TextRank's graph and
/// `Selection`'s redundancy check compare all pairs up to `exactLimit` sentences, and beyond
/// it each sentence only with the `window` sentences on either side of it, so that any
/// input is summarised in time and memory linear in its length.
public enum LongDocument {
  /// The most sentences compared pairwise.
  ///
  /// The complete graph takes n² × 8 bytes and n² products an iteration: 2,048 sentences are
  /// 32 MiB and a fraction of a second, while news articles have a few dozen sentences (the
  /// longest of OrangeSum's 1,500 validation articles has 53), so no article takes the
  /// bounded path.
  public static let exactLimit = 2048
  /// The sentences on each side a sentence is compared with beyond `exactLimit`.
  ///
  /// 64 spans an article of ordinary length on either side, and costs TextRank 512 bytes and
  /// 128 products an iteration per sentence (31 MB for 60,000 sentences).
  public static let window = 64
}
