import PrecisText
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Seconds of CPU time this thread spends in `body`: unlike wall time, it does not grow when
/// the machine is busy with other tests (a parallel `swift test` in CI).
func threadSeconds(_ body: () -> Void) -> Double {
  func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
  }
  let start = now()
  body()
  return now() - start
}

/// Paragraphs on which segmenting or cleaning could be superlinear: each case must take a few
/// seconds at most (debug build), where quadratic work takes tens of seconds.
@Suite("Segmenting and cleaning adversarial paragraphs")
struct SegmenterWorstCaseTests {
  func segment(_ text: String) throws -> (sentences: [Range<Int>], seconds: Double) {
    let segmenter = SentenceSegmenter(resources: try LanguageResources.french())
    let units = Array(text.utf16)
    var sentences: [Range<Int>] = []
    let elapsed = threadSeconds {
      sentences = units.withUnsafeBufferPointer { segmenter.sentences(in: $0, range: 0..<units.count) }
    }
    return (sentences, elapsed)
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

  @Test("Tens of thousands of trailing teaser paragraphs are dropped in linear time")
  func manyTeaserParagraphs() throws {
    // Two halves with no word in common: every paragraph of the second is a teaser.
    let consonants = Array("bcdfghjklmnpqrstvwxz")
    func word(_ n: Int, _ prefix: String) -> String {
      var n = n, s = prefix
      for _ in 0..<5 { s.append(consonants[n % 20]); n /= 20 }
      return s
    }
    let half = 40_000
    let lines = (0..<(2 * half)).map { i in
      let prefix = i < half ? "ba" : "zu"
      return "Le " + (0..<3).map { word(3 * i + $0, prefix) }.joined(separator: " ") + "."
    }
    var document: Document?
    let elapsed = threadSeconds { document = try? Document(text: lines.joined(separator: "\n")) }
    #expect(elapsed < 15, "\(elapsed) s of CPU")
    #expect(document?.sentences.count == half)
  }
}
