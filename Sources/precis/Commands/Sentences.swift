import ArgumentParser
import PrecisText

extension Precis {
  /// `precis sentences`: the article split into sentences, one a line.
  struct Sentences: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "sentences", abstract: "Print an article's sentences, one a line.",
      discussion: """
        Line breaks are paragraph ends. By default boilerplate (credits, teasers, script \
        remnants) is left out; --no-clean keeps every line.

        Examples:
          precis sentences examples/alibaba-cebit.txt
          precis sentences --splitter icu --no-clean article.txt
        """
    )

    @Argument(help: "The article files; '-' or nothing reads standard input.")
    var files: [String] = []

    /// Which splitter (baselines for measurement).
    @Option(name: .long, help: "Sentence splitter: Precis's own, or plain ICU baselines.")
    var splitter: SentenceSplitter = .precis

    /// Keep boilerplate.
    @Flag(name: .long, help: "Keep every line, including credits, teasers and script remnants.")
    var noClean = false

    func run() throws {
      let options = DocumentOptions(splitter: splitter, clean: !noClean)
      try FileRun.each(files, json: false) { file throws(InputFailure) in
        let (_, document) = try InputReader.document(file, options: options)
        return FileOutput(text: document.sentences.map { $0.text + "\n" }.joined(), warnings: LanguageWarning.of(document))
      }
    }
  }
}
