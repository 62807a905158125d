import PrecisText

/// Entries a user adds to or overrides in the built-in lexicon, from a TSV file:
///
/// ```text
/// # comment
/// headword<TAB>english                       # any part of speech
/// headword<TAB>pos<TAB>gloss1|gloss2         # pos: noun verb adjective adverb phrase name other
/// ```
///
/// Headwords are matched lower-cased, with straight apostrophes and single spaces.
public struct UserLexicon: Sendable {
  /// Entries by headword.
  public let entries: [String: [LexiconEntry]]

  /// Parts of speech a user entry may name.
  public static let partsOfSpeech: Set<String> = ["noun", "verb", "adjective", "adverb", "phrase", "name", "other"]

  /// Parses the user lexicon at `path`.
  ///
  /// - Throws: `TextError.badData` with the line number of the first bad line, or
  ///   `.missingData` when the file cannot be read.
  public init(path: String) throws(TextError) {
    let bytes: [UInt8]
    do {
      bytes = try FileBytes.read(path)
    } catch {
      throw .badData(path: path, line: 0, problem: "cannot read: \(error)")
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw .badData(path: path, line: 0, problem: "not UTF-8 text")
    }
    try self.init(text: text, path: path)
  }

  /// Parses user lexicon `text`; `path` names it in errors.
  public init(text: String, path: String) throws(TextError) {
    var entries: [String: [LexiconEntry]] = [:]
    var number = 0
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      number += 1
      let line = raw.trimmingWhitespace()
      if line.isEmpty || line.hasPrefix("#") { continue }
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
