import PrecisText

/// Entries a user adds to or overrides in the built-in lexicon, from a TSV file:
///
/// ```text
/// # comment
/// headword<TAB>english                       # any part of speech
/// headword<TAB>pos<TAB>gloss1|gloss2         # pos: noun verb adjective adverb phrase name other
/// ```
///
/// Headwords are matched lower-cased, with straight apostrophes and single spaces. A line
/// without a part of speech applies to every one, names included. The file is UTF-8 (a BOM
/// is allowed), at most `maximumSize` bytes, without control characters other than tabs.
public struct UserLexicon: Sendable {
  /// Entries by headword.
  public let entries: [String: [LexiconEntry]]

  /// Parts of speech a user entry may name.
  public static let partsOfSpeech: Set<String> = ["noun", "verb", "adjective", "adverb", "phrase", "name", "other"]

  /// The largest user lexicon read, in bytes (16 MiB): eight times the whole built-in
  /// lexicon, so any real list fits, and a wrong file (`/dev/zero`, a video) fails at once.
  public static let maximumSize = 16 << 20

  /// Parses the user lexicon at `path` (a `FileName` string).
  ///
  /// - Throws: `TextError.badData` naming the first bad line, or with line 0 what is wrong
  ///   with the whole file (unreadable, too large, not UTF-8 text).
  public init(path: String) throws(TextError) {
    try self.init(bytes: try Self.read(path), path: path)
  }

  /// The bytes of the user lexicon at `path`, read once (callers hash the bytes they parse,
  /// so that a file changed in between, or a FIFO, cannot give two different lexicons).
  public static func read(_ path: String) throws(TextError) -> [UInt8] {
    do {
      return try FileBytes.read(path, limit: maximumSize)
    } catch {
      if case .tooLarge = error { throw .badData(path: path, line: 0, problem: "\(error)") }
      throw .badData(path: path, line: 0, problem: "cannot read: \(error)")
    }
  }

  /// Parses the bytes of a user lexicon; `path` names it in errors.
  public init(bytes: [UInt8], path: String) throws(TextError) {
    func fail(_ problem: String) -> TextError { .badData(path: path, line: 0, problem: problem) }
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
      throw fail("UTF-16 text; save the lexicon as UTF-8")
    }
    let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
    if let nul = body.firstIndex(of: 0) { throw fail("not a text file (NUL byte at offset \(nul))") }
    guard let text = String(validating: body, as: UTF8.self) else {
      throw fail("not UTF-8 text (invalid byte at offset \(TextDecoder.firstInvalidUTF8Offset(body) ?? 0))")
    }
    try self.init(text: text, path: path)
  }

  /// Parses user lexicon `text`; `path` names it in errors.
  public init(text: String, path: String) throws(TextError) {
    var entries: [String: [LexiconEntry]] = [:]
    var number = 0
    // Split on scalars: as Characters, a CRLF line end is one grapheme, not "\n".
    for raw in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
      number += 1
      let line = Substring(raw).trimmingWhitespace()
      if line.isEmpty || line.hasPrefix("#") { continue }
      // Glosses are printed as they are: an escape sequence would reach the terminal and
      // a NUL the TSV output.
      if let control = line.unicodeScalars.first(where: { $0 != "\t" && $0.properties.generalCategory == .control }) {
        throw .badData(path: path, line: number, problem: "control character U+\(String(control.value, radix: 16, uppercase: true).leftPadded(to: 4))")
      }
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
      let headword = Self.normalizeHeadword(String(fields[0]))
      guard !headword.isEmpty else { throw .badData(path: path, line: number, problem: "empty headword") }
      let pos: String
      let glossField: Substring
      switch fields.count {
      case 2:
        pos = "any"
        glossField = fields[1]
      case 3:
        pos = String(fields[1]).lowercased()
        guard Self.partsOfSpeech.contains(pos) else {
          throw .badData(path: path, line: number, problem: "unknown part of speech \"\(fields[1])\"; expected one of \(Self.partsOfSpeech.sorted().joined(separator: ", "))")
        }
        glossField = fields[2]
      default:
        throw .badData(path: path, line: number, problem: "expected 2 or 3 tab-separated fields (headword, [pos,] glosses), found \(fields.count)")
      }
      let glosses = glossField.split(separator: "|").map { String($0.trimmingWhitespace()) }.filter { !$0.isEmpty }
      guard !glosses.isEmpty else { throw .badData(path: path, line: number, problem: "no English gloss") }
      entries[headword, default: []].append(LexiconEntry(pos: pos, glosses: glosses))
    }
    self.entries = entries
  }

  /// Lower-case, straight apostrophes, single spaces.
  public static func normalizeHeadword(_ text: String) -> String {
    TextNormalizer.lowercase(text).replacingApostrophes().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
  }

  /// The default user lexicon path: `$XDG_CONFIG_HOME/precis/lexicon.tsv`, or
  /// `~/.config/precis/lexicon.tsv`.
  public static func defaultPath(environment: [String: String]) -> String? {
    if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty { return config + "/precis/lexicon.tsv" }
    if let home = environment["HOME"], !home.isEmpty { return home + "/.config/precis/lexicon.tsv" }
    return nil
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    String(repeating: "0", count: max(0, width - count)) + self
  }
}
