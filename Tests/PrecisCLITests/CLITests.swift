import Foundation
import PrecisTestSupport
import Testing

/// End-to-end runs of the built `precis` binary: stdout, stderr and exit status are checked
/// separately. Re-record golden files with `PRECIS_RECORD=1 swift test` (recording fails).
@Suite("precis command line")
struct CLITests {
  static let fixtures = "Tests/PrecisCLITests/Fixtures"
  static let example = "examples/alibaba-cebit.txt"

  func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    if let problem = try TestSupport.golden(actual, target: "PrecisCLITests", name: name) {
      Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation)
    }
  }

  @Test("summarize prints the chosen sentences, one a line, and nothing else", arguments: [
    (["summarize", example], "summarize.txt"),
    (["summarize", "--format", "json", example], "summarize.json"),
    (["summarize", "--format", "markdown", "--sentences", "2", example], "summarize-2.md"),
    (["summarize", "--explain", "--algorithm", "textrank", example], "summarize-explain.txt"),
    (["summarize", "--words", "40", "--algorithm", "centroid", example], "summarize-words40.txt"),
    (["sentences", example], "sentences.txt"),
    (["gloss", example], "gloss.txt"),
    (["gloss", "--format", "json", "--top", "5", example], "gloss.json"),
    (["gloss", "--format", "tsv", "--top", "5", example], "gloss.tsv"),
    (["gloss", "--format", "csv", "--top", "3", example], "gloss.csv"),
    (["summarize", "--gloss", "--sentences", "2", example], "summarize-gloss.txt"),
    (["summarize", "\(fixtures)/article.html"], "summarize-html.txt"),
  ])
  func goldenOutputs(arguments: [String], golden: String) throws {
    let run = try TestSupport.runPrecis(arguments)
    #expect(run.status == 0, "stderr: \(run.stderr)")
    #expect(run.stderr.isEmpty)
    try expectGolden(run.stdout, golden)
  }

  @Test("The sample outputs in examples/ are what the binary prints")
  func examplesAreCurrent() throws {
    for (args, file) in [(["summarize", Self.example], "examples/alibaba-cebit.summary.out"),
                         (["summarize", "--format", "json", Self.example], "examples/alibaba-cebit.summary.json")] {
      let run = try TestSupport.runPrecis(args)
      let committed = try String(contentsOf: TestSupport.repositoryRoot.appendingPathComponent(file), encoding: .utf8)
      #expect(run.stdout == committed, "\(file) is out of date: regenerate it with `precis \(args.joined(separator: " ")) > \(file)`")
    }
  }

  @Test("JSON output keeps the contract: sentences in article order with index, text and score")
  func jsonContract() throws {
    let run = try TestSupport.runPrecis(["summarize", "--format", "json", "--sentences", "3", Self.example])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let sentences = try #require(object["sentences"] as? [[String: Any]])
    #expect(sentences.count == 3)
    let indices = sentences.compactMap { $0["index"] as? Int }
    #expect(indices == indices.sorted() && indices.count == 3)
    #expect(sentences.allSatisfy { $0["text"] is String && $0["score"] is NSNumber })
    let all = try TestSupport.runPrecis(["sentences", Self.example]).stdout.split(separator: "\n").map(String.init)
    for sentence in sentences {
      let index = try #require(sentence["index"] as? Int)
      #expect(all[index] == sentence["text"] as? String)
    }
  }

  @Test("gloss JSON keeps the contract: terms with term, forms, english, count, kind")
  func glossContract() throws {
    let run = try TestSupport.runPrecis(["gloss", "--all", "--format", "json", Self.example])
    #expect(run.status == 0)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let terms = try #require(object["terms"] as? [[String: Any]])
    #expect(terms.count > 40)
    let kinds: Set<String> = ["noun", "verb", "adjective", "adverb", "phrase", "name"]
    for term in terms {
      #expect(term["term"] is String && term["forms"] is [String] && term["english"] is [String] && term["count"] is Int)
      #expect(kinds.contains(term["kind"] as? String ?? ""), "\(term)")
    }
    #expect(terms.contains { $0["term"] as? String == "Jack Ma" && $0["kind"] as? String == "name" })
  }

  @Test("analyze prints form, lemma, kind and gloss, a blank line between sentences")
  func analyze() throws {
    let run = try TestSupport.runPrecis(["analyze", "-"], stdin: Data("Les entreprises ont été aidées. Il montre une montre.".utf8))
    #expect(run.status == 0)
    #expect(run.stdout == """
      Les\tle\tfunction\tthe
      entreprises\tentreprise\tnoun\tcompany
      ont\tavoir\tauxiliary\thave
      été\têtre\tauxiliary\tbe
      aidées\taider\tverb\thelp

      Il\til\tfunction\the
      montre\tmontrer\tverb\tshow
      une\tun\tfunction\ta
      montre\tmontre\tnoun\twatch

      """)
  }

  @Test("A bad user lexicon is reported with its line number, exit 70")
  func badUserLexicon() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("mine.tsv")
    try "ok\tfine\nno tab here\n".write(to: file, atomically: true, encoding: .utf8)
    let run = try TestSupport.runPrecis(["gloss", "--lexicon", file.path, Self.example])
    #expect(run.status == 70)
    #expect(run.stderr == "precis: \(file.path): line 2: expected 2 or 3 tab-separated fields (headword, [pos,] glosses), found 1\n")
  }

  @Test("Missing built-in data is reported by the command that needs it, exit 70, though it was loaded early")
  func missingData() throws {
    // An empty PRECIS_DATA: every data file is missing. The early loading (`Preload`) meets
    // the failure first and must leave it to the command.
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    for command in ["summarize", "gloss", "analyze"] {
      let run = try TestSupport.runPrecis([command, "--no-cache", Self.example], environment: ["PRECIS_DATA": dir.path])
      #expect(run.status == 70, "\(command)")
      #expect(run.stderr.hasPrefix("precis: ") && run.stderr.contains(dir.path) && run.stderr.filter { $0 == "\n" }.count == 1, "\(command): \(run.stderr)")
      #expect(run.stdout.isEmpty)
    }
  }

  @Test("Standard input is read with '-' or no file")
  func standardInput() throws {
    let article = try Data(contentsOf: TestSupport.repositoryRoot.appendingPathComponent(Self.example))
    let fromFile = try TestSupport.runPrecis(["summarize", Self.example])
    #expect(try TestSupport.runPrecis(["summarize", "-"], stdin: article).stdout == fromFile.stdout)
    #expect(try TestSupport.runPrecis(["summarize"], stdin: article).stdout == fromFile.stdout)
  }

  @Test("Windows-1252 input gives the same summary as UTF-8")
  func windows1252() throws {
    let utf8 = try TestSupport.runPrecis(["summarize", Self.example])
    let cp1252 = try TestSupport.runPrecis(["summarize", "\(Self.fixtures)/alibaba-cp1252.txt"])
    #expect(cp1252.status == 0)
    #expect(cp1252.stdout == utf8.stdout)
    let json = try TestSupport.runPrecis(["summarize", "--format", "json", "\(Self.fixtures)/latin1.txt"])
    #expect(json.stdout.contains("\"encoding\": \"windows-1252\""))
    #expect(json.stdout.contains("Le président est arrivé à Paris."))
  }

  @Test("Bad input gives one line on stderr naming the file, and a documented status", arguments: [
    ("empty.txt", Int32(67), "no text (the input is empty or white space only)"),
    ("whitespace.txt", 67, "no text (the input is empty or white space only)"),
    ("image.png", 65, "not a text file (it looks like a PNG image)"),
    ("missing.txt", 66, "cannot read: no such file"),
    ("", 66, "cannot read: is a directory"),
  ])
  func badInput(file: String, status: Int32, message: String) throws {
    let path = file.isEmpty ? Self.fixtures : "\(Self.fixtures)/\(file)"
    let run = try TestSupport.runPrecis(["summarize", path])
    #expect(run.status == status)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr == "precis: \(path): \(message)\n")
  }

  @Test("A file cut in the middle of a UTF-8 character is read up to the cut")
  func truncatedUTF8() throws {
    let run = try TestSupport.runPrecis(["summarize", "--format", "json", "\(Self.fixtures)/truncated.txt"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("\"encoding\": \"UTF-8 (truncated)\""))
  }

  @Test("Usage errors exit with 64", arguments: [
    ["summarize", "--sentences", "0", example], ["summarize", "--ratio", "1.5", example],
    ["summarize", "--sentences", "2", "--words", "10", example], ["summarize", "--algorithm", "magic", example],
    ["summarize", "--format", "xml", example],
  ])
  func usageErrors(arguments: [String]) throws {
    let run = try TestSupport.runPrecis(arguments)
    #expect(run.status == 64)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.hasPrefix("precis: ") && run.stderr.filter { $0 == "\n" }.count == 1, "\(run.stderr)")
  }

  @Test("A 10 MB line without punctuation is summarised in seconds")
  func hugeLine() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("huge.txt")
    let words = ["le", "marché", "chinois", "croissance", "entreprises", "plateforme"]
    var line = ""
    var i = 0
    while line.utf8.count < 10_000_000 {
      line += words[i % words.count] + " "
      i += 1
    }
    try line.write(to: file, atomically: true, encoding: .utf8)
    let start = Date()
    let run = try TestSupport.runPrecis(["summarize", file.path])
    #expect(run.status == 0)
    #expect(run.stdout.utf8.count > 9_000_000)
    #expect(Date().timeIntervalSince(start) < 60)
  }

  /// A temporary folder holding empty `docs/` and `gold/` folders, for `precis eval`.
  static func evalFolders() throws -> (dir: URL, docs: URL, gold: URL) {
    let dir = try TestSupport.temporaryDirectory()
    let docs = dir.appendingPathComponent("docs"), gold = dir.appendingPathComponent("gold")
    try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: gold, withIntermediateDirectories: true)
    return (dir, docs, gold)
  }

  @Test("eval scores a folder against references and reports ROUGE")
  func eval() throws {
    let (dir, docs, gold) = try Self.evalFolders()
    defer { try? FileManager.default.removeItem(at: dir) }
    let article = try String(contentsOf: TestSupport.repositoryRoot.appendingPathComponent(Self.example), encoding: .utf8)
    try article.write(to: docs.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
    // The reference is the lead sentence itself, so Lead-1 scores 100.
    let first = String(article.split(separator: "\n")[0])
    try first.write(to: gold.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
    let run = try TestSupport.runPrecis(["eval", "--docs", docs.path, "--gold", gold.path, "--algorithm", "lead", "--sentences", "1", "--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let rouge1 = try #require(object["rouge1"] as? [String: Any])
    #expect((rouge1["f"] as? Double) == 1)
    #expect(object["documents"] as? Int == 1)
    // A document without a reference fails alone and sets status 1.
    try article.write(to: docs.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
    let partial = try TestSupport.runPrecis(["eval", "--docs", docs.path, "--gold", gold.path])
    #expect(partial.status == 1)
    #expect(partial.stderr.contains("b.txt: cannot read: no such file"))
  }
}
