import Foundation
import PrecisTestSupport
import Testing

/// Inputs and command lines a user gets wrong: every command follows the same rules
/// (one line on stderr, a documented status), and several files run as `head` runs them.
@Suite("precis command line: wrong inputs and arguments")
struct AdversarialCLITests {
  static let fixtures = CLITests.fixtures
  static let example = CLITests.example
  static let commands = ["summarize", "gloss", "sentences", "analyze"]

  @Test("Punctuation-only input is status 67 with one line in every command, even without cleaning")
  func punctuationOnly() throws {
    let path = "\(Self.fixtures)/punctuation.txt"
    for arguments in Self.commands.map({ [$0, path] }) + [["sentences", "--no-clean", path], ["analyze", "--no-clean", path]] {
      let run = try TestSupport.runPrecis(arguments)
      #expect(run.status == 67, "\(arguments)")
      #expect(run.stdout.isEmpty, "\(arguments)")
      #expect(run.stderr == "precis: \(path): no words (the input is punctuation or symbols only)\n", "\(arguments)")
    }
  }

  @Test("Text that is not French is flagged by every command, on stderr and in JSON", arguments: ["english", "spanish", "german"])
  func notFrench(language: String) throws {
    let path = "\(Self.fixtures)/\(language).txt"
    let line = "precis: \(path): warning: does not look like French text (few French function words);"
    for command in Self.commands {
      // Twice: the second run reads the cache, and must warn as the first did.
      for _ in 0..<2 {
        let run = try TestSupport.runPrecis([command, path])
        #expect(run.status == 0, "\(command): \(run.stderr)")
        #expect(run.stderr.hasPrefix(line) && run.stderr.filter { $0 == "\n" }.count == 1, "\(command): \(run.stderr)")
        #expect(!run.stdout.isEmpty || command == "gloss", "\(command)")
      }
    }
    // gloss does not pass English words off as French terms.
    let gloss = try TestSupport.runPrecis(["gloss", "--format", "json", path])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(gloss.stdout.utf8)) as? [String: Any])
    #expect((object["terms"] as? [Any])?.isEmpty == true)
    #expect((object["warnings"] as? [String])?.first?.contains("no terms listed") == true)
    let summary = try TestSupport.runPrecis(["summarize", "--format", "json", path])
    let summaryObject = try #require(try JSONSerialization.jsonObject(with: Data(summary.stdout.utf8)) as? [String: Any])
    #expect((summaryObject["warnings"] as? [String])?.count == 1)
    let glossed = try TestSupport.runPrecis(["summarize", "--gloss", "--format", "json", path])
    let glossedObject = try #require(try JSONSerialization.jsonObject(with: Data(glossed.stdout.utf8)) as? [String: Any])
    #expect(((glossedObject["glossary"] as? [String: Any])?["terms"] as? [Any])?.isEmpty == true)
  }

  @Test("French articles raise no language warning and keep JSON without a warnings field")
  func frenchIsNotFlagged() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    // The 30 OrangeSum articles of the summariser's fixture, and the example.
    let sample = TestSupport.repositoryRoot.appendingPathComponent("Tests/PrecisSummarizeTests/Fixtures/orangesum-valid-sample.jsonl")
    var paths = [Self.example]
    for (i, line) in try String(contentsOf: sample, encoding: .utf8).split(separator: "\n").enumerated() {
      let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      let file = dir.appendingPathComponent("\(i).txt")
      try #require(object["article"] as? String).write(to: file, atomically: true, encoding: .utf8)
      paths.append(file.path)
    }
    let run = try TestSupport.runPrecis(["summarize", "--format", "json", "--sentences", "1"] + paths)
    #expect(run.status == 0)
    #expect(run.stderr.isEmpty, "\(run.stderr)")
    #expect(!run.stdout.contains("\"warnings\""))
    #expect(run.stdout.split(separator: "\n").count == paths.count)
  }

  @Test("Usage errors are one line starting with 'precis: ', exit 64, with a hint", arguments: [
    (["summarize", "--sentences", "-1", example], "precis: --sentences must be a positive number (got -1)\n"),
    (["summarize", "--words", "-5", example], "precis: --words must be a positive number (got -5)\n"),
    (["summarize", "--sentences", "0", example], "precis: --sentences must be a positive number (got 0); see 'precis help summarize'\n"),
    (["summarise", example], "precis: unknown command 'summarise'; did you mean 'summarize'?\n"),
    (["glos", example], "precis: unknown command 'glos'; did you mean 'gloss'?\n"),
    (["cache", "stat"], "precis: unknown command 'cache stat'; did you mean 'stats'?\n"),
    (["batch", "--jobs", "-2", "."], "precis: --jobs must be 0 (all cores) or more (got -2)\n"),
    (["gloss", "--top", "3", "--all", example], "precis: give --top or --all, not both; see 'precis help gloss'\n"),
    (["eval", "--docs", "a"], "precis: missing expected argument '--gold <dir>'; see 'precis help eval'\n"),
  ])
  func usageErrors(arguments: [String], expected: String) throws {
    let run = try TestSupport.runPrecis(arguments)
    #expect(run.status == 64)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr == expected)
  }

  @Test("Help and --version still print on stdout with status 0")
  func helpIsNotAnError() throws {
    for arguments in [["--help"], ["help", "summarize"], ["summarize", "--help"], ["--version"]] {
      let run = try TestSupport.runPrecis(arguments)
      #expect(run.status == 0, "\(arguments)")
      #expect(run.stderr.isEmpty, "\(arguments)")
      #expect(!run.stdout.isEmpty, "\(arguments)")
    }
    let help = try TestSupport.runPrecis(["help", "eval"]).stdout
    #expect(!help.contains("(default: one per core). (default: 0)") && !help.contains("(default: all cores). (default: 0)"))
  }

  @Test("eval stops with one line when the reference folder does not match the documents")
  func evalWrongGold() throws {
    let (dir, docs, gold) = try CLITests.evalFolders()
    defer { try? FileManager.default.removeItem(at: dir) }
    let article = try String(contentsOf: TestSupport.repositoryRoot.appendingPathComponent(Self.example), encoding: .utf8)
    for name in ["a", "b", "c", "d"] { try article.write(to: docs.appendingPathComponent("\(name).txt"), atomically: true, encoding: .utf8) }
    try "Alibaba.".write(to: gold.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
    let run = try TestSupport.runPrecis(["eval", "--docs", docs.path, "--gold", gold.path])
    #expect(run.status == 66)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.filter { $0 == "\n" }.count == 1, "\(run.stderr)")
    #expect(run.stderr.hasPrefix("precis: \(gold.path): only 1 of the 4 documents of \(docs.path)"), "\(run.stderr)")
  }

  @Test("Several files: a header each in text, a JSON object a line, one file's output unchanged")
  func severalFiles() throws {
    let other = "\(Self.fixtures)/latin1.txt"
    for command in Self.commands {
      let one = try TestSupport.runPrecis([command, Self.example]).stdout
      let two = try TestSupport.runPrecis([command, other]).stdout
      let both = try TestSupport.runPrecis([command, Self.example, other])
      #expect(both.status == 0, "\(command): \(both.stderr)")
      #expect(both.stdout == "==> \(Self.example) <==\n\(one)\n==> \(other) <==\n\(two)", "\(command)")
    }
    for command in ["summarize", "gloss"] {
      let run = try TestSupport.runPrecis([command, "--format", "json", Self.example, other])
      let lines = run.stdout.split(separator: "\n")
      #expect(lines.count == 2, "\(command)")
      let files = try lines.map { line in
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["file"] as? String
      }
      #expect(files == [Self.example, other], "\(command)")
    }
  }

  @Test("Several files: a failing one is one line and the others go on; status 1, or its own when all fail")
  func severalFilesWithFailures() throws {
    let missing = "\(Self.fixtures)/missing.txt", empty = "\(Self.fixtures)/empty.txt"
    for command in Self.commands {
      let some = try TestSupport.runPrecis([command, missing, Self.example])
      #expect(some.status == 1, "\(command)")
      #expect(some.stderr == "precis: \(missing): cannot read: no such file\n", "\(command)")
      #expect(some.stdout.hasPrefix("==> \(Self.example) <==\n"), "\(command)")
      let all = try TestSupport.runPrecis([command, missing, empty])
      #expect(all.status == 66, "\(command)")
      #expect(all.stderr.filter { $0 == "\n" }.count == 2, "\(command)")
      #expect(all.stdout.isEmpty)
    }
  }
}
