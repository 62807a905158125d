import Foundation
import Synchronization
@_spi(Testing) import PrecisCache
import PrecisTestSupport
import Testing

/// The cache as users meet it: real SQLite files in temporary folders, the real binary.
@Suite("precis cache")
struct CacheCLITests {
  static let example = "examples/alibaba-cebit.txt"

  /// A fresh cache path in a new temporary folder.
  static func freshCache() throws -> (dir: URL, env: [String: String]) {
    let dir = try TestSupport.temporaryDirectory("precis-cache")
    return (dir, ["PRECIS_CACHE": dir.appendingPathComponent("cache.sqlite").path])
  }

  static func stats(_ env: [String: String]) throws -> [String: Any] {
    let run = try TestSupport.runPrecis(["cache", "stats", "--format", "json"], environment: env)
    #expect(run.status == 0, "\(run.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
  }

  @Test("A second run is a hit with identical output; stats count hits and misses per command")
  func hitAndMiss() throws {
    let (dir, env) = try Self.freshCache()
    defer { try? FileManager.default.removeItem(at: dir) }
    let first = try TestSupport.runPrecis(["summarize", "--format", "json", Self.example], environment: env)
    let second = try TestSupport.runPrecis(["summarize", "--format", "json", Self.example], environment: env)
    let uncached = try TestSupport.runPrecis(["summarize", "--format", "json", "--no-cache", Self.example], environment: env)
    #expect(first.status == 0 && second.status == 0)
    #expect(first.stdout == second.stdout && second.stdout == uncached.stdout)
    let stats = try Self.stats(env)
    #expect(stats["entries"] as? Int == 1)
    #expect(stats["hits"] as? Int == 1)
    #expect(stats["misses"] as? Int == 1)
    let commands = try #require(stats["commands"] as? [[String: Any]])
    #expect(commands.first?["command"] as? String == "summarize")
    #expect(FileManager.default.fileExists(atPath: env["PRECIS_CACHE"] ?? ""))
    let mode = try CacheStore(path: env["PRECIS_CACHE"] ?? "").firstValue(ofSQL: "PRAGMA journal_mode")
    #expect(mode == "wal")
  }

  @Test("Options and commands get their own entries; --no-cache writes nothing; --refresh recomputes")
  func keySensitivity() throws {
    let (dir, env) = try Self.freshCache()
    defer { try? FileManager.default.removeItem(at: dir) }
    for args in [["summarize"], ["summarize", "--sentences", "2"], ["summarize", "--format", "markdown"],
                 ["summarize", "--algorithm", "lead"], ["gloss"], ["gloss", "--top", "3"], ["analyze"]] {
      let run = try TestSupport.runPrecis(args + [Self.example], environment: env)
      #expect(run.status == 0, "\(args): \(run.stderr)")
    }
    #expect(try Self.stats(env)["entries"] as? Int == 7)
    _ = try TestSupport.runPrecis(["summarize", "--no-cache", "--words", "30", Self.example], environment: env)
    #expect(try Self.stats(env)["entries"] as? Int == 7)
    _ = try TestSupport.runPrecis(["summarize", "--refresh", Self.example], environment: env)
    let stats = try Self.stats(env)
    #expect(stats["entries"] as? Int == 7)
    #expect(stats["hits"] as? Int == 0, "--refresh must not count as a hit")
  }

  @Test("Equivalent texts (NFD, CRLF, stdin, another name) share the entry and the hash")
  func equivalence() throws {
    let (dir, env) = try Self.freshCache()
    defer { try? FileManager.default.removeItem(at: dir) }
    let text = try String(contentsOf: TestSupport.repositoryRoot.appendingPathComponent(Self.example), encoding: .utf8)
    let variant = dir.appendingPathComponent("variant.txt")
    try ("\n  " + text.decomposedStringWithCanonicalMapping.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n\r\n")
      .write(to: variant, atomically: true, encoding: .utf8)
    let a = try TestSupport.runPrecis(["summarize", "--format", "json", Self.example], environment: env)
    let b = try TestSupport.runPrecis(["summarize", "--format", "json", variant.path], environment: env)
    let c = try TestSupport.runPrecis(["summarize", "--format", "json"], stdin: Data(text.utf8), environment: env)
    func field(_ run: TestSupport.Run, _ name: String) throws -> String? {
      (try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])?[name] as? String
    }
    #expect(try field(a, "hash") == field(b, "hash") && field(b, "hash") == field(c, "hash"))
    #expect(try field(a, "hash")?.count == 64)
    #expect(try field(b, "file") == variant.path && field(c, "file") == "<stdin>")
    let stats = try Self.stats(env)
    #expect(stats["entries"] as? Int == 1)
    #expect(stats["hits"] as? Int == 2)
  }

