import Foundation
import PrecisSummarize
import PrecisTestSupport
import PrecisText
import Testing

@Suite("Long documents: bounded comparisons")
struct LongDocumentTests {
  func context(_ document: Document) throws -> ScoringContext {
    ScoringContext(document: document, frequencies: try DocumentFrequencies.french())
  }

  /// A made-up word for `k`, unknown to the frequency table: letters only, so it is a content word.
  static func word(_ k: Int) -> String {
    let letters = Array("bcdfghjklmnpqrstvwxz")
    var k = k, word = "zo"
    repeat {
      word.append(letters[k % letters.count])
      k /= letters.count
    } while k > 0
    return word
  }

  @Test("TextRank's bounded graph with a window spanning the document ranks as the complete graph, to the bit")
  func spanningWindowIsExact() throws {
    let text = try String(
      contentsOf: TestSupport.repositoryRoot.appendingPathComponent("examples/alibaba-cebit.txt"), encoding: .utf8)
    for document in [try ScorerTests.strikeDocument(), try Document(text: text)] {
      let context = try context(document)
      let n = document.sentences.count
      let exact = TextRankScorer().scores(for: document, context: context)
      let bounded = TextRankScorer(exactLimit: 0, window: n - 1).scores(for: document, context: context)
      #expect(n > 4)
      #expect(bounded == exact)
    }
  }

  @Test("Beyond the limit, TextRank links a sentence only to those within its window")
  func windowBoundsTheGraph() throws {
    // The first and last sentences are alike; the three between share no term with anything.
    let document = try TestSupport.makeDocument(
      "\(Self.word(1)) \(Self.word(2)) \(Self.word(3)) \(Self.word(4)).",
      "\(Self.word(10)) \(Self.word(11)) \(Self.word(12)).",
      "\(Self.word(20)) \(Self.word(21)) \(Self.word(22)).",
      "\(Self.word(30)) \(Self.word(31)) \(Self.word(32)).",
      "\(Self.word(1)) \(Self.word(2)) \(Self.word(3)) \(Self.word(5)).")
    let context = try context(document)
    let exact = TextRankScorer().scores(for: document, context: context)
    #expect(exact[0] > exact[1] && exact[4] > exact[1])
    for window in [1, 3] {
      let bounded = TextRankScorer(exactLimit: 0, window: window).scores(for: document, context: context)
      #expect(Set(bounded).count == 1, "window \(window): \(bounded)")
    }
    let reaching = TextRankScorer(exactLimit: 0, window: 4).scores(for: document, context: context)
    #expect(reaching == exact)
  }

  @Test("Beyond the limit, a near-duplicate of a chosen neighbour is still skipped")
  func boundedRedundancy() throws {
    // Pairs of near-duplicates, each pair with words of its own: lead ranks the first of
    // each pair first, and the second is then redundant.
    let pairs = LongDocument.exactLimit / 2 + 100
    var lines: [String] = []
    for p in 0..<pairs {
      let words = (0..<4).map { Self.word(4 * p + $0) }.joined(separator: " ")
      lines += ["\(words) \(Self.word(9_000_000)).", "\(words) \(Self.word(9_000_001))."]
    }
    let document = try Document(text: lines.joined(separator: "\n"))
    #expect(document.sentences.count == 2 * pairs)
    let summary = try Summarizer(algorithm: .lead, length: .ratio(1)).summarize(document)
    #expect(summary.sentences.map(\.index) == Array(stride(from: 0, to: 2 * pairs, by: 2)))
  }
}
