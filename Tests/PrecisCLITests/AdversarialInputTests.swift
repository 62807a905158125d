import Foundation
import PrecisTestSupport
import Testing

/// The CLI on inputs made to hurt: endless streams, damaged UTF-8, file names that are not
/// UTF-8 or hold a newline, FIFOs and binary or escape-laden user lexicons.
@Suite("precis on adversarial input")
struct AdversarialInputTests {
  static let example = TestSupport.repositoryRoot.appendingPathComponent("examples/alibaba-cebit.txt").path

  /// Runs `script` with sh in the folder `dir`, `$PRECIS` naming the binary; `precis` is
  /// killed after `seconds` (status 137), so a hang fails the test instead of blocking it.
  struct Run {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  private func shell(_ script: String, in dir: URL, seconds: Int = 60) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "cd \"$WORK\" && { \(script) ; } >stdout.txt 2>stderr.txt"]
    var env = ProcessInfo.processInfo.environment
    env["PRECIS"] = TestSupport.precisExecutable.path
    env["PRECIS_CACHE"] = TestSupport.sharedCachePath
    env["WORK"] = dir.path
    env["T"] = "timeout -s KILL \(seconds)"
    process.environment = env
    try process.run()
    process.waitUntilExit()
    let read = { (name: String) in (try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)) ?? "" }
    return Run(status: process.terminationStatus, stdout: read("stdout.txt"), stderr: read("stderr.txt"))
  }

  @Test("Endless inputs stop at the limit at once, in bounded memory: 65 for an article, 70 for a lexicon")
  func endlessInputs() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    // 400 MB of address space: the 64 MiB limit fits, the gigabytes an unbounded read takes do not.
    let cases: [(String, Int32, String)] = [
      ("$T \"$PRECIS\" summarize /dev/zero", 65, "precis: /dev/zero: too large: over the limit of 67108864 bytes\n"),
      ("yes 'Le chat dort.' | $T \"$PRECIS\" summarize -", 65, "precis: <stdin>: too large: over the limit of 67108864 bytes\n"),
      ("$T \"$PRECIS\" gloss --lexicon /dev/zero \"\(Self.example)\"", 70, "precis: /dev/zero: too large: over the limit of 16777216 bytes\n"),
    ]
    for (command, status, message) in cases {
      let start = Date()
      let run = try shell("ulimit -v 400000; \(command)", in: dir, seconds: 30)
      #expect(run.status == status, "\(command): \(run.stderr)")
      #expect(run.stderr == message, "\(command)")
      #expect(Date().timeIntervalSince(start) < 20, "\(command)")
    }
  }

  @Test("A stray 0xFF in a UTF-8 article: read as UTF-8, exit 0, one warning line with the offset")
  func strayByte() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.example)))
    let at = bytes[(bytes.count / 2)...].firstIndex { $0 < 0x80 } ?? bytes.count / 2
    bytes.insert(0xFF, at: at)
    try Data(bytes).write(to: dir.appendingPathComponent("damaged.txt"))
    let run = try shell("\"$PRECIS\" summarize --no-cache --format json damaged.txt", in: dir)
    #expect(run.status == 0)
    #expect(run.stderr == "precis: damaged.txt: warning: 1 invalid UTF-8 byte replaced by U+FFFD (the first at byte offset \(at))\n")
    #expect(run.stdout.contains("\"encoding\": \"UTF-8\""), "\(run.stdout.prefix(200))")
    #expect(!run.stdout.contains("Ã") && run.stdout.contains("à l’occasion"))
    // Also in JSON's `warnings`, for scripts, in summarize and gloss alike.
    let warning = "1 invalid UTF-8 byte replaced by U+FFFD (the first at byte offset \(at))"
    for command in ["summarize", "gloss"] {
      let json = try shell("\"$PRECIS\" \(command) --no-cache --format json damaged.txt", in: dir)
      let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
      #expect(object?["warnings"] as? [String] == [warning], "\(command): \(json.stdout.prefix(300))")
    }
  }

  @Test("A file whose name is not UTF-8 opens; a missing one is named with its bytes escaped")
  func rawFileNames() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let make = try shell("cp \"\(Self.example)\" \"$(printf 'lat\\351\\377.txt')\"", in: dir)
    #expect(make.status == 0, "\(make.stderr)")
    let run = try shell("\"$PRECIS\" summarize --no-cache \"$(printf 'lat\\351\\377.txt')\"", in: dir)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("Jack Ma") && run.stderr.isEmpty)
    let json = try shell("\"$PRECIS\" gloss --no-cache --format json \"$(printf 'lat\\351\\377.txt')\"", in: dir)
    #expect(json.status == 0 && json.stdout.contains(#""file": "lat\\xE9\\xFF.txt""#), "\(json.stdout.prefix(120))")
    let missing = try shell("\"$PRECIS\" summarize \"$(printf 'mis\\351\\377.txt')\"", in: dir)
    #expect(missing.status == 66)
    #expect(missing.stderr == "precis: mis\\xE9\\xFF.txt: cannot read: no such file\n")
  }

  @Test("A newline in a file name does not split the one-line diagnostic")
  func newlineInName() throws {
    let run = try TestSupport.runPrecis(["summarize", "/nonexistent/a\nb.txt"])
    #expect(run.status == 66)
    #expect(run.stderr == "precis: /nonexistent/a\\nb.txt: cannot read: no such file\n")
  }

  @Test("A user lexicon from a FIFO is read once: the command ends and uses it")
  func lexiconFIFO() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    for command in ["gloss --format tsv --all", "analyze", "summarize --gloss --format json"] {
      let run = try shell(
        "mkfifo lex.fifo && { printf 'Alibaba\\tfirm of firms\\n' > lex.fifo & } && $T \"$PRECIS\" \(command) --lexicon lex.fifo \"\(Self.example)\"; s=$?; rm -f lex.fifo; exit $s",
        in: dir, seconds: 30)
      #expect(run.status == 0, "\(command): \(run.stderr)")
      #expect(run.stdout.contains("firm of firms"), "\(command)")
    }
  }

  @Test("Bad user lexicons: the file's problem without \"line 0\", a bad line named once", arguments: [
    ([0xFF, 0xFE, 0x61, 0, 0x09, 0, 0x62, 0], "UTF-16 text; save the lexicon as UTF-8"),
    (Array("mot\tword\n".utf8) + [0, 0, 7, 0], "not a text file (NUL byte at offset 9)"),
    (Array("mot\tw".utf8) + [0xE9, 0x0A], "not UTF-8 text (invalid byte at offset 5)"),
    (Array("mot\tword\u{1B}[31m\n".utf8), "line 1: control character U+001B"),
    (Array("ok\tfine\nno tab here\n".utf8), "line 2: expected 2 or 3 tab-separated fields (headword, [pos,] glosses), found 1"),
  ] as [([UInt8], String)])
  func badLexicons(bytes: [UInt8], message: String) throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try Data(bytes).write(to: dir.appendingPathComponent("lex.tsv"))
    let run = try shell("\"$PRECIS\" gloss --no-cache --lexicon lex.tsv \"\(Self.example)\"", in: dir)
    #expect(run.status == 70)
    #expect(run.stderr == "precis: lex.tsv: \(message)\n")
    #expect(run.stdout.isEmpty)
  }

  @Test("Control characters of an article never reach TSV or CSV cells")
  func controlCharactersInCells() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try "Le groupe \u{1B}[31mAlibaba\u{1B}[0m a signé un accord.\nLes entreprises françaises exportent en Chine.\n"
      .write(to: dir.appendingPathComponent("esc.txt"), atomically: true, encoding: .utf8)
    for format in ["tsv", "csv"] {
      let run = try shell("\"$PRECIS\" gloss --no-cache --all --format \(format) esc.txt", in: dir)
      #expect(run.status == 0)
      #expect(run.stdout.contains("[31mAlibaba[0m a signé"), "\(format): \(run.stdout)")
      #expect(!run.stdout.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" }, "\(format)")
    }
  }
}
