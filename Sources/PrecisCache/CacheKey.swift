// What a cached result is filed under: the article and everything that shapes the output.

/// The identity of an article's text, as stored in cache keys.
public enum ArticleHash {
  /// The lowercase hexadecimal SHA-256 of `text`'s UTF-8 bytes, leading and trailing white
  /// space (Unicode `White_Space`, newlines included) left out.
  ///
  /// Pass the text as `TextDecoder.decode` returns it (NFC, LF line ends): this function
  /// does not normalise, so the same article in NFD or with CRLF line ends hashes differently.
  public static func of(_ text: String) -> String {
    let scalars = text.unicodeScalars
    let start = scalars.firstIndex { !$0.properties.isWhitespace } ?? scalars.endIndex
    let end = scalars[start...].lastIndex { !$0.properties.isWhitespace }.map { scalars.index(after: $0) } ?? start
    return SHA256.hex(SHA256.digest(text.utf8[start..<end]))
  }
}

/// The key a cached result is stored under.
///
/// It covers the article, the command, every option that shapes the output and the version
/// of the embedded data, so a changed option or model never returns a stale result. For
/// example:
///
/// ```swift
/// let key = CacheKey(
///   articleHash: ArticleHash.of(text), command: "summarize",
///   parameters: [("format", "json"), ("length", "3")], dataVersion: "2025.06")
/// ```
public struct CacheKey: Sendable, Hashable {
  /// The article's hash (``ArticleHash/of(_:)``).
  public let articleHash: String
  /// The command whose output is cached, such as `summarize`.
  public let command: String
  /// The options as `name=value` lines sorted by name then value (for display).
  public let parameters: String
  /// The version of the embedded models and lexicons.
  public let dataVersion: String
  /// SHA-256 of all four fields, 32 bytes: what the store files the value under.
  public let digest: [UInt8]

  /// Makes the key of `command` run on an article with `parameters` and data `dataVersion`.
  ///
  /// The order of `parameters` does not matter. Fields are length-prefixed before hashing,
  /// so no choice of names or values can make two different keys collide.
  public init(articleHash: String, command: String, parameters: [(String, String)], dataVersion: String) {
    let sorted = parameters.sorted {
      $0.0 != $1.0 ? $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) : $0.1.utf8.lexicographicallyPrecedes($1.1.utf8)
    }
    var bytes = Array("precis-cache-key-1".utf8)
    func append(_ field: String) {
      withUnsafeBytes(of: UInt64(field.utf8.count).littleEndian) { bytes += $0 }
      bytes += field.utf8
    }
    append(articleHash)
    append(command)
    append(dataVersion)
    append(String(sorted.count))
    for (name, value) in sorted {
      append(name)
      append(value)
    }
    self.articleHash = articleHash
    self.command = command
    self.parameters = sorted.map { "\($0.0)=\($0.1)" }.joined(separator: "\n")
    self.dataVersion = dataVersion
    self.digest = SHA256.digest(bytes)
  }

  /// The digest in lowercase hexadecimal.
  public var hexDigest: String { SHA256.hex(digest) }

  /// Two keys are equal when their digests are.
  public static func == (lhs: CacheKey, rhs: CacheKey) -> Bool { lhs.digest == rhs.digest }

  /// Hashes the digest.
  public func hash(into hasher: inout Hasher) { hasher.combine(digest) }
}
