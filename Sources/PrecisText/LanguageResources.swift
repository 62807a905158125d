/// The French language data Precis needs to segment and clean text, loaded once per process
/// from the files under `lexicons/fr/` (see `lexicons/README.md`).
///
/// Everything a linguist might edit lives in those files, not in code. Loading validates
/// every file up front, so a missing or malformed file fails at start-up with its name
/// and line, never halfway through a batch.
///
/// For example:
/// ```swift
/// let french = try LanguageResources.french()
/// french.stopWords.contains("le")   // true
/// ```
public struct LanguageResources: Sendable {
  /// Abbreviations after which a period never ends a sentence ("M.", "janv.", "J.-C.").
  public let abbreviations: Set<String>
  /// Abbreviations that end a sentence only when a capitalised word follows ("etc.").
  public let ambiguousAbbreviations: Set<String>
  /// Elided prefixes, lower-case with a straight apostrophe ("l'", "qu'", "jusqu'").
  public let elisions: Set<String>
  /// Lower-case stop words, excluded from key terms and similarity.
  public let stopWords: Set<String>
  /// Pronouns that attach to a verb with a hyphen ("dit-il", "a-t-elle"): such a hyphen
  /// separates two tokens instead of forming one compound word.
  public let clitics: Set<String>
  /// Patterns of text that is not part of the article (credits, prompts, script remnants).
  public let boilerplate: [BoilerplateRule]
  /// The `contains` rules of `boilerplate`, indexed for one-pass matching.
  public let containsMatcher: RuleIndex
  /// The `prefix` and `line` rules of `boilerplate`, by first unit (both can only match a
  /// sentence that starts with their pattern's first unit).
  public let leadMatcher: RuleIndex
  /// The `fragment` and the `caption` rules of `boilerplate` (filtered once, not per line).
  public let fragmentRules: [BoilerplateRule], captionRules: [BoilerplateRule]
  /// `stopWords` and `clitics` keyed by bytes, for the tokenizer's per-word tests (`String`
  /// hashing normalises accented words on every call).
  let stopWordKeys: ByteKeySet
  let cliticKeys: ByteKeySet
  /// `abbreviations` and `ambiguousAbbreviations` as byte-key sets: the sentence splitter
  /// asks them at every period, and `Set<String>` hashed each word with the seeded hasher.
  let abbreviationKeys: ByteKeySet
  let ambiguousAbbreviationKeys: ByteKeySet

  /// Creates resources from explicit values (for tests and other languages).
  public init(
    abbreviations: Set<String>, ambiguousAbbreviations: Set<String> = [], elisions: Set<String>,
    stopWords: Set<String>, clitics: Set<String> = [], boilerplate: [BoilerplateRule] = []
  ) {
    self.abbreviations = abbreviations
    self.ambiguousAbbreviations = ambiguousAbbreviations
    self.elisions = elisions
    self.stopWords = stopWords
    self.clitics = clitics
    self.boilerplate = boilerplate
    self.containsMatcher = RuleIndex(boilerplate)
    self.leadMatcher = RuleIndex(boilerplate, kinds: [.prefix, .line])
    fragmentRules = boilerplate.filter { $0.kind == .fragment }
    captionRules = boilerplate.filter { $0.kind == .caption }
    stopWordKeys = ByteKeySet(stopWords)
    cliticKeys = ByteKeySet(clitics)
    // In NFC, as the text they are compared with: `Set<String>` matched canonically
    // equivalent spellings, and these compare bytes.
    func nfc(_ words: Set<String>) -> [String] {
      words.map { word in word.utf8.allSatisfy { $0 < 0x80 } ? word : TextNormalizer.normalize(word) }
    }
    abbreviationKeys = ByteKeySet(nfc(abbreviations))
    ambiguousAbbreviationKeys = ByteKeySet(nfc(ambiguousAbbreviations))
  }

  /// The French resources, loaded on first use and shared by every thread afterwards.
  ///
  /// - Throws: `TextError.missingData` or `.badData` naming the file at fault.
  public static func french() throws(TextError) -> LanguageResources {
    try frenchResources.get()
  }

  /// Loads the French resources from `DataFile`s (embedded, or from `PRECIS_DATA`).
  public static func loadFrench() throws(TextError) -> LanguageResources {
    let abbreviationFile = try DataFile.load("lexicons/fr/abbreviations.txt")
    var always = Set<String>()
    var ambiguous = Set<String>()
    var section = "always"
    for (number, line) in abbreviationFile.lines() {
      if line.hasPrefix("[") && line.hasSuffix("]") {
        section = String(line.dropFirst().dropLast())
        guard section == "always" || section == "ambiguous" else {
          throw .badData(path: abbreviationFile.path, line: number, problem: "unknown section [\(section)]; expected [always] or [ambiguous]")
        }
        continue
      }
      let entry = String(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? line)
      guard entry.hasSuffix(".") else {
        throw .badData(path: abbreviationFile.path, line: number, problem: "abbreviation \"\(entry)\" must end with a period")
      }
      if section == "always" { always.insert(entry) } else { ambiguous.insert(entry) }
    }
    return LanguageResources(
      abbreviations: always,
      ambiguousAbbreviations: ambiguous,
      elisions: Set(try wordList("lexicons/fr/elisions.txt").map { $0.replacingApostrophes() }),
      stopWords: Set(try wordList("lexicons/fr/stopwords.txt").map { $0.replacingApostrophes() }),
      clitics: Set(try wordList("lexicons/fr/clitics.txt")),
      boilerplate: try BoilerplateRule.load("lexicons/fr/boilerplate.txt")
    )
  }

  /// Reads a file of one lower-case entry a line.
  private static func wordList(_ path: String) throws(TextError) -> [String] {
    let file = try DataFile.load(path)
    return file.lines().map { line in
      // The first field, lower-cased; most words are already, so the case mapping (and a
      // split on characters) would run for nothing at every start.
      let text = line.text
      let field = String(text.utf8.firstIndex(of: 9).map { text[..<$0] } ?? text)
      return field.unicodeScalars.contains { $0.properties.changesWhenLowercased } ? field.lowercased() : field
    }
  }
}

private let frenchResources = Result { () throws(TextError) -> LanguageResources in
  try LanguageResources.loadFrench()
}

extension String {
  /// The string with typographic apostrophes (’ ʼ ‘) replaced by a straight one.
  public func replacingApostrophes() -> String {
    guard unicodeScalars.contains(where: { $0.value < 0x10000 && CodeUnit.isCurlyApostrophe(UInt16($0.value)) }) else { return self }
    return String(String.UnicodeScalarView(unicodeScalars.map { $0.value < 0x10000 && CodeUnit.isCurlyApostrophe(UInt16($0.value)) ? "'" : $0 }))
  }
}
