import ArgumentParser
import PrecisSummarize
import PrecisText

extension Algorithm: ExpressibleByArgument {}
extension SentenceSplitter: ExpressibleByArgument {}

/// Output formats of `summarize`.
enum SummaryFormat: String, CaseIterable, ExpressibleByArgument {
  case text, json, markdown
}

/// Options that set the length of a summary; shared by `summarize` and `eval`.
struct LengthOptions: ParsableArguments {
  /// Number of sentences (the default when no other length is given).
  @Option(name: .long, help: ArgumentHelp("Number of sentences in the summary.", valueName: "n"))
  var sentences: Int?

  /// Share of the article's sentences.
  @Option(name: .long, help: ArgumentHelp("Share of the article's sentences, 0 < r <= 1 (e.g. 0.2).", valueName: "r"))
  var ratio: Double?

  /// Word budget.
  @Option(name: .long, help: ArgumentHelp("At most this many words (at least one sentence).", valueName: "n"))
  var words: Int?

  /// Scoring algorithm.
  @Option(name: .long, help: "Sentence scorer.")
  var algorithm: Algorithm = .learned

  func validate() throws {
    let given = [sentences != nil, ratio != nil, words != nil].filter { $0 }.count
    if given > 1 { throw ValidationError("Give only one of --sentences, --ratio and --words.") }
    if let n = sentences, n < 1 { throw ValidationError("--sentences must be a positive number (got \(n))") }
    if let r = ratio, !(r > 0 && r <= 1) { throw ValidationError("--ratio must be greater than 0 and at most 1 (got \(r))") }
    if let n = words, n < 1 { throw ValidationError("--words must be a positive number (got \(n))") }
  }

  /// The summary length these options ask for.
  var length: SummaryLength {
    if let r = ratio { return .ratio(r) }
    if let n = words { return .words(n) }
    return .sentences(sentences ?? 3)
  }

  var summarizer: Summarizer { Summarizer(algorithm: algorithm, length: length) }
}
