import Foundation
import PrecisTestSupport
import Testing

/// An input of 60,000 sentences is summarised within bounds that comparing every pair of
/// sentences exceeds: its n² × 8-byte graph is 28.8 GB, and a redundancy check against every
/// chosen sentence takes minutes.
@Suite("precis on a long input")
struct LongInputTests {
  static let sentences = 60_000
  /// Virtual memory, in KiB: a run peaks near 110 MB resident; a tenth of the complete graph
  /// would not fit.
  static let memoryLimit = 600_000
  /// CPU time, in seconds: a debug build takes about 11 s for the learned scorer.
  static let cpuLimit = 90

  /// Runs `precis summarize --no-cache --format json` with `arguments` under the limits.
  func runLimited(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    let script = "ulimit -v \(Self.memoryLimit) && ulimit -t \(Self.cpuLimit) && exec \"$0\" summarize --no-cache --format json \"$@\""
    process.arguments = ["-c", script, TestSupport.precisExecutable.path] + arguments
    process.currentDirectoryURL = TestSupport.repositoryRoot
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "PRECIS_DATA")
    environment["PRECIS_CACHE"] = TestSupport.sharedCachePath
    process.environment = environment
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      errData = err.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
  }

  @Test("60,000 one-line sentences are summarised in bounded memory and time", arguments: [
    ["--algorithm", "learned"],
    ["--algorithm", "textrank", "--ratio", "1"],
  ])
  func sixtyThousandSentences(options: [String]) throws {
    let folder = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("long.txt")
    let text = (1...Self.sentences).map { "Le chat numéro \($0) dort.\n" }.joined()
    try text.write(to: file, atomically: true, encoding: .utf8)
    let run = try runLimited(options + [file.path])
    #expect(run.status == 0, "stderr: \(run.stderr.prefix(300))")
    let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
    #expect(json?["sentenceCount"] as? Int == Self.sentences)
    let chosen = json?["sentences"] as? [[String: Any]] ?? []
    #expect(!chosen.isEmpty)
    #expect(chosen.allSatisfy { ($0["text"] as? String)?.hasPrefix("Le chat numéro ") == true })
  }
}
