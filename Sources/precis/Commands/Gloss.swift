import ArgumentParser
import PrecisCache
import PrecisGloss
import PrecisText
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Output formats of `gloss`.
enum GlossFormat: String, CaseIterable, ExpressibleByArgument {
  case table, json, tsv, csv
}

/// The user lexicon options shared by `gloss`, `analyze` and `summarize --gloss`.
struct LexiconOptions: ParsableArguments {
  /// A user lexicon.
  @Option(name: .long, help: ArgumentHelp(
    "A TSV of your own entries (headword<TAB>english, or headword<TAB>pos<TAB>gloss1|gloss2); default: $XDG_CONFIG_HOME/precis/lexicon.tsv if present.",
    valueName: "file"))
  var lexicon: String?

  /// The user lexicon's path: --lexicon, else the default one if it exists.
  var path: String? {
    if let lexicon { return lexicon }
    guard let fallback = UserLexicon.defaultPath(environment: Environment.values(["XDG_CONFIG_HOME", "HOME"])),
      FileName.withCString(fallback, { access($0, R_OK) }) == 0
    else { return nil }
    return fallback
  }

  /// The glossarist with the user lexicon, if any.
  func glossarist() throws(InputFailure) -> Glossarist {
    try Self.glossarist(user: try userLexicon(), path: path)
  }

  /// The user lexicon, read and checked, or nil when there is none.
  func userLexicon() throws(InputFailure) -> UserLexicon? {
    let path = path
    do {
      return try path.map { path throws(TextError) in try UserLexicon(bytes: try Self.bytes(of: path), path: path) }
    } catch {
      throw path.map { InputFailure(dataFile: $0, error) } ?? InputFailure(file: "precis", error)
    }
  }

  /// The user lexicons this process read, by path. `identity()` hashes and `userLexicon()`
  /// parses the same bytes, read once: read twice, a file changed in between would give a
  /// cache key that describes another lexicon than the one used, and a FIFO would hang.
  private static let readFiles = Mutex<[String: Result<[UInt8], TextError>]>([:])

  /// The bytes of the user lexicon at `path`, read on the first call.
  static func bytes(of path: String) throws(TextError) -> [UInt8] {
    let result = readFiles.withLock { files in
      if let known = files[path] { return known }
      let read = Result { () throws(TextError) in try UserLexicon.read(path) }
      files[path] = read
      return read
    }
    return try result.get()
  }

  /// The glossarist over the built-in lexicon and `user` (read from `path`).
  static func glossarist(user: UserLexicon?, path: String?) throws(InputFailure) -> Glossarist {
    do {
      return try Glossarist.french(user: user)
    } catch {
      throw InputFailure(file: path.map(FileName.display) ?? "precis", error)
    }
  }

  /// What identifies the user lexicon in cache keys: the SHA-256 of its bytes, or "none".
  func identity() throws(InputFailure) -> String {
    guard let path else { return "none" }
    do {
      return SHA256.hex(SHA256.digest(try Self.bytes(of: path)))
    } catch {
      throw InputFailure(dataFile: path, error)
    }
  }
}