  @Test("A file that is not SQLite at the cache path is moved aside; the command still succeeds")
  func corruptCache() throws {
    let (dir, env) = try Self.freshCache()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = try #require(env["PRECIS_CACHE"])
    try Data("this is not a database, just some text that a user put here by mistake\n".utf8).write(to: URL(fileURLWithPath: path))
    let run = try TestSupport.runPrecis(["summarize", Self.example], environment: env)
    #expect(run.status == 0)
    #expect(!run.stdout.isEmpty)
    #expect(run.stderr.contains("moved it to"), "\(run.stderr)")
    let moved = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("corrupt") }
    #expect(moved.count == 1)
    #expect(try Self.stats(env)["entries"] as? Int == 1)
  }

  @Test("An unusable cache location gives one warning and the command succeeds")
  func unusableLocation() throws {
    let dir = try TestSupport.temporaryDirectory("precis-cache")
    defer { try? FileManager.default.removeItem(at: dir) }
    // A regular file where the cache's folder should be: creating the folder fails, even as root.
    let blocker = dir.appendingPathComponent("not-a-folder")
    try Data("x".utf8).write(to: blocker)
    let env = ["PRECIS_CACHE": blocker.appendingPathComponent("cache.sqlite").path]
    let run = try TestSupport.runPrecis(["summarize", Self.example], environment: env)
    let direct = try TestSupport.runPrecis(["summarize", "--no-cache", Self.example])
    #expect(run.status == 0)
    #expect(run.stdout == direct.stdout)
    #expect(run.stderr.split(separator: "\n").count == 1 && run.stderr.contains("warning"), "\(run.stderr)")
  }

  @Test("Several processes writing at once leave every entry and a sound database")
  func concurrentProcesses() throws {
    let (dir, env) = try Self.freshCache()
    defer { try? FileManager.default.removeItem(at: dir) }
    let text = try String(contentsOf: TestSupport.repositoryRoot.appendingPathComponent(Self.example), encoding: .utf8)
    let inputs = try (0..<6).map { k -> String in
      let url = dir.appendingPathComponent("a\(k).txt")
      try "Article numéro \(k). \(text)".write(to: url, atomically: true, encoding: .utf8)
      return url.path
    }
    let failures = Mutex(0)
    DispatchQueue.concurrentPerform(iterations: inputs.count * 2) { k in
      let args = k % 2 == 0 ? ["summarize", inputs[k / 2]] : ["gloss", inputs[k / 2]]
      if (try? TestSupport.runPrecis(args, environment: env))?.status != 0 { failures.withLock { $0 += 1 } }
    }
    #expect(failures.withLock { $0 } == 0)
    #expect(try Self.stats(env)["entries"] as? Int == 12)
    #expect(try CacheStore(path: env["PRECIS_CACHE"] ?? "").integrityCheck() == "ok")
  }

  @Test("prune --max-size keeps the cache under the size; clear empties it; path prints it")
  func pruneClearPath() throws {
    let (dir, env) = try Self.freshCache()
    defer { try? FileManager.default.removeItem(at: dir) }
    for n in 1...5 { _ = try TestSupport.runPrecis(["summarize", "--sentences", "\(n)", Self.example], environment: env) }
    #expect(try Self.stats(env)["entries"] as? Int == 5)
    let prune = try TestSupport.runPrecis(["cache", "prune", "--max-size", "1kB"], environment: env)
    #expect(prune.status == 0, "\(prune.stderr)")
    #expect((try Self.stats(env)["entries"] as? Int ?? 99) < 5)
    let bad = try TestSupport.runPrecis(["cache", "prune", "--older-than", "soon"], environment: env)
    #expect(bad.status == 64)
    #expect(try TestSupport.runPrecis(["cache", "clear"], environment: env).status == 0)
    #expect(try Self.stats(env)["entries"] as? Int == 0)
    let path = try TestSupport.runPrecis(["cache", "path"], environment: env)
    #expect(path.stdout == (env["PRECIS_CACHE"] ?? "") + "\n")
    let flag = try TestSupport.runPrecis(["cache", "path", "--cache", "/tmp/elsewhere.sqlite"], environment: env)
    #expect(flag.stdout == "/tmp/elsewhere.sqlite\n")
  }
}
