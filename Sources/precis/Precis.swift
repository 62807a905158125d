import ArgumentParser
import PrecisText

/// The `precis` command: extractive summaries of French news articles.
@main
struct Precis: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "precis",
    abstract: "Summarise French news articles and gloss their key terms in English.",
    discussion: """
      Examples:
        precis summarize examples/alibaba-cebit.txt
        precis summarize --format json --sentences 2 article.txt
        precis summarize a.txt b.txt c.txt
        cat article.txt | precis summarize --explain
        precis gloss examples/alibaba-cebit.txt
        precis analyze article.txt
        precis batch examples/ --out digest/
        precis cache stats
        precis sentences article.txt
        precis eval --docs valid/docs --gold valid/gold --sentences 2

      Exit status:
        0   success
        1   some inputs failed, others succeeded (several files, batch, eval)
        64  usage error
        65  input is not text (binary, undecodable, too large)
        66  input cannot be read (missing, permission, directory)
        67  input has no words, or no sentence left after cleaning
        70  a data file is missing or malformed (built-in, or --lexicon)
        74  output error
        130 interrupted (batch: finished outputs kept; run again to resume)
      """,
    version: PrecisVersion.string,
    subcommands: [Summarize.self, Gloss.self, Analyze.self, Batch.self, Cache.self, Sentences.self, Eval.self]
  )

  /// Starts loading the language data beside the parsing of the arguments (see `Preload`),
  /// then runs the command.
  static func main() {
    let arguments = FileName.commandLineArguments
    Preload.start(arguments: arguments)
    // Not `CommandLine.arguments`: it loses the bytes of names that are not UTF-8.
    let given = Array(arguments.dropFirst())
    var command: ParsableCommand
    do {
      command = try parseAsRoot(given)
    } catch {
      // Help and --version are "errors" with status 0: printed by ArgumentParser on stdout.
      // A status a check chose itself (an `ExitCode`) is kept.
      if exitCode(for: error) == .success || error is ExitCode { exit(withError: error) }
      Console.err(Usage.line(for: error, arguments: given))
      exit(withError: ExitCode(ExitStatus.usage))
    }
    do {
      try command.run()
    } catch {
      exit(withError: error)
    }
  }
}
