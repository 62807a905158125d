#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Document frequencies of lower-cased terms in a reference corpus (OrangeSum train), used
/// for TF-IDF weights. Stored in `models/df-fr.tsv`: `# documents: N` then `term<TAB>df`
/// lines sorted by the terms' UTF-8 bytes.
///
/// The table is searched in place, by binary search over byte offsets (jump to the middle,
/// back up to the line start, compare), so loading costs nothing: no dictionary of 65,000
/// strings, no index of line starts. That keeps a one-article run of `precis` fast.
public final class DocumentFrequencies: @unchecked Sendable {
  /// Number of documents the frequencies were counted over.
  public let documentCount: Int
  /// Version of the model file (`# version:` header).
  public let version: String
  private let table: SortedTable
  /// IDFs of the terms already looked up: a binary search costs about 0.3 µs, a cache hit
  /// a tenth of that, and a long run (eval, batch) looks up the same few thousand words
  /// again and again. The IDF is kept, not the count, so a hit costs no logarithm. Bounded
  /// so that a stream of novel words cannot grow it forever.
  private let cache = BoundedCache<Double>()

  /// The French table, loaded on first use.
  public static func french() throws(TextError) -> DocumentFrequencies { try frenchFrequencies.get() }

  /// Loads a table from a data file.
  ///
  /// - Throws: `.badData` when the header lacks `documents`.
  public init(file: DataFile) throws(TextError) {
    guard let count = file.header("documents").flatMap({ Int($0) }), count > 0 else {
      throw .badData(path: file.path, line: 1, problem: "missing \"# documents: N\" header")
    }
    documentCount = count
    version = file.header("version") ?? "0"
    table = SortedTable(file: file)
  }

  /// The number of documents that contain `term` (lower-case), or 0 when unknown.
  public func frequency(of term: String) -> Int {
    table.integer(for: term)
  }

  /// The highest IDF a term can have: that of a term no document contains.
  public var highestIDF: Double { log(Double(1 + documentCount) / Double(1 + 0)) + 1 }

  /// Smoothed inverse document frequency: ln((1 + N) / (1 + df)) + 1.
  public func idf(_ term: String) -> Double {
    cache.value(for: term) { log(Double(1 + documentCount) / Double(1 + frequency(of: term))) + 1 }
  }
}

private let frenchFrequencies = Result { () throws(TextError) -> DocumentFrequencies in
  try DocumentFrequencies(file: DataFile.load("models/df-fr.tsv"))
}
