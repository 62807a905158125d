import PrecisText
import Testing

/// Paragraphs that made the sentence segmenter superlinear: it must stay well within a few
/// seconds on them (a debug build; before the fix each took over half a minute).
@Suite("Sentence segmenter on adversarial paragraphs")
struct SegmenterWorstCaseTests {
  func segment(_ text: String) throws -> (sentences: [Range<Int>], seconds: Double) {
    let segmenter = SentenceSegmenter(resources: try LanguageResources.french())
    let units = Array(text.utf16)
    let clock = ContinuousClock()
    var sentences: [Range<Int>] = []
    let elapsed = clock.measure {
      sentences = units.withUnsafeBufferPointer { segmenter.sentences(in: $0, range: 0..<units.count) }
    }
    return (sentences, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
  }

  @Test("Glued sentences without any space (a scraper's output) are split in linear time")
  func gluedRunWithoutSpaces() throws {
    let glued = String(repeating: "la.Ba.Bc.", count: 300)
    let (sentences, seconds) = try segment("Le début. " + glued)
    #expect(seconds < 5, "\(seconds) s")
    // "Le début.", "la.", then each "a.B" is a glued boundary: two a repeat ("Ba.", "Bc.la.").
    #expect(sentences.count == 2 + 2 * 300)
  }

  @Test("Many straight quotes after sentence ends are paired in linear time")
  func manyStraightQuotes() throws {
    let (sentences, seconds) = try segment("Le début. " + String(repeating: "Il a dit.\"a ", count: 30_000))
    #expect(seconds < 5, "\(seconds) s")
    #expect(!sentences.isEmpty)
  }
}
