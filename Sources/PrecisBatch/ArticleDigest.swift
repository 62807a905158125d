import PrecisCache
import PrecisGloss
import PrecisSummarize
import PrecisText

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// What batch mode makes of one article: its summary and glossary as JSON (the objects
/// `precis summarize --format json` and `precis gloss --format json` print) and a section
/// of the Markdown digest. Built once, then kept in the cache; the parts that depend on the
/// file rather than on its text (its path, its encoding) are added when written out.
public struct ArticleDigest: Sendable, Equatable {
  /// SHA-256 of the article's normalised text.
  public let hash: String
  /// The summary object without its `file`, `encoding` and `hash` fields (compact JSON).
  public let summaryBody: String
  /// The glossary object without its `file` field (compact JSON).
  public let glossaryBody: String
  /// The article's first line, as its title.
  public let title: String
  /// The digest section: summary sentences, then the top glosses (Markdown).
  public let markdown: String
  /// A warning about the content (e.g. it does not look French), or "".
  public let warning: String

  /// The article's output object: `source`, `hash`, `summary`, `glossary`.
  ///
  /// Written into one buffer of bytes: splicing strings (`JSONValue.prepending` at each
  /// level) would copy both bodies three times.
  public func json(source: String, encoding: String) -> String {
    String(decoding: jsonBytes(source: source, encoding: encoding), as: UTF8.self)
  }

  /// `json(source:encoding:)` as UTF-8 bytes, followed by `terminator` (a batch writes
  /// them to a file as they are: making a string of them and its bytes again validated and
  /// copied each output).
  func jsonBytes(source: String, encoding: String, terminator: UInt8? = nil) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(summaryBody.utf8.count + glossaryBody.utf8.count + 3 * source.utf8.count + 256)
    var head = JSONValue.object([("source", .string(source)), ("hash", .string(hash))]).serialized()
    head.withUTF8 { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0.dropLast())) }
    out.append(contentsOf: #","summary":"#.utf8)
    JSONValue.appendPrepending([("file", .string(source)), ("encoding", .string(encoding)), ("hash", .string(hash))], to: summaryBody, into: &out)
    out.append(contentsOf: #","glossary":"#.utf8)
    JSONValue.appendPrepending([("file", .string(source))], to: glossaryBody, into: &out)
    out.append(UInt8(ascii: "}"))
    if let terminator { out.append(terminator) }
    return out
  }

  /// The digest section with its heading and source line.
  public func markdownSection(source: String) -> String {
    "## \(title)\n\n`\(source)`\n\n" + markdown
  }

  /// The cache value: the fields joined by NUL (JSON escapes NUL, text never holds one).
  var cacheValue: [UInt8] {
    // Appended as bytes: joining the strings first would copy them twice.
    let fields = [summaryBody, glossaryBody, title, markdown, warning]
    var value: [UInt8] = []
    value.reserveCapacity(fields.reduce(fields.count) { $0 + $1.utf8.count })
    for (k, field) in fields.enumerated() {
      if k > 0 { value.append(0) }
      value.append(contentsOf: field.utf8)
    }
    return value
  }

  init(hash: String, summaryBody: String, glossaryBody: String, title: String, markdown: String, warning: String) {
    self.hash = hash
    self.summaryBody = summaryBody
    self.glossaryBody = glossaryBody
    self.title = title
    self.markdown = markdown
    self.warning = warning
  }

  /// A digest read back from the cache, or nil if the value is not one.
  init?(hash: String, cacheValue: [UInt8]) {
    let parts = cacheValue.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    guard parts.count == 5 else { return nil }
    self.init(hash: hash, summaryBody: parts[0], glossaryBody: parts[1], title: parts[2], markdown: parts[3], warning: parts[4])
  }
}

/// Summarises and glosses articles, through the cache when there is one.
public struct ArticleDigester: Sendable {
  /// Makes the summaries.
  public let summarizer: Summarizer
  /// Makes the glossaries.
  public let glossarist: Glossarist
  /// Terms kept in each glossary.
  public let top: Int
  /// Where results are kept between runs (nil: no cache).
  public let cache: CacheStore?
  /// What, besides the text, shapes a digest: part of every cache key.
  public let keyParameters: [(String, String)]
  /// Version of the compiled-in models and lexicons (see `DataVersion`).
  public let dataVersion: String
  /// Recompute even when the cache has a result (and overwrite it).
  public var refresh = false
  /// The cache keys' options, encoded once.
  private let keyTemplate: CacheKey.Template

  /// Creates a digester. `keyParameters` must name everything that changes the output
  /// and is not the article (e.g. a user lexicon's hash); the length, the scorer and `top`
  /// are added here.
  public init(
    summarizer: Summarizer, glossarist: Glossarist, top: Int, cache: CacheStore?, keyParameters: [(String, String)],
    dataVersion: String
  ) {
    self.summarizer = summarizer
    self.glossarist = glossarist
    self.top = top
    self.cache = cache
    self.keyParameters = keyParameters + [
      ("length", summarizer.selection.length.description), ("algorithm", summarizer.algorithm.rawValue), ("top", String(top)),
    ]
    self.dataVersion = dataVersion
    keyTemplate = CacheKey.Template(command: "batch", parameters: self.keyParameters, dataVersion: dataVersion)
  }

