import Foundation
import PrecisTestSupport
import Testing

/// `precis batch` against folders built to break it: links in the output folder, outputs
/// read back, a process killed mid-batch, odd file names.
@Suite("precis batch, adversarial")
struct AdversarialBatchTests {
  static func folders(_ count: Int) throws -> [URL] {
    try (0..<count).map { _ in try TestSupport.temporaryDirectory("precis-adversarial") }
  }

  static func lines(_ url: URL) throws -> [[String: Any]] {
    try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
      try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
  }

  @Test("A symbolic link inside --out is reported, never written through")
  func linkInOutput() throws {
    let dirs = try Self.folders(3)
    let (root, out, elsewhere) = (dirs[0], dirs[1], dirs[2])
    defer { for url in dirs { try? FileManager.default.removeItem(at: url) } }
    let text = try BatchCLITests.exampleText()
    try BatchCLITests.write(Data(text.utf8), "a.txt", in: root)
    try BatchCLITests.write(Data(("Autre. " + text).utf8), "sub/b.txt", in: root)
    try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent("sub").path, withDestinationPath: elsewhere.path)
    let run = try TestSupport.runPrecis(["batch", root.path, "--out", out.path, "--no-cache"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty, "nothing is written through the link")
    #expect(run.status == 1, "\(run.stderr)")
    let named = run.stderr.split(separator: "\n").filter { $0.contains("sub is a symbolic link") }
    #expect(named.count == 1, "\(run.stderr)")
    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("a.json").path))
  }

  @Test("Outputs are never read back as inputs, even when --out is the input folder")
  func outputsNotInputs() throws {
    let dirs = try Self.folders(3)
    defer { for url in dirs { try? FileManager.default.removeItem(at: url) } }
    let text = try BatchCLITests.exampleText()
    try BatchCLITests.write(Data(text.utf8), "a.txt", in: dirs[0])
    for format in ["json", "markdown"] {
      let first = try TestSupport.runPrecis(["batch", dirs[0].path, "--out", dirs[0].path, "--format", format, "--no-cache"])
      #expect(first.status == 0, "\(first.stderr)")
    }
    // The folder now holds digest.md and a.md beside a.txt: neither is an article.
    let second = try TestSupport.runPrecis(["batch", dirs[0].path, "--out", dirs[1].path, "--no-cache"])
    #expect(second.status == 0, "\(second.stderr)")
    let paths = try Self.lines(dirs[1].appendingPathComponent("index.jsonl")).compactMap { $0["path"] as? String }
    #expect(paths == ["a.txt"])
    // A user's own .md beside them is still an article.
    try BatchCLITests.write(Data(text.utf8), "notes.md", in: dirs[0])
    let third = try TestSupport.runPrecis(["batch", dirs[0].path, "--out", dirs[2].path, "--no-cache"])
    #expect(third.status == 0, "\(third.stderr)")
    let thirdPaths = try Self.lines(dirs[2].appendingPathComponent("index.jsonl")).compactMap { $0["path"] as? String }
    #expect(thirdPaths == ["a.txt", "notes.md"])
  }

  @Test("A stray byte in UTF-8 is a warning in the index, on stdout and on stderr, and the text stays UTF-8")
  func strayByteWarning() throws {
    let dirs = try Self.folders(2)
    defer { for url in dirs { try? FileManager.default.removeItem(at: url) } }
    var bytes = Array(try BatchCLITests.exampleText().utf8)
    bytes.insert(0xFF, at: bytes.count / 2)
    try BatchCLITests.write(Data(bytes), "a.txt", in: dirs[0])
    let run = try TestSupport.runPrecis(["batch", dirs[0].path, "--out", dirs[1].path, "--no-cache"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("a.txt: warning: 1 invalid UTF-8 byte"), "\(run.stderr)")
    let index = try Self.lines(dirs[1].appendingPathComponent("index.jsonl"))
    let warnings = try #require(index.first?["warnings"] as? [String])
    #expect(warnings.contains { $0.contains("invalid UTF-8 byte") })
    let output = try String(contentsOf: dirs[1].appendingPathComponent("a.json"), encoding: .utf8)
    #expect(output.contains("\"encoding\":\"UTF-8\"") || output.contains("\"encoding\": \"UTF-8\""), "not read as Windows-1252")
    let lines = try TestSupport.runPrecis(["batch", dirs[0].path, "--no-cache"])
    let line = try #require(try JSONSerialization.jsonObject(with: Data(lines.stdout.utf8)) as? [String: Any])
    #expect((line["warnings"] as? [String])?.count == 1)
  }

  @Test("A file over 64 MiB is one error line, refused before it is read; the others go on")
  func hugeFile() throws {
    let dirs = try Self.folders(1)
    defer { for url in dirs { try? FileManager.default.removeItem(at: url) } }
    try BatchCLITests.write(Data(try BatchCLITests.exampleText().utf8), "a.txt", in: dirs[0])
    // Sparse: its size says 65 MiB without writing them.
    let huge = dirs[0].appendingPathComponent("huge.txt")
    #expect(FileManager.default.createFile(atPath: huge.path, contents: Data("Le chat dort. ".utf8)))
    let handle = try FileHandle(forWritingTo: huge)
    try handle.truncate(atOffset: 65 << 20)
    try handle.close()
    let run = try TestSupport.runPrecis(["batch", dirs[0].path, "--no-cache"])
    #expect(run.status == 1, "\(run.stderr)")
    let lines = run.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    #expect(lines.map { $0["status"] as? String } == ["ok", "error"])
    #expect((lines.last?["error"] as? String)?.contains("too large") == true, "\(run.stdout)")
  }

  @Test("--out naming a regular file fails once, up front, with status 74")
  func outputIsAFile() throws {
    let dirs = try Self.folders(1)
    defer { for url in dirs { try? FileManager.default.removeItem(at: url) } }
    let text = try BatchCLITests.exampleText()
    for k in 0..<3 { try BatchCLITests.write(Data("Dépêche \(k). \(text)".utf8), "in/n\(k).txt", in: dirs[0]) }
    try BatchCLITests.write(Data("x".utf8), "file", in: dirs[0])
    let run = try TestSupport.runPrecis(
      ["batch", dirs[0].appendingPathComponent("in").path, "--out", dirs[0].appendingPathComponent("file").path, "--no-cache"])
    #expect(run.status == 74)
    #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
  }

  @Test("JSON lines on stdout share one schema; a root with a trailing slash gives clean paths")
  func jsonLines() throws {
    let dirs = try Self.folders(1)
    defer { for url in dirs { try? FileManager.default.removeItem(at: url) } }
    let text = try BatchCLITests.exampleText()
    try BatchCLITests.write(Data(text.utf8), "good.txt", in: dirs[0])
    try BatchCLITests.write(Data(), "empty.txt", in: dirs[0])
    let run = try TestSupport.runPrecis(["batch", dirs[0].path + "/", "--no-cache"])
    #expect(run.status == 1)
    let objects = try run.stdout.split(separator: "\n").map { line in
      try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
    #expect(objects.count == 2)
    for object in objects {
      for key in ["path", "source", "status", "warnings"] { #expect(object[key] != nil, "\(key) in \(object)") }
      #expect(object["warnings"] is [Any])
    }
    #expect(objects.first { $0["path"] as? String == "good.txt" }?["summary"] != nil)
    #expect(objects.first { $0["path"] as? String == "empty.txt" }?["error"] != nil)
    #expect(!run.stderr.contains("//"), "\(run.stderr)")
  }

  @Test("File names with a newline or bytes that are not UTF-8 are processed and shown escaped")
  func oddNames() throws {
    let dirs = try Self.folders(2)
    let (root, out) = (dirs[0], dirs[1])
    defer { for url in dirs { try? FileManager.default.removeItem(at: url) } }
    let text = try BatchCLITests.exampleText()
    try BatchCLITests.write(Data(text.utf8), "line\nbreak.txt", in: root)
    // The name's bytes as they are: E9 FF ".txt" (Foundation would take a String).
    let raw: [UInt8] = Array(root.path.utf8) + [UInt8(ascii: "/"), 0xE9, 0xFF] + Array(".txt".utf8) + [0]
    let fd = raw.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) } }
    #expect(fd >= 0)
    let body = Array(("Autre dépêche. " + text).utf8)
    _ = body.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    let run = try TestSupport.runPrecis(["batch", root.path, "--out", out.path, "--no-cache"])
    #expect(run.status == 0, "\(run.stderr)")
    let index = try Self.lines(out.appendingPathComponent("index.jsonl"))
    let byPath = Dictionary(uniqueKeysWithValues: index.compactMap { line in (line["path"] as? String).map { ($0, line) } })
    #expect(byPath["\\xE9\\xFF.txt"]?["status"] as? String == "ok", "\(index)")
    #expect(byPath["line\\nbreak.txt"]?["status"] as? String == "ok", "\(index)")
    let digest = try String(contentsOf: out.appendingPathComponent("digest.md"), encoding: .utf8)
    #expect(digest.contains("`line\\nbreak.txt`") && digest.contains("`\\xE9\\xFF.txt`"), "\(digest)")
  }

  /// Complete lines in the file at `url` (0 when it is missing).
  static func lineCount(_ url: URL) -> Int {
    ((try? Data(contentsOf: url)) ?? Data()).reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
  }

  /// Starts a batch, waits until its journal holds `lines` lines, and sends it `signal`.
  /// The journal grows as articles finish, so a batch of hundreds is caught in the middle;
  /// one that ends first never wrote it.
  static func interrupt(root: URL, out: URL, env: [String: String], after lines: Int, with signal: Int32) throws -> Process {
    let process = try BatchCLITests.startBatch(root: root, out: out, env: env)
    let journal = out.appendingPathComponent("index.jsonl.partial")
    var waited = 0
    while waited < 6000 && process.isRunning && lineCount(journal) < lines {
      usleep(5_000)
      waited += 1
    }
    kill(process.processIdentifier, signal)
    process.waitUntilExit()
    return process
  }

  @Test("Stopped or killed mid-batch: the digest says it is partial, the journal keeps finished work, a re-run completes")
  func killedMidBatch() throws {
    let count = 600
    let root = try BatchCLITests.manyArticles(count)
    let dirs = try Self.folders(1)
    defer { for url in dirs + [root] { try? FileManager.default.removeItem(at: url) } }
    let out = dirs[0].appendingPathComponent("out")
    let env = ["PRECIS_CACHE": dirs[0].appendingPathComponent("cache.sqlite").path]
    let inOrder = (0..<count).map { "n\($0).txt" }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }

    // SIGTERM: the batch finishes the articles in hand and writes a digest that says so.
    let stopped = try Self.interrupt(root: root, out: out, env: env, after: 20, with: SIGTERM)
    #expect(stopped.terminationStatus == 130)
    let digest = try String(contentsOf: out.appendingPathComponent("digest.md"), encoding: .utf8)
    let done = try Self.lines(out.appendingPathComponent("index.jsonl")).count
    #expect(digest.contains("Interrupted: \(done) of \(count) articles summarised"), "\(digest.prefix(300))")

    // SIGKILL: no index is written, but the journal holds every item finished, in order.
    try FileManager.default.removeItem(at: out.appendingPathComponent("index.jsonl"))
    let killed = try Self.interrupt(root: root, out: out, env: env, after: done + 20, with: SIGKILL)
    #expect(killed.terminationReason == .uncaughtSignal)
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("index.jsonl").path))
    let journal = try Self.lines(out.appendingPathComponent("index.jsonl.partial"))
    #expect(journal.count >= done + 20)
    #expect(journal.compactMap { $0["path"] as? String } == Array(inOrder.prefix(journal.count)))

    let rerun = try TestSupport.runPrecis(["batch", root.path, "--out", out.path], environment: env, timeout: 600)
    #expect(rerun.status == 0, "\(rerun.stderr)")
    let index = try Self.lines(out.appendingPathComponent("index.jsonl"))
    #expect(index.compactMap { $0["path"] as? String } == inOrder)
    // The stopped run's results were cached as it ended (the killed run's last ones may not be).
    #expect(index.filter { $0["status"] as? String == "cached" }.count >= done)
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("index.jsonl.partial").path))
    let whole = try String(contentsOf: out.appendingPathComponent("digest.md"), encoding: .utf8)
    #expect(whole.contains("\n\(count) articles summarised.\n") && !whole.contains("Interrupted"))
  }

  @Test("A file that makes its worker trap ends one run only: the journal names it, later runs skip it")
  func trapOnOneFile() throws {
    let root = try BatchCLITests.manyArticles(40)
    let dirs = try Self.folders(1)
    defer { for url in dirs + [root] { try? FileManager.default.removeItem(at: url) } }
    let out = dirs[0].appendingPathComponent("out")
    let cache = ["PRECIS_CACHE": dirs[0].appendingPathComponent("cache.sqlite").path]
    let env = cache.merging(["PRECIS_TEST_TRAP_ON": "n25.txt"]) { $1 }
    let first = try TestSupport.runPrecis(["batch", root.path, "--out", out.path, "--jobs", "2"], environment: env)
    #expect(first.status != 0 && first.status != 1, "the worker's trap ends the process")
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("index.jsonl").path))
    let journal = try String(contentsOf: out.appendingPathComponent("index.jsonl.partial"), encoding: .utf8)
    #expect(journal.contains(#"{"crashed":"n25.txt","#), "\(journal)")
    for _ in 0..<2 {
      let rerun = try TestSupport.runPrecis(["batch", root.path, "--out", out.path], environment: env)
      #expect(rerun.status == 1, "\(rerun.stderr)")
      let index = try Self.lines(out.appendingPathComponent("index.jsonl"))
      #expect(index.count == 40)
      #expect(index.filter { $0["status"] as? String == "error" }.compactMap { $0["path"] as? String } == ["n25.txt"])
      #expect(rerun.stderr.split(separator: "\n").filter { $0.contains("n25.txt") }.count == 1, "\(rerun.stderr)")
    }
    let refreshed = try TestSupport.runPrecis(["batch", root.path, "--out", out.path, "--refresh"], environment: cache)
    #expect(refreshed.status == 0, "--refresh tries it again: \(refreshed.stderr)")
  }
}