extension Precis {
  /// `precis gloss`: the article's key French terms with English glosses.
  struct Gloss: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "gloss", abstract: "List an article's key French terms with English glosses.",
      discussion: """
        Terms are lemmas (entreprises → entreprise), multi-word terms of the lexicon (chaîne \
        logistique), and names (Jack Ma, La Poste: kept as written, glossed only when the \
        lexicon knows them, as Chine → China), ranked by TF-IDF. Glosses come from an offline \
        French–English lexicon (Wiktionary, Apertium and a news supplement), likeliest first.

        Examples:
          precis gloss examples/alibaba-cebit.txt
          precis gloss --all --format tsv article.txt > cards.tsv   # for Anki
          precis gloss --format json --top 30 - < article.txt
          precis gloss --lexicon my-terms.tsv article.txt
        """
    )

    @Argument(help: "The article files; '-' or nothing reads standard input.")
    var files: [String] = []

    @Option(name: .long, help: ArgumentHelp("Number of terms (default: 15).", valueName: "n"))
    var top: Int?

    @Flag(name: .long, help: "Every term, not just the top ones.")
    var all = false

    @Option(name: .long, help: "Output format: table (aligned columns), json, tsv (term, gloss, example: Anki-ready), csv.")
    var format: GlossFormat = .table

    @OptionGroup var lexiconOptions: LexiconOptions

    func validate() throws {
      if let top, top < 1 { throw ValidationError("--top must be a positive number (got \(top))") }
      if all && top != nil { throw ValidationError("give --top or --all, not both") }
    }

    @OptionGroup var cacheOptions: CacheOptions

    func run() throws {
      try FileRun.each(files, json: format == .json) { file throws(InputFailure) in try gloss(file) }
    }

    /// One article's glossary, from the cache when it is there.
    func gloss(_ file: String) throws(InputFailure) -> FileOutput {
      let decoded = try InputReader.read(file)
      let name = InputReader.displayName(file)
      let hash = ArticleHash.of(decoded.text)
      let top = all ? nil : (self.top ?? 15)
      let parameters = [
        ("format", format.rawValue), ("top", top.map { String($0) } ?? "all"), ("lexicon", try lexiconOptions.identity()),
        CachedWarnings.wrapVersion,
      ]
      let cached = CachedRun(cacheOptions, command: "gloss", hash: hash, parameters: parameters)
      let body = CachedWarnings.unwrap(try cached.output { () throws(InputFailure) -> String in
        let glossarist = try lexiconOptions.glossarist()
        let document = try InputReader.document(decoded, name: name)
        // Terms of another language would be listed as French ones with invented glosses.
        let warnings = LanguageWarning.of(document, "no terms listed")
        let text = GlossRenderer.render(warnings.isEmpty ? glossarist.glossary(for: document, top: top) : [], format: format)
        return CachedWarnings.wrap(FileOutput(text: text, warnings: warnings))
      })
      cached.finish()
      return FileOutput(
        text: format == .json ? JSONValue.prepending(
          [("file", .string(name)), ("hash", .string(hash))] + LanguageWarning.field(decoded.warnings + body.warnings), to: body.text,
          indent: 2) + "\n" : body.text,
        warnings: body.warnings)
    }
  }

  /// `precis analyze`: every token with its lemma, kind and first gloss.
  struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "analyze", abstract: "Print every token with its lemma, kind and first English gloss.",
      discussion: """
        One token a line, form<TAB>lemma<TAB>kind<TAB>gloss, with a blank line between \
        sentences: a reading aid, and the hook for measuring the lemmatiser.

        Examples:
          precis analyze examples/alibaba-cebit.txt
          echo "Les entreprises ont été aidées." | precis analyze
        """
    )

    @Argument(help: "The article files; '-' or nothing reads standard input.")
    var files: [String] = []

    @Option(name: .long, help: "Output format (tsv).")
    var format: AnalyzeFormat = .tsv

    @Flag(name: .long, help: "Keep every line, including credits and teasers.")
    var noClean = false

    @OptionGroup var lexiconOptions: LexiconOptions

    enum AnalyzeFormat: String, CaseIterable, ExpressibleByArgument { case tsv }

    @OptionGroup var cacheOptions: CacheOptions

    func run() throws {
      try FileRun.each(files, json: false) { file throws(InputFailure) in try analyze(file) }
    }

    /// One article's tokens, from the cache when it is there.
    func analyze(_ file: String) throws(InputFailure) -> FileOutput {
      let decoded = try InputReader.read(file)
      let parameters = [
        ("format", format.rawValue), ("clean", String(!noClean)), ("lexicon", try lexiconOptions.identity()), CachedWarnings.wrapVersion,
      ]
      let cached = CachedRun(cacheOptions, command: "analyze", hash: ArticleHash.of(decoded.text), parameters: parameters)
      let output = try cached.output { () throws(InputFailure) -> String in
        let glossarist = try lexiconOptions.glossarist()
        let document = try InputReader.document(decoded, name: InputReader.displayName(file), options: DocumentOptions(clean: !noClean))
        let sentences = glossarist.analyze(document).map { tokens in
          tokens.map { "\($0.form)\t\($0.lemma)\t\($0.kind.rawValue)\t\($0.gloss ?? "")\n" }.joined()
        }
        return CachedWarnings.wrap(FileOutput(text: sentences.joined(separator: "\n"), warnings: LanguageWarning.of(document)))
      }
      cached.finish()
      return CachedWarnings.unwrap(output)
    }
  }
}

/// Renders glossaries.
enum GlossRenderer {
  /// The output; in JSON without "file" and "hash" (the caller puts them first).
  static func render(_ terms: [GlossTerm], format: GlossFormat) -> String {
    switch format {
    case .json:
      return JSONValue.object([("terms", GlossTerm.json(terms))]).serialized(indent: 2)
    case .tsv:
      return terms.map { [$0.term, $0.english.joined(separator: ", "), $0.example].map(tsvField).joined(separator: "\t") + "\n" }.joined()
    case .csv:
      let header = "term,english,kind,count,forms,example\n"
      return header + terms.map { t in
        [t.term, t.english.joined(separator: "; "), t.kind.rawValue, String(t.count), t.forms.joined(separator: "; "), t.example]
          .map(csvField).joined(separator: ",") + "\n"
      }.joined()
    case .table:
      let rows = [["term", "english", "kind", "count"]] + terms.map { [$0.term, $0.english.prefix(3).joined(separator: ", "), $0.kind.rawValue, String($0.count)] }
      let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
      return rows.map { row in
        row.enumerated().map { column, cell in
          column == 3 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
        }.joined(separator: "  ") + "\n"
      }.joined()
    }
  }

  static func tsvField(_ s: String) -> String {
    s.replacingTabsAndNewlines().removingControlCharacters()
  }

  static func csvField(_ s: String) -> String {
    let s = s.removingControlCharacters(keeping: ["\t", "\n", "\r"])
    guard s.contains(",") || s.contains("\"") || s.contains("\n") else { return s }
    return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
  }
}

extension String {
  /// The string with tabs and line breaks turned into spaces (for TSV cells).
  func replacingTabsAndNewlines() -> String {
    String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 }))
  }

  /// The string without control characters (NUL, ESC, …), which a spreadsheet or a
  /// terminal showing a TSV or CSV cell would act on or choke on.
  func removingControlCharacters(keeping kept: Set<Unicode.Scalar> = []) -> String {
    func isRemoved(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.generalCategory == .control && !kept.contains(scalar) }
    guard unicodeScalars.contains(where: isRemoved) else { return self }
    return String(String.UnicodeScalarView(unicodeScalars.filter { !isRemoved($0) }))
  }
}