  /// The digest of a decoded article and whether it came from the cache.
  ///
  /// - Throws: `TextError` when the text cannot be segmented or leaves no sentence
  ///   (`.empty`).
  public func digest(_ decoded: DecodedText) throws(TextError) -> (digest: ArticleDigest, cached: Bool) {
    let hash = ArticleHash.of(decoded.text)
    guard let cache else { return (try compute(decoded, hash: hash), false) }
    let key = keyTemplate.key(articleHash: hash)
    if !refresh, let value = cache.value(for: key), let digest = ArticleDigest(hash: hash, cacheValue: value) {
      return (digest, true)
    }
    let digest = try compute(decoded, hash: hash)
    cache.store(digest.cacheValue, for: key)
    return (digest, false)
  }

  /// Digests a two-sentence article and forgets it: the models, lexicons and tables load
  /// on first use (about 4 ms in all, measured with `precis batch` on one file against an
  /// empty folder), and a batch that calls this on another thread while it walks its
  /// folder and opens its cache has them ready when its workers start.
  public func warmUp() {
    _ = try? compute(DecodedText(text: "Le marché de Paris ouvre lundi. Les prix montent.", encoding: "UTF-8"), hash: "")
  }

  func compute(_ decoded: DecodedText, hash: String) throws(TextError) -> ArticleDigest {
    let document = try Document(decoded: decoded)
    guard !document.sentences.isEmpty else { throw .empty }
    let summary = try summarizer.summarize(document)
    let terms = glossarist.glossary(for: document, top: top)
    let summaryBody = JSONValue.object([("length", .string(summarizer.selection.length.description))] + summary.json()).serialized()
    let glossaryBody = JSONValue.object([("terms", GlossTerm.json(terms))]).serialized()
    var markdown = summary.sentences.map { "- \($0.text)\n" }.joined()
    // Terms whose gloss is the term itself (Paris → Paris) teach nothing.
    let glossed = terms.filter { term in term.english.contains { $0.lowercased() != term.term.lowercased() } }.prefix(8)
    if !glossed.isEmpty {
      markdown += "\n**Key terms:** " + glossed.map { "\($0.term) (\($0.english.prefix(2).joined(separator: ", ")))" }
        .joined(separator: " · ") + "\n"
    }
    let warning = LanguageCheck.looksFrench(document) ? "" : "does not look like French text (few French function words); processed anyway"
    return ArticleDigest(
      hash: hash, summaryBody: summaryBody, glossaryBody: glossaryBody, title: Self.title(of: decoded.text),
      markdown: markdown, warning: warning)
  }

  /// The first non-blank line, shortened to 120 characters.
  static func title(of text: String) -> String {
    // Line by line over the UTF-8 bytes: an article is often one long line, and splitting
    // or counting it by characters costs grapheme breaking over all of it.
    let utf8 = text.utf8
    var start = utf8.startIndex
    while start < utf8.endIndex {
      let end = lineEnd(utf8, from: start)
      let line = Substring(utf8[start..<end]).trimmingWhitespace()
      if !line.isEmpty {
        // Scalars below U+0300 and punctuation and currency signs (U+2000–U+20CF: ’ — « …
        // €) but the zero-width joiners are characters of their own (no combining mark or
        // joiner among them, and no CR LF in a line): counted without grapheme breaking.
        // The first 119 end at `cut`, copied whole rather than scalar by scalar (most
        // articles are one long line).
        let view = line.unicodeScalars
        var scalars = 0, index = view.startIndex, cut = view.endIndex
        var simple = true
        while index < view.endIndex {
          let v = view[index].value
          if v >= 0x300 && (v < 0x2000 || v > 0x20CF || v == 0x200C || v == 0x200D) {
            simple = false
            break
          }
          scalars += 1
          index = view.index(after: index)
          if scalars == 119 { cut = index }
          if scalars > 120 { break }
        }
        if simple {
          return scalars <= 120 ? String(line) : String(Substring(view[..<cut])) + "…"
        }
        // More than 120 characters: the first 119 and an ellipsis.
        guard let beyond = line.index(line.startIndex, offsetBy: 120, limitedBy: line.endIndex), beyond < line.endIndex
        else { return String(line) }
        return String(line.prefix(119)) + "…"
      }
      start = end < utf8.endIndex ? utf8.index(after: end) : end
    }
    return ""
  }
}

extension ArticleDigester {
  /// Where the line that starts at `start` ends: its LF, or the end. Searched with `memchr`
  /// on the string's bytes, many at a time (a generic `firstIndex(of:)` over the view goes
  /// byte by byte), and an article is often one line of a few kilobytes.
  static func lineEnd(_ utf8: String.UTF8View, from start: String.Index) -> String.Index {
    let offset = utf8.distance(from: utf8.startIndex, to: start)
    let found = utf8.withContiguousStorageIfAvailable { bytes -> Int? in
      guard let base = bytes.baseAddress, offset < bytes.count, let hit = memchr(base + offset, 10, bytes.count - offset) else {
        return nil
      }
      return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }
    switch found {
    case .some(.some(let k)): return utf8.index(utf8.startIndex, offsetBy: k)
    case .some(.none): return utf8.endIndex
    case .none: return utf8[start...].firstIndex(of: 10) ?? utf8.endIndex
    }
  }
}
