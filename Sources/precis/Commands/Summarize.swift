import ArgumentParser
import PrecisCache
import PrecisGloss
import PrecisSummarize
import PrecisText

extension Precis {
  /// `precis summarize`: the few sentences that carry an article's story.
  struct Summarize: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "summarize", abstract: "Print the sentences that carry an article's story.",
      discussion: """
        Reads a French article (UTF-8, or Windows-1252/ISO-8859-1/-15 detected), drops what \
        is not the article (photo credits, teasers of other articles, script remnants), scores \
        the sentences and prints the best ones in article order, one a line.

        Examples:
          precis summarize examples/alibaba-cebit.txt
          precis summarize --sentences 2 --format json article.txt
          precis summarize --words 60 --algorithm textrank - < article.txt
          precis summarize --explain article.txt
          precis summarize --gloss article.txt
        """
    )

    /// The articles; "-" or nothing reads standard input.
    @Argument(help: "The article files; '-' or nothing reads standard input.")
    var files: [String] = []

    @OptionGroup var lengthOptions: LengthOptions

    /// Output format.
    @Option(name: .long, help: "Output format.")
    var format: SummaryFormat = .text

    /// Add glosses of the key terms of the chosen sentences.
    @Flag(name: .long, help: "Add the English glosses of the key terms in the chosen sentences.")
    var gloss = false

    @OptionGroup var lexiconOptions: LexiconOptions

    /// Show scores and dropped text.
    @Flag(name: .long, help: "Also show every sentence's score and the text cleaning dropped, with reasons.")
    var explain = false

    @OptionGroup var cacheOptions: CacheOptions

    func run() throws {
      try FileRun.each(files, json: format == .json) { file throws(InputFailure) in try summarize(file) }
    }

    /// One article's summary, from the cache when it is there.
    func summarize(_ file: String) throws(InputFailure) -> FileOutput {
      let decoded = try InputReader.read(file)
      let name = InputReader.displayName(file)
      let hash = ArticleHash.of(decoded.text)
      var parameters = [
        ("format", format.rawValue), ("length", lengthOptions.length.description),
        ("algorithm", lengthOptions.algorithm.rawValue), ("explain", String(explain)), ("gloss", String(gloss)),
        CachedWarnings.wrapVersion,
      ]
      if gloss { parameters.append(("lexicon", try lexiconOptions.identity())) }
      let cached = CachedRun(cacheOptions, command: "summarize", hash: hash, parameters: parameters)
      let body = CachedWarnings.unwrap(try cached.output { () throws(InputFailure) -> String in
        let document = try InputReader.document(decoded, name: name)
        let summary: Summary
        do throws(TextError) {
          summary = try lengthOptions.summarizer.summarize(document, explain: explain)
        } catch {
          throw InputFailure(file: name, error)
        }
        let warnings = LanguageWarning.of(document, gloss ? "summarised anyway, no terms glossed" : "processed anyway")
        // Words of another language are not glossed as French terms (see `gloss`).
        let chosen = Set(summary.sentences.map(\.index))
        let terms = gloss ? (warnings.isEmpty ? try lexiconOptions.glossarist().glossary(for: document, top: 10, sentences: chosen) : []) : nil
        let text = SummaryRenderer.render(summary, format: format, explain: explain, length: lengthOptions.length, glossary: terms)
        return CachedWarnings.wrap(FileOutput(text: text, warnings: warnings))
      })
      cached.finish()
      // The file's name and encoding are not part of the cached output: equivalent texts share it.
      let fields: [(String, JSONValue)] =
        [("file", .string(name)), ("encoding", .string(decoded.encoding)), ("hash", .string(hash))]
        + LanguageWarning.field(decoded.warnings + body.warnings)
      return FileOutput(
        text: format == .json ? JSONValue.prepending(fields, to: body.text, indent: 2) + "\n" : body.text, warnings: body.warnings)
    }
  }
}

/// Renders summaries; only renderers format output.
enum SummaryRenderer {
  static func render(
    _ summary: Summary, format: SummaryFormat, explain: Bool, length: SummaryLength, glossary: [GlossTerm]? = nil
  ) -> String {
    switch format {
    case .json:
      // Without "file", "encoding" and "hash": the caller puts them first.
      var fields: [(String, JSONValue)] = [("length", .string(length.description))]
      fields += summary.json(explain: explain)
      if let glossary { fields.append(("glossary", .object([("terms", GlossTerm.json(glossary))]))) }
      return JSONValue.object(fields).serialized(indent: 2)
    case .text:
      var out = summary.sentences.map { $0.text + "\n" }.joined()
      if let glossary { out += "\n" + glossLines(glossary, bullet: "") }
      if explain { out += "\n" + explanation(summary, bullet: "") }
      return out
    case .markdown:
      var out = summary.sentences.map { "- " + $0.text + "\n" }.joined()
      if let glossary { out += "\n" + glossLines(glossary, bullet: "- ") }
      if explain { out += "\n" + explanation(summary, bullet: "- ") }
      return out
    }
  }

  /// "term — gloss, gloss" lines for `--gloss`.
  static func glossLines(_ terms: [GlossTerm], bullet: String) -> String {
    terms.map { "\(bullet)\($0.term) — \($0.english.isEmpty ? "(\($0.kind.rawValue))" : $0.english.prefix(3).joined(separator: ", "))\n" }.joined()
  }

  /// Every sentence with its score (chosen ones marked with *), then the dropped text.
  static func explanation(_ summary: Summary, bullet: String) -> String {
    let chosen = Set(summary.sentences.map(\.index))
    var out = "\(bullet)scores (\(summary.algorithm); * = chosen; then each sentence's features):\n"
    for sentence in summary.document.sentences {
      let mark = chosen.contains(sentence.index) ? "*" : " "
      let score = JSONValue.format(summary.scores[sentence.index])
      out += "\(bullet)\(mark) [\(sentence.index)] \(score)  \(sentence.text)\n"
      if let row = summary.features?[sentence.index] {
        let shown = zip(SentenceFeatures.names, row).map { "\($0)=\(JSONValue.format($1))" }.joined(separator: " ")
        out += "\(bullet)      \(shown)\n"
      }
    }
    out += "\(bullet)dropped (\(summary.document.dropped.count)):\n"
    for dropped in summary.document.dropped {
      out += "\(bullet)  \(dropped.text)  <- \(dropped.reason)\n"
    }
    return out
  }
}
