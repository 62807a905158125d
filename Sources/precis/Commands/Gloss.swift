import ArgumentParser
import PrecisGloss
import PrecisText

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

  /// The glossarist with the user lexicon, if any.
  func glossarist() throws(InputFailure) -> Glossarist {
    var path = lexicon
    var env: [String: String] = [:]
    for key in ["XDG_CONFIG_HOME", "HOME"] { if let v = getenv(key) { env[key] = String(cString: v) } }
    if path == nil, let fallback = UserLexicon.defaultPath(environment: env), access(fallback, R_OK) == 0 { path = fallback }
    do {
      let user = try path.map { path throws(TextError) in try UserLexicon(path: path) }
      return try Glossarist.french(user: user)
    } catch {
      throw InputFailure(file: path ?? "precis", error)
    }
  }
}

extension Precis {
  /// `precis gloss`: the article's key French terms with English glosses.
  struct Gloss: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List an article's key French terms with English glosses.",
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

    @Argument(help: "The article file; '-' or nothing reads standard input.")
    var file: String = "-"

    @Option(name: .long, help: ArgumentHelp("Number of terms.", valueName: "n"))
    var top: Int = 15

    @Flag(name: .long, help: "Every term, not just the top ones.")
    var all = false

    @Option(name: .long, help: "Output format: table (aligned columns), json, tsv (term, gloss, example: Anki-ready), csv.")
    var format: GlossFormat = .table

    @OptionGroup var lexiconOptions: LexiconOptions

    func validate() throws {
      if top < 1 { throw ValidationError("--top must be at least 1.") }
    }

    func run() throws {
      do throws(InputFailure) {
        let glossarist = try lexiconOptions.glossarist()
        let (_, document) = try InputReader.document(file)
        let terms = glossarist.glossary(for: document, top: all ? nil : top)
        Console.out(GlossRenderer.render(terms, format: format, file: InputReader.displayName(file)))
      } catch {
        throw Console.report(error)
      }
    }
  }

  /// `precis analyze`: every token with its lemma, kind and first gloss.
  struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print every token with its lemma, kind and first English gloss.",
      discussion: """
        One token a line, form<TAB>lemma<TAB>kind<TAB>gloss, with a blank line between \
        sentences: a reading aid, and the hook for measuring the lemmatiser.

        Examples:
          precis analyze examples/alibaba-cebit.txt
          echo "Les entreprises ont été aidées." | precis analyze
        """
    )

    @Argument(help: "The article file; '-' or nothing reads standard input.")
    var file: String = "-"

    @Option(name: .long, help: "Output format (tsv).")
    var format: AnalyzeFormat = .tsv

    @Flag(name: .long, help: "Keep every line, including credits and teasers.")
    var noClean = false

    @OptionGroup var lexiconOptions: LexiconOptions

    enum AnalyzeFormat: String, CaseIterable, ExpressibleByArgument { case tsv }

    func run() throws {
      do throws(InputFailure) {
        let glossarist = try lexiconOptions.glossarist()
        let (_, document) = try InputReader.document(file, options: DocumentOptions(clean: !noClean), requireSentences: false)
        let sentences = glossarist.analyze(document).map { tokens in
          tokens.map { "\($0.form)\t\($0.lemma)\t\($0.kind)\t\($0.gloss ?? "")\n" }.joined()
        }
        Console.out(sentences.joined(separator: "\n"))
      } catch {
        throw Console.report(error)
      }
    }
  }
}

/// Renders glossaries.
enum GlossRenderer {
  static func render(_ terms: [GlossTerm], format: GlossFormat, file: String) -> String {
    switch format {
    case .json:
      return JSONValue.object([("file", .string(file)), ("terms", json(terms))]).serialized(indent: 2) + "\n"
    case .tsv:
      return terms.map { [$0.term, $0.english.joined(separator: ", "), $0.example].map(tsvField).joined(separator: "\t") + "\n" }.joined()
    case .csv:
      let header = "term,english,kind,count,forms,example\n"
      return header + terms.map { t in
        [t.term, t.english.joined(separator: "; "), t.kind, String(t.count), t.forms.joined(separator: "; "), t.example]
          .map(csvField).joined(separator: ",") + "\n"
      }.joined()
    case .table:
      let rows = [["term", "english", "kind", "count"]] + terms.map { [$0.term, $0.english.prefix(3).joined(separator: ", "), $0.kind, String($0.count)] }
      let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
      return rows.map { row in
        row.enumerated().map { column, cell in
          column == 3 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
        }.joined(separator: "  ") + "\n"
      }.joined()
    }
  }

  /// The JSON contract: `terms` is an array of {term, forms, english, count, kind}.
  static func json(_ terms: [GlossTerm]) -> JSONValue {
    .array(terms.map { t in
      .object([
        ("term", .string(t.term)), ("forms", .array(t.forms.map { .string($0) })),
        ("english", .array(t.english.map { .string($0) })), ("count", .integer(t.count)), ("kind", .string(t.kind)),
      ])
    })
  }

  static func tsvField(_ s: String) -> String {
    s.replacingTabsAndNewlines()
  }

  static func csvField(_ s: String) -> String {
    guard s.contains(",") || s.contains("\"") || s.contains("\n") else { return s }
    return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
  }
}

extension String {
  /// The string with tabs and line breaks turned into spaces (for TSV cells).
  func replacingTabsAndNewlines() -> String {
    String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 }))
  }
}
