import Foundation
import PrecisCache
import PrecisTestSupport
import Testing

/// `precis batch` on real folders: the robustness corpus, resuming, interruption.
@Suite("precis batch")
struct BatchCLITests {
  static let example = "examples/alibaba-cebit.txt"

  static func exampleText() throws -> String {
    try String(contentsOf: TestSupport.repositoryRoot.appendingPathComponent(example), encoding: .utf8)
  }

  static func write(_ data: Data, _ path: String, in root: URL) throws {
    let url = root.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: url)
  }

  /// Index lines by path.
  static func index(_ out: URL) throws -> [String: [String: Any]] {
    let text = try String(contentsOf: out.appendingPathComponent("index.jsonl"), encoding: .utf8)
    var byPath: [String: [String: Any]] = [:]
    for line in text.split(separator: "\n") {
      let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      byPath[try #require(object["path"] as? String)] = object
    }
    return byPath
  }

  @Test("One bad file never stops the others: each is one stderr line and an index entry")
  func robustnessCorpus() throws {
    let root = try TestSupport.temporaryDirectory("precis-batch-in")
    let out = try TestSupport.temporaryDirectory("precis-batch-out")
    let cache = try TestSupport.temporaryDirectory("precis-batch-cache")
    defer { for url in [root, out, cache] { try? FileManager.default.removeItem(at: url) } }
    let text = try Self.exampleText()
    let fixtures = TestSupport.repositoryRoot.appendingPathComponent("Tests/PrecisCLITests/Fixtures")
    try Self.write(Data(text.utf8), "good.txt", in: root)
    try Self.write(Data(), "empty.txt", in: root)
    try Self.write(Data(" \n\t\n   \n".utf8), "blank.txt", in: root)
    try Self.write(try Data(contentsOf: fixtures.appendingPathComponent("image.png")), "binary.txt", in: root)
    try Self.write(Data([0x4C, 0x65, 0x20, 0xFF, 0xFE, 0x00, 0x01, 0x80, 0x81] + Array(repeating: 0x90, count: 200)), "invalid-utf8.txt", in: root)
    try Self.write(try Data(contentsOf: fixtures.appendingPathComponent("alibaba-cp1252.txt")), "cp1252.txt", in: root)
    try Self.write(try Data(contentsOf: fixtures.appendingPathComponent("article.html")), "page.html", in: root)
    var big = Data(count: 50_000_000)
    big.withUnsafeMutableBytes { bytes in for k in stride(from: 0, to: bytes.count, by: 4096) { bytes[k] = UInt8(k % 251) } }
    try Self.write(big, "huge.txt", in: root)
    let words = ["le", "marché", "chinois", "croissance", "entreprises", "plateforme"].joined(separator: " ") + " "
    try Self.write(Data(String(repeating: words, count: 10_000_000 / words.utf8.count).utf8), "one-line.txt", in: root)
    try Self.write(Data(text.utf8), "locked.txt", in: root)
    chmod(root.appendingPathComponent("locked.txt").path, 0)
    try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("loop").path, withDestinationPath: ".")
    let deep = (1...40).map { "d\($0)" }.joined(separator: "/")
    try Self.write(Data(text.utf8), deep + "/deep.txt", in: root)
    let english = "The government announced on Tuesday that the new rules would apply to all companies from next year. "
      + "Officials said the measures were needed to protect consumers and that they had consulted the industry. "
      + "Critics argued that the changes would raise prices and hurt small businesses across the country."
    try Self.write(Data(english.utf8), "english.txt", in: root)

    let run = try TestSupport.runPrecis(
      ["batch", root.path, "--out", out.path], environment: ["PRECIS_CACHE": cache.appendingPathComponent("c.sqlite").path],
      timeout: 300)
    let asRoot = geteuid() == 0  // root reads a chmod 000 file anyway
    #expect(run.status == 1, "some files fail, so the status is 1; stderr: \(run.stderr)")
    let index = try Self.index(out)
    let expected: [String: String] = [
      "good.txt": "ok", "empty.txt": "error", "blank.txt": "error", "binary.txt": "error", "invalid-utf8.txt": "error",
      "cp1252.txt": "ok", "page.html": "ok", "huge.txt": "error", "one-line.txt": "ok", "locked.txt": asRoot ? "ok" : "error",
      "loop": "error", deep + "/deep.txt": "ok", "english.txt": "ok",
    ]
    for (path, status) in expected {
      // Files with the same text as one done just before are cache hits.
      let actual = index[path]?["status"] as? String
      #expect(actual == status || (status == "ok" && actual == "cached"), "\(path): \(String(describing: index[path]))")
    }
    #expect(index.count == expected.count, "\(index.keys.sorted())")
    // Each failure: one stderr line naming the file.
    let lines = run.stderr.split(separator: "\n").map(String.init)
    for (path, status) in expected where status == "error" {
      #expect(lines.filter { $0.hasPrefix("precis: \(root.path)/\(path): ") }.count == 1, "\(path) in \(lines)")
    }
    #expect(lines.contains { $0.contains("english.txt") && $0.contains("does not look like French") })
    #expect(lines.last?.hasPrefix("precis batch: ") == true)
    // Outputs of the good ones are complete JSON objects with the documented fields.
    for path in ["good.json", "cp1252.json", "page.json", deep + "/deep.json"] {
      let data = try Data(contentsOf: out.appendingPathComponent(path))
      let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(path)")
      #expect(object["source"] is String && object["hash"] is String && object["summary"] is [String: Any] && object["glossary"] is [String: Any])
    }
    #expect(index["good.txt"]?["hash"] as? String == index["cp1252.txt"]?["hash"] as? String)
    let digest = try String(contentsOf: out.appendingPathComponent("digest.md"), encoding: .utf8)
    #expect(digest.contains("`good.txt`") && digest.contains("ambassade"))
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("empty.json").path))
  }

  @Test("A re-run resumes from the cache and leaves up-to-date outputs untouched")
  func resume() throws {
    let root = try TestSupport.temporaryDirectory("precis-batch-in")
    let out = try TestSupport.temporaryDirectory("precis-batch-out")
    defer { for url in [root, out] { try? FileManager.default.removeItem(at: url) } }
    let text = try Self.exampleText()
    for k in 0..<5 { try Self.write(Data("Article \(k). \(text)".utf8), "a\(k).txt", in: root) }
    let env = ["PRECIS_CACHE": root.appendingPathComponent(".cache.sqlite").path]
    let first = try TestSupport.runPrecis(["batch", root.path, "--out", out.path], environment: env)
    #expect(first.status == 0, "\(first.stderr)")
    let date = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent("a0.json").path)[.modificationDate] as? Date
    let before = try Data(contentsOf: out.appendingPathComponent("a0.json"))
    let second = try TestSupport.runPrecis(["batch", root.path, "--out", out.path], environment: env)
    #expect(second.status == 0)
    #expect(try Self.index(out).values.allSatisfy { $0["status"] as? String == "cached" })
    #expect(try Data(contentsOf: out.appendingPathComponent("a0.json")) == before)
    let after = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent("a0.json").path)[.modificationDate] as? Date
    #expect(date == after)
  }

  @Test("A bad user lexicon stops a batch before anything is written: one line, exit 70, no cache, no outputs")
  func badUserLexicon() throws {
    let root = try TestSupport.temporaryDirectory("precis-batch-in")
    defer { try? FileManager.default.removeItem(at: root) }
    try Self.write(Data(try Self.exampleText().utf8), "a.txt", in: root)
    let lexicon = root.appendingPathComponent("mine.tsv")
    try "ok\tfine\nno tab here\n".write(to: lexicon, atomically: true, encoding: .utf8)
    let cache = root.appendingPathComponent("cache/batch.sqlite"), out = root.appendingPathComponent("out")
    let run = try TestSupport.runPrecis(
      ["batch", root.path, "--out", out.path, "--lexicon", lexicon.path], environment: ["PRECIS_CACHE": cache.path])
    #expect(run.status == 70)
    #expect(run.stderr == "precis: \(lexicon.path): line 2: expected 2 or 3 tab-separated fields (headword, [pos,] glosses), found 1\n")
    #expect(!FileManager.default.fileExists(atPath: cache.path) && !FileManager.default.fileExists(atPath: out.path))
  }

  @Test("Without --out: one JSON line per input on stdout, in path order")
  func jsonLines() throws {
    let root = try TestSupport.temporaryDirectory("precis-batch-in")
    defer { try? FileManager.default.removeItem(at: root) }
    let text = try Self.exampleText()
    try Self.write(Data(text.utf8), "b.txt", in: root)
    try Self.write(Data(text.utf8), "a/c.md", in: root)
    try Self.write(Data(), "a/empty.txt", in: root)
    let run = try TestSupport.runPrecis(["batch", root.path, "--sentences", "2", "--top", "4"])
    #expect(run.status == 1)
    let objects = try run.stdout.split(separator: "\n").map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    #expect(objects.compactMap { $0["source"] as? String ?? $0["path"] as? String } == ["a/c.md", "a/empty.txt", "b.txt"])
    let summary = try #require(objects[0]["summary"] as? [String: Any])
    #expect((summary["sentences"] as? [Any])?.count == 2)
    #expect(((objects[0]["glossary"] as? [String: Any])?["terms"] as? [Any])?.count == 4)
    #expect(objects[1]["status"] as? String == "error")
  }

  @Test("--format markdown: one .md per article and the digest; without --out the digest on stdout")
  func markdown() throws {
    let root = try TestSupport.temporaryDirectory("precis-batch-in")
    let out = try TestSupport.temporaryDirectory("precis-batch-out")
    defer { for url in [root, out] { try? FileManager.default.removeItem(at: url) } }
    let text = try Self.exampleText()
    try Self.write(Data(text.utf8), "a.txt", in: root)
    try Self.write(Data(text.utf8), "a.html", in: root)
    let run = try TestSupport.runPrecis(["batch", root.path, "--format", "markdown", "--out", out.path, "--no-cache"])
    #expect(run.status == 0, "\(run.stderr)")
    // Two inputs would share "a.md": both keep their extension.
    let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
    #expect(names == [".precis-output", "a.html.md", "a.txt.md", "digest.md", "index.jsonl"], "\(names)")
    let article = try String(contentsOf: out.appendingPathComponent("a.txt.md"), encoding: .utf8)
    #expect(article.hasPrefix("## ") && article.contains("`a.txt`") && article.contains("- "))
    let stdout = try TestSupport.runPrecis(["batch", root.path, "--format", "markdown", "--no-cache"])
    #expect(stdout.stdout.hasPrefix("# Digest of ") && stdout.stdout.components(separatedBy: "\n## ").count == 3)
    let notFolder = try TestSupport.runPrecis(["batch", root.appendingPathComponent("a.txt").path])
    #expect(notFolder.status == 66 && notFolder.stderr.contains("cannot read the folder"))
    // A folder that cannot be walked fails before the cache is touched (it is opened beside
    // the walk otherwise).
    let cache = out.appendingPathComponent("cache.sqlite")
    let missing = try TestSupport.runPrecis(["batch", root.appendingPathComponent("missing").path, "--cache", cache.path])
    #expect(missing.status == 66 && !FileManager.default.fileExists(atPath: cache.path), "\(missing.stderr)")
  }

  @Test("The sample digest in examples/digest is what the binary writes")
  func sampleDigestIsCurrent() throws {
    let out = try TestSupport.temporaryDirectory("precis-batch-out")
    defer { try? FileManager.default.removeItem(at: out) }
    let run = try TestSupport.runPrecis(["batch", "examples/", "--out", out.path, "--no-cache"])
    #expect(run.status == 0, "\(run.stderr)")
    let committed = TestSupport.repositoryRoot.appendingPathComponent("examples/digest")
    for name in ["digest.md", "index.jsonl", "alibaba-cebit.json", "orangesum/remaniement-macron.json"] {
      let fresh = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
      let kept = try String(contentsOf: committed.appendingPathComponent(name), encoding: .utf8)
      #expect(fresh == kept, "examples/digest/\(name) is out of date: run `precis batch examples/ --out examples/digest --no-cache`")
    }
  }

  /// Starts `precis batch` over `count` articles and returns the process.
  static func startBatch(root: URL, out: URL, env: [String: String]) throws -> Process {
    let process = Process()
    process.executableURL = TestSupport.precisExecutable
    process.arguments = ["batch", root.path, "--out", out.path, "--jobs", "2"]
    process.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  static func manyArticles(_ count: Int) throws -> URL {
    let root = try TestSupport.temporaryDirectory("precis-batch-many")
    let text = try exampleText()
    for k in 0..<count { try write(Data("Dépêche \(k). \(text)".utf8), "n\(k).txt", in: root) }
    return root
  }

  @Test("SIGINT stops a batch with status 130, keeps finished outputs, and a re-run completes")
  func interrupt() throws {
    let root = try Self.manyArticles(400)
    let out = try TestSupport.temporaryDirectory("precis-batch-out")
    defer { for url in [root, out] { try? FileManager.default.removeItem(at: url) } }
    let env = ["PRECIS_CACHE": out.appendingPathComponent("cache.sqlite").path]
    let process = try Self.startBatch(root: root, out: out, env: env)
    // Wait until some outputs exist, then interrupt.
    for _ in 0..<200 where ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).count < 5 {
      usleep(20_000)
    }
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    if process.terminationStatus == 0 { return }  // finished before the signal: nothing to check
    #expect(process.terminationStatus == 130)
    let written = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".json") }
    for name in written {
      #expect((try? JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(name)))) != nil, "\(name) is complete")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).allSatisfy { !$0.contains(".tmp-") })
    let index = try Self.index(out)
    #expect(index.count == written.count)
    let rerun = try TestSupport.runPrecis(["batch", root.path, "--out", out.path], environment: env, timeout: 300)
    #expect(rerun.status == 0)
    let statuses = try Self.index(out).values.compactMap { $0["status"] as? String }
    #expect(statuses.count == 400)
    #expect(statuses.filter { $0 == "cached" }.count >= index.count)
  }

  @Test("kill -9 in the middle of cache writes leaves a cache that opens and passes integrity_check")
  func killNine() throws {
    let root = try Self.manyArticles(300)
    let out = try TestSupport.temporaryDirectory("precis-batch-out")
    defer { for url in [root, out] { try? FileManager.default.removeItem(at: url) } }
    let cachePath = out.appendingPathComponent("cache.sqlite").path
    for delay: UInt32 in [150_000, 400_000] {
      let process = try Self.startBatch(root: root, out: out.appendingPathComponent("o"), env: ["PRECIS_CACHE": cachePath])
      usleep(delay)
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let store = try CacheStore(path: cachePath)
      #expect(store.movedAside == nil)
      #expect(store.integrityCheck() == "ok")
    }
    let rerun = try TestSupport.runPrecis(["batch", root.path, "--out", out.appendingPathComponent("o").path], environment: ["PRECIS_CACHE": cachePath], timeout: 300)
    #expect(rerun.status == 0)
  }
}
