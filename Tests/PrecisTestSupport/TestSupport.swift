import Foundation
import PrecisText

/// Helpers shared by Precis's tests: documents from sentences, temporary folders, the
/// repository root, running the built `precis` binary, and golden-file assertions.
public enum TestSupport {
  /// The repository root (the folder holding Package.swift).
  public static let repositoryRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url
  }()

  /// A document built from `paragraphs` (one a line) with the French resources.
  public static func makeDocument(_ paragraphs: String..., clean: Bool = true) throws -> Document {
    try Document(text: paragraphs.joined(separator: "\n"), options: DocumentOptions(clean: clean))
  }

  /// A new empty temporary folder.
  public static func temporaryDirectory(_ name: String = "precis-tests") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// The `precis` executable built next to the test bundle.
  public static var precisExecutable: URL {
    let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    return exe.deletingLastPathComponent().appendingPathComponent("precis")
  }

  /// The cache the tests' runs of `precis` use unless they set PRECIS_CACHE; its folder is
  /// removed when the test process exits (each test process left one behind before).
  public static let sharedCachePath: String = {
    try? FileManager.default.createDirectory(at: sharedCacheFolder, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: TestSupport.sharedCacheFolder) }
    return sharedCacheFolder.appendingPathComponent("cache.sqlite").path
  }()

  /// The folder of `sharedCachePath`, one a test process.
  static let sharedCacheFolder = FileManager.default.temporaryDirectory.appendingPathComponent("precis-test-cache-\(getpid())")

  /// What a run of the binary produced.
  public struct Run: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
  }

  /// Runs `precis` with `arguments`, feeding `stdin`, from the repository root.
  public static func runPrecis(
    _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:], timeout: TimeInterval = 120
  ) throws -> Run {
    let process = Process()
    process.executableURL = precisExecutable
    process.arguments = arguments
    process.currentDirectoryURL = repositoryRoot
    process.environment = precisEnvironment(adding: environment)
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = stdin == nil ? FileHandle.nullDevice : input
    try process.run()
    if let stdin {
      input.fileHandleForWriting.write(stdin)
      try input.fileHandleForWriting.close()
    }
    let (outData, errData, _) = collect(process, out: out, err: err, timeout: timeout) { process.terminate() }
    return Run(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  /// The environment of a test run of `precis`: never the user's data folder or cache (one
  /// cache shared by this test process, so goldens also go through it), with `extra` added.
  static func precisEnvironment(adding extra: [String: String] = [:]) -> [String: String] {
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "PRECIS_DATA")
    env["PRECIS_CACHE"] = sharedCachePath
    for (k, v) in extra { env[k] = v }
    return env
  }

  /// Reads both pipes of the running `process` at once (so a large output cannot block it),
  /// calls `stop` if they are still open after `timeout`, and waits for the process.
  static func collect(
    _ process: Process, out: Pipe, err: Pipe, timeout: TimeInterval, stop: () -> Void
  ) -> (stdout: Data, stderr: Data, timedOut: Bool) {
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data()
    nonisolated(unsafe) var errData = Data()
    for (pipe, isOut) in [(out, true), (err, false)] {
      group.enter()
      DispatchQueue.global().async {
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        if isOut { outData = data } else { errData = data }
        group.leave()
      }
    }
    let timedOut = group.wait(timeout: .now() + timeout) == .timedOut
    if timedOut { stop() }
    process.waitUntilExit()
    group.wait()
    return (outData, errData, timedOut)
  }

  /// Compares `actual` with the golden file `Tests/<target>/Golden/<name>`. With
  /// `PRECIS_RECORD=1` the file is rewritten and the check fails, so recording is never
  /// mistaken for passing (as argument-parser's `assertSnapshot`).
  public static func golden(_ actual: String, target: String, name: String) throws -> String? {
    let url = repositoryRoot.appendingPathComponent("Tests/\(target)/Golden/\(name)")
    if ProcessInfo.processInfo.environment["PRECIS_RECORD"] == "1" {
      try actual.write(to: url, atomically: true, encoding: .utf8)
      return "recorded \(url.path); run again without PRECIS_RECORD"
    }
    let expected = (try? String(contentsOf: url, encoding: .utf8)) ?? "<missing golden file \(name)>"
    if expected == actual { return nil }
    return "output differs from \(name):\n" + lineDiff(expected: expected, actual: actual)
  }

  /// A readable diff: the first lines that differ, with their numbers.
  public static func lineDiff(expected: String, actual: String) -> String {
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for i in 0..<max(e.count, a.count) where out.count < 12 {
      let x = i < e.count ? String(e[i]) : "<none>"
      let y = i < a.count ? String(a[i]) : "<none>"
      if x != y { out.append("line \(i + 1):\n  - \(x)\n  + \(y)") }
    }
    return out.joined(separator: "\n")
  }
}

/// A small seeded generator (SplitMix64), so that failures reproduce.
public struct SplitMix64 {
  public var state: UInt64
  public init(seed: UInt64) { state = seed }
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
