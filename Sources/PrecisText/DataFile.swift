import CPrecisData

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Bytes of one run-time data file (a lexicon or a model), looked up by its path relative
/// to the repository root, such as "lexicons/fr/stopwords.txt".
///
/// The files are compiled into the binary (see `Sources/CPrecisData`). When the environment
/// variable `PRECIS_DATA` names a folder, files are read from that folder instead, so a
/// linguist can try an edited lexicon without rebuilding.
///
/// `@unchecked Sendable` because `bytes` is a pointer, which Swift does not check; safe:
/// the bytes are never written after the file is made and never freed.
public struct DataFile: @unchecked Sendable {
  /// The path relative to the data root, used in error messages.
  public let path: String
  /// The file's bytes. They live for the whole process (embedded or loaded once) and are
  /// followed by a NUL byte, which `bytes.count` does not include.
  package let bytes: UnsafeBufferPointer<UInt8>

  /// A data file made from `text`, for tests and tools; `path` names it in errors. Its
  /// storage lives for the rest of the process.
  public init(path: String, text: String) {
    self.init(path: path, copying: Array(text.utf8))
  }

  /// A data file holding a copy of `bytes` (a binary index, for tests and tools); `path`
  /// names it in errors. Its storage lives for the rest of the process.
  public init(path: String, copying bytes: [UInt8]) {
    let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count + 1)
    _ = storage.initialize(from: bytes + [0])
    self.init(path: path, bytes: UnsafeBufferPointer(rebasing: storage[0..<bytes.count]))
  }

  init(path: String, bytes: UnsafeBufferPointer<UInt8>) {
    self.path = path
    self.bytes = bytes
  }

  /// Loads `path` from `PRECIS_DATA` or from the data compiled into the binary.
  ///
  /// - Throws: `TextError.missingData` when the file is absent or empty.
  public static func load(_ path: String) throws(TextError) -> DataFile {
    if let root = getenv("PRECIS_DATA").map({ String(cString: $0) }), !root.isEmpty {
      guard let bytes = try? FileBytes.read(root + "/" + path), !bytes.isEmpty else {
        throw .missingData(path: root + "/" + path)
      }
      // Kept for the life of the process, like the embedded data, and NUL-terminated like
      // it, so that C number parsers can never read past the end.
      let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count + 1)
      _ = storage.initialize(from: bytes + [0])
      return DataFile(path: path, bytes: UnsafeBufferPointer(rebasing: storage[0..<bytes.count]))
    }
    var length = 0
    guard let pointer = precis_data(path, &length), length > 0 else { throw .missingData(path: path) }
    return DataFile(path: path, bytes: UnsafeBufferPointer(start: pointer, count: length))
  }

  /// The file's data lines: trimmed, without blank lines and `#` comments, with their
  /// 1-based line numbers for error messages. Splits bytes, not `Character`s: loading the
  /// lexicons is on every run's start-up path.
  public func lines() -> [(number: Int, text: Substring)] {
    var result: [(Int, Substring)] = []
    var number = 0
    var start = 0
    let count = bytes.count
    while start <= count {
      var end = start
      while end < count && bytes[end] != 10 { end += 1 }
      number += 1
      var a = start, b = end
      while a < b && (bytes[a] == 32 || bytes[a] == 9 || bytes[a] == 13) { a += 1 }
      while b > a && (bytes[b - 1] == 32 || bytes[b - 1] == 9 || bytes[b - 1] == 13) { b -= 1 }
      if a < b && bytes[a] != UInt8(ascii: "#") {
        result.append((number, Substring(String(decoding: UnsafeBufferPointer(rebasing: bytes[a..<b]), as: UTF8.self))))
      }
      start = end + 1
    }
    return result
  }

  /// The value of a `# key: value` header comment, such as `# version: 1`.
  /// Read on the bytes of the leading comment lines (within the first 4 KB), blank lines
  /// skipped: decoding and splitting 4 KB for every header asked would weigh on
  /// one-article runs.
  public func header(_ key: String) -> String? {
    let prefix = Array("# \(key):".utf8)
    let limit = min(bytes.count, 4096)
    var start = 0
    while start < limit {
      var end = start
      while end < limit && bytes[end] != 10 { end += 1 }
      if end > start {
        guard bytes[start] == UInt8(ascii: "#") else { break }
        if end - start >= prefix.count && prefix.indices.allSatisfy({ bytes[start + $0] == prefix[$0] }) {
          let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + prefix.count)..<end]), as: UTF8.self)
          return value.trimmingWhitespace().description
        }
      }
      start = end + 1
    }
    return nil
  }
}

extension StringProtocol {
  /// The string without leading and trailing white space (spaces, tabs, line ends, NBSP).
  public func trimmingWhitespace() -> Substring {
    // Nothing to trim, seen on scalars without walking characters (grapheme breaking, for
    // the lexicon's glosses, split and trimmed on the first sight of each word): the first
    // scalar is no white space, and the last is ASCII and none, so it is a character of its own.
    // ASCII ends are told from white space without the Unicode property tables.
    func isSpace(_ scalar: Unicode.Scalar) -> Bool {
      scalar.isASCII ? scalar == " " || (scalar.value >= 9 && scalar.value <= 13) : scalar.properties.isWhitespace
    }
    if let head = unicodeScalars.first, let tail = unicodeScalars.last, !isSpace(head), tail.isASCII, !isSpace(tail) {
      return Substring(self)
    }
    let scalars = self[...]
    guard let first = scalars.firstIndex(where: { !$0.isWhitespace }),
      let last = scalars.lastIndex(where: { !$0.isWhitespace })
    else { return Substring() }
    return Substring(scalars[first...last])
  }
}
