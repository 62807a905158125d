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

  /// Runs the executable at `program` (a copy of precis) like `TestSupport.runPrecis`: its
  /// status and standard output.
  static func run(_ program: URL, _ arguments: [String], environment: [String: String]) throws -> (status: Int32, stdout: String) {
    let process = Process()
    process.executableURL = program
    process.arguments = arguments
    process.currentDirectoryURL = TestSupport.repositoryRoot
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  /// Where `program`'s GNU build ID (the descriptor of its NT_GNU_BUILD_ID note) is.
  static func buildIDRange(_ program: [UInt8]) throws -> Range<Int> {
    // Note header: name size 4, descriptor size, type 3 (NT_GNU_BUILD_ID), then "GNU\0".
    let head: [UInt8] = [4, 0, 0, 0], tail: [UInt8] = [3, 0, 0, 0, 0x47, 0x4E, 0x55, 0]
    let found = (4..<program.count - 16).first { (i: Int) -> Bool in
      program[i - 4..<i].elementsEqual(head) && program[i + 4..<i + 12].elementsEqual(tail)
    }
    let start = try #require(found, "the binary has a build ID note")
    let size = Int(program[start]) | Int(program[start + 1]) << 8
    return start + 12..<start + 12 + size
  }

  /// `program` with every byte of its build ID inverted: the same code as another build
  /// would present it.
  static func withAnotherBuildID(_ program: [UInt8]) throws -> [UInt8] {
    var bytes = program
    for i in try buildIDRange(program) { bytes[i] ^= 0xFF }
    return bytes
  }

  @Test("cache stats shows the build identity: the binary's build ID and the ICU version")
  func statsShowBuild() throws {
    let (dir, env) = try Self.freshCache()
    defer { try? FileManager.default.removeItem(at: dir) }
    _ = try TestSupport.runPrecis(["summarize", Self.example], environment: env)
    let program = [UInt8](try Data(contentsOf: TestSupport.precisExecutable))
    let id = try program[Self.buildIDRange(program)].map { String(format: "%02x", $0) }.joined()
    let build = try #require(try Self.stats(env)["build"] as? String)
    #expect(build.hasPrefix("build-id \(id), icu "), "\(build)")
    #expect(build.split(separator: " ").last?.first?.isNumber == true, "\(build)")
  }

  @Test("A result cached by another build is not served: the build ID is in every key")
  func anotherBuild() throws {
    let (dir, env) = try Self.freshCache()
    defer { try? FileManager.default.removeItem(at: dir) }
    let other = dir.appendingPathComponent("precis-other")
    try Data(Self.withAnotherBuildID([UInt8](Data(contentsOf: TestSupport.precisExecutable)))).write(to: other)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: other.path)
    let articles = dir.appendingPathComponent("articles")
    try FileManager.default.createDirectory(at: articles, withIntermediateDirectories: false)
    try FileManager.default.copyItem(
      at: TestSupport.repositoryRoot.appendingPathComponent(Self.example), to: articles.appendingPathComponent("a.txt"))
    for args in [["summarize", Self.example], ["batch", articles.path]] {
      let first = try TestSupport.runPrecis(args, environment: env)
      let again = try TestSupport.runPrecis(args, environment: env)
      let byOther = try Self.run(other, args, environment: env)
      #expect(first.status == 0 && again.status == 0 && byOther.status == 0, "\(args): \(first.stderr)")
      #expect(first.stdout == byOther.stdout)
    }
    let stats = try Self.stats(env)
    let commands = try #require(stats["commands"] as? [[String: Any]])
    for command in commands {
      // The second run of this build hits; the other build's run misses and stores its own.
      #expect(command["hits"] as? Int == 1 && command["misses"] as? Int == 2, "\(command)")
      #expect(command["entries"] as? Int == 2, "\(command)")
    }
    #expect(commands.count == 2)
  }

  @Test("stats, prune and clear of a path with no cache say so in one line and create nothing")
  func missingCache() throws {
    let dir = try TestSupport.temporaryDirectory("precis-cache")
    defer { try? FileManager.default.removeItem(at: dir) }
    let typo = dir.appendingPathComponent("typo.sqlite").path
    for args in [["stats"], ["stats", "--format", "json"], ["prune", "--max-size", "1MB"], ["clear"], ["path"]] {
      let run = try TestSupport.runPrecis(["cache"] + args + ["--cache", typo])
      let expected: Int32 = ["clear", "path"].contains(args[0]) ? 0 : 66
      #expect(run.status == expected, "\(args): \(run.stderr)")
      if args[0] == "path" {
        #expect(run.stdout == typo + "\n" && run.stderr.isEmpty)
      } else {
        #expect(run.stderr == "precis: \(typo): no cache there\n", "\(args)")
        #expect(run.stdout.isEmpty)
      }
      #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "\(args) created a file")
    }
  }

  @Test("Another program's SQLite database at the cache path is left untouched: one warning, the result computed")
  func foreignDatabase() throws {
    let (dir, env) = try Self.freshCache()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = try #require(env["PRECIS_CACHE"])
    // Made with the store's own SQLite: a table of another schema, in the default journal mode.
    try CacheStore.makeForeignDatabase(at: path)
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    let direct = try TestSupport.runPrecis(["summarize", "--no-cache", Self.example])
    let run = try TestSupport.runPrecis(["summarize", Self.example], environment: env)
    #expect(run.status == 0 && run.stdout == direct.stdout)
    #expect(run.stderr.split(separator: "\n").count == 1 && run.stderr.contains("not a precis cache"), "\(run.stderr)")
    let clear = try TestSupport.runPrecis(["cache", "clear"], environment: env)
    #expect(clear.status == 66 && clear.stderr.contains("not a precis cache"), "\(clear.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["cache.sqlite"])
  }
}
