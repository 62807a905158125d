import Foundation
import PrecisSummarize
import PrecisTestSupport
import Testing

@Suite("ROUGE")
struct RougeTests {
  struct Reference: Decodable {
    struct Measure: Decodable { let p: Double, r: Double, f: Double }
    struct Pair: Decodable {
      let candidate: String, reference: String
      let rouge1: Measure, rouge2: Measure, rougeL: Measure
    }
    let pairs: [Pair]
  }

  static func pairs() throws -> [Reference.Pair] {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/rouge-reference", withExtension: "json"))
    return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url)).pairs
  }

  @Test("Scores equal Python rouge-score's on fixed pairs (scripts/data/rouge_reference.py)")
  func matchesRougeScore() throws {
    let pairs = try Self.pairs()
    #expect(pairs.count >= 8)
    for pair in pairs {
      let score = Rouge.score(candidate: pair.candidate, reference: pair.reference)
      for (mine, theirs, name) in [(score.rouge1, pair.rouge1, "R-1"), (score.rouge2, pair.rouge2, "R-2"), (score.rougeL, pair.rougeL, "R-L")] {
        #expect(abs(mine.p - theirs.p) < 1e-9, "\(name) precision for \(pair.candidate)")
        #expect(abs(mine.r - theirs.r) < 1e-9, "\(name) recall for \(pair.candidate)")
        #expect(abs(mine.f - theirs.f) < 1e-9, "\(name) F1 for \(pair.candidate)")
      }
    }
  }

  @Test("Tokens are lower-cased runs of letters and digits, accents kept")
  func tokens() {
    #expect(Rouge.tokens("L’Élysée a dit 2.600 fois : « non_merci » !") == ["l", "élysée", "a", "dit", "2", "600", "fois", "non", "merci"])
  }
}
