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
  /// Wall time, in seconds: a debug build takes about 11 s for the learned scorer; the
  /// redundancy check against every chosen sentence took minutes.
  static let timeLimit: TimeInterval = 90

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
    let run = try TestSupport.runPrecisBounded(
      ["summarize", "--no-cache", "--format", "json"] + options + [file.path], memoryKiB: Self.memoryLimit, timeout: Self.timeLimit)
    #expect(!run.signaled && run.status == 0, "\(run.ending); stderr: \(run.stderr.prefix(300))")
    let json = try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any]
    #expect(json?["sentenceCount"] as? Int == Self.sentences)
    let chosen = json?["sentences"] as? [[String: Any]] ?? []
    #expect(!chosen.isEmpty)
    #expect(chosen.allSatisfy { ($0["text"] as? String)?.hasPrefix("Le chat numéro ") == true })
  }
}
