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
/// It covers the article, the command, every option that shapes the output, the version
/// of the embedded data and the build of Precis that computes it (``BuildIdentity``, added
/// here, so no caller can leave it out), so a changed option, model or program never returns
/// a stale result. For example:
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
  /// The build that computes the value (``BuildIdentity/current``).
  public let build: String
  /// SHA-256 of all five fields, 32 bytes: what the store files the value under.
  public let digest: [UInt8]

  /// Makes the key of `command` run on an article with `parameters` and data `dataVersion`.
  ///
  /// The order of `parameters` does not matter. Fields are length-prefixed before hashing,
  /// so no choice of names or values can make two different keys collide.
  public init(articleHash: String, command: String, parameters: [(String, String)], dataVersion: String) {
    self = Template(command: command, parameters: parameters, dataVersion: dataVersion).key(articleHash: articleHash)
  }

  /// The key as another build, identified by `build`, files it (for tests).
  @_spi(Testing)
  public init(articleHash: String, command: String, parameters: [(String, String)], dataVersion: String, build: String) {
    self = Template(command: command, parameters: parameters, dataVersion: dataVersion, build: build)
      .key(articleHash: articleHash)
  }

  private init(articleHash: String, template: Template, digest: [UInt8]) {
    self.articleHash = articleHash
    command = template.command
    parameters = template.parameters
    dataVersion = template.dataVersion
    build = template.build
    self.digest = digest
  }

  /// The keys of one command, options and data version, for any article: the options are
  /// sorted and encoded once (sorting and formatting them again for every article of a
  /// batch was 0.7% of a cold one, perf).
  ///
  /// ```swift
  /// let template = CacheKey.Template(command: "batch", parameters: [("top", "10")], dataVersion: "2025.06")
  /// template.key(articleHash: ArticleHash.of(text)) == CacheKey(
  ///   articleHash: ArticleHash.of(text), command: "batch", parameters: [("top", "10")], dataVersion: "2025.06")  // true
  /// ```
  public struct Template: Sendable {
    let command: String
    /// The options as `CacheKey.parameters` shows them.
    let parameters: String
    let dataVersion: String
    let build: String
    /// What the digest covers after the article's hash.
    let tail: [UInt8]

    /// The template of `command` with `parameters` (in any order) and data `dataVersion`.
    public init(command: String, parameters: [(String, String)], dataVersion: String) {
      self.init(command: command, parameters: parameters, dataVersion: dataVersion, build: BuildIdentity.current)
    }

    init(command: String, parameters: [(String, String)], dataVersion: String, build: String) {
      let sorted = parameters.sorted { $0.0 != $1.0 ? $0.0.utf8Precedes($1.0) : $0.1.utf8Precedes($1.1) }
      var tail: [UInt8] = []
      CacheKey.appendField(command, to: &tail)
      CacheKey.appendField(dataVersion, to: &tail)
      CacheKey.appendField(build, to: &tail)
      CacheKey.appendField(String(sorted.count), to: &tail)
      for (name, value) in sorted {
        CacheKey.appendField(name, to: &tail)
        CacheKey.appendField(value, to: &tail)
      }
      self.command = command
      self.parameters = sorted.map { "\($0.0)=\($0.1)" }.joined(separator: "\n")
      self.dataVersion = dataVersion
      self.build = build
      self.tail = tail
    }

    /// The key of the article whose hash is `articleHash`.
    public func key(articleHash: String) -> CacheKey {
      var bytes = CacheKey.magic
      bytes.reserveCapacity(bytes.count + 8 + articleHash.utf8.count + tail.count)
      CacheKey.appendField(articleHash, to: &bytes)
      bytes += tail
      return CacheKey(articleHash: articleHash, template: self, digest: SHA256.digest(bytes))
    }
  }

  /// What every key's digest starts with.
  static let magic = Array("precis-cache-key-2".utf8)

  /// Fields are length-prefixed before hashing, so no choice of names or values can make
  /// two different keys collide.
  static func appendField(_ field: String, to bytes: inout [UInt8]) {
    withUnsafeBytes(of: UInt64(field.utf8.count).littleEndian) { bytes += $0 }
    bytes += field.utf8
  }

  /// The digest in lowercase hexadecimal.
  public var hexDigest: String { SHA256.hex(digest) }

  /// Two keys are equal when their digests are.
  public static func == (lhs: CacheKey, rhs: CacheKey) -> Bool { lhs.digest == rhs.digest }

  /// Hashes the digest.
  public func hash(into hasher: inout Hasher) { hasher.combine(digest) }
}
