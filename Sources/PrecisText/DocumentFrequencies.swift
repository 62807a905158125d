#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Document frequencies of lower-cased terms in a reference corpus (OrangeSum train), used
/// for TF-IDF weights. Stored in `models/df-fr.tsv`: `# documents: N` then `term<TAB>df`
/// lines sorted by the terms' UTF-8 bytes.
///
/// The table is searched in place (binary search over line offsets), so loading costs one
/// pass to find line starts, not a dictionary of 100,000 strings: that keeps a one-article
/// run of `precis` fast.
public final class DocumentFrequencies: @unchecked Sendable {
  /// Number of documents the frequencies were counted over.
  public let documentCount: Int
  /// Version of the model file (`# version:` header).
  public let version: String
  private let file: DataFile
  /// Byte offsets of the data lines' starts, in file order (sorted by term).
  private let lineStarts: [Int32]

  /// The French table, loaded on first use.
  public static func french() throws(TextError) -> DocumentFrequencies { try frenchFrequencies.get() }

  /// Loads a table from a data file.
  ///
  /// - Throws: `TextError.missingData`, or `.badData` when the header lacks `documents`.
  public init(file: DataFile) throws(TextError) {
    self.file = file
    guard let count = file.header("documents").flatMap({ Int($0) }), count > 0 else {
      throw .badData(path: file.path, line: 1, problem: "missing \"# documents: N\" header")
    }
    documentCount = count
    version = file.header("version") ?? "0"
    var starts: [Int32] = []
    starts.reserveCapacity(file.bytes.count / 12)
    let base = file.bytes
    var offset = 0
    while offset < base.count {
      let lineStart = offset
      if let found = memchr(base.baseAddress! + offset, 10, base.count - offset) {
        offset = base.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
      } else {
        offset = base.count
      }
      if base[lineStart] != UInt8(ascii: "#") && offset - lineStart > 1 { starts.append(Int32(lineStart)) }
    }
    lineStarts = starts
  }

  /// Number of distinct terms in the table.
  public var termCount: Int { lineStarts.count }

  /// The number of documents that contain `term` (lower-case), or 0 when unknown.
  public func frequency(of term: String) -> Int {
    var term = term
    return term.withUTF8 { key -> Int in
      var low = 0
      var high = lineStarts.count - 1
      let bytes = file.bytes
      while low <= high {
        let mid = (low + high) >> 1
        let start = Int(lineStarts[mid])
        // Compare the key with the term that ends at the tab.
        var i = 0
        var order = 0
        while true {
          let b = start + i < bytes.count ? bytes[start + i] : 10
          let lineEnded = b == 9 || b == 10
          if i == key.count {
            order = lineEnded ? 0 : -1
            break
          }
          if lineEnded { order = 1; break }
          if key[i] != b { order = key[i] < b ? -1 : 1; break }
          i += 1
        }
        if order == 0 {
          var value = 0
          var j = start + i + 1
          while j < bytes.count, bytes[j] >= 48, bytes[j] <= 57 {
            value = value * 10 + Int(bytes[j] - 48)
            j += 1
          }
          return value
        }
        if order < 0 { high = mid - 1 } else { low = mid + 1 }
      }
      return 0
    }
  }

  /// Smoothed inverse document frequency: ln((1 + N) / (1 + df)) + 1.
  public func idf(_ term: String) -> Double {
    log(Double(1 + documentCount) / Double(1 + frequency(of: term))) + 1
  }
}

private let frenchFrequencies = Result { () throws(TextError) -> DocumentFrequencies in
  try DocumentFrequencies(file: DataFile.load("models/df-fr.tsv"))
}
