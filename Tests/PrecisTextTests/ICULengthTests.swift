import CICU
@testable import PrecisText
import Testing

/// ICU takes lengths as int32_t: a text of more than Int32.max UTF-16 units must be refused
/// or skipped, never trap on the conversion. The buffers claim such a length over a few
/// real units; the code under test must refuse before reading past them.
@Suite("Texts longer than ICU's int32_t lengths")
struct ICULengthTests {
  static let hugeCount = Int(Int32.max) + 2

  func withHugeBuffer<R>(_ body: (UnsafeBufferPointer<UInt16>) throws -> R) rethrows -> R {
    let units: [UInt16] = Array("Le chat dort.".utf16)
    return try units.withUnsafeBufferPointer { real in
      try body(UnsafeBufferPointer(start: real.baseAddress, count: Self.hugeCount))
    }
  }

  @Test("transformUTF16 throws an ICU error instead of trapping, without calling ICU")
  func transformRefuses() {
    withHugeBuffer { huge in
      var called = false
      #expect(throws: TextError.icu(operation: "lower-casing", code: 1)) {
        try transformUTF16(huge, operation: "lower-casing") { _, _, _, _, _ in
          called = true
          return 0
        }
      }
      #expect(!called)
    }
  }

  @Test("transformUTF16 still works on a short text")
  func transformWorks() throws {
    let units: [UInt16] = Array("ÉTÉ".utf16)
    let lowered = try units.withUnsafeBufferPointer { buffer throws(TextError) in
      try transformUTF16(buffer, operation: "lower-casing") { cicu_to_lower($0, $1, $2, $3, $4) }
    }
    #expect(lowered == Array("été".utf16))
  }

  @Test("The sentence segmenter asks ICU for no boundary in a paragraph ICU cannot take")
  func segmenterSkipsICU() {
    withHugeBuffer { huge in
      let boundaries = SentenceSegmenter.icuBoundaries(
        kind: Int32(CICU_BREAK_SENTENCE), text: huge, range: 0..<Self.hugeCount)
      #expect(boundaries.isEmpty)
    }
  }

  @Test("The tokenizer gives no token for a sentence ICU cannot take")
  func tokenizerSkips() throws {
    let tokenizer = WordTokenizer(resources: try LanguageResources.french())
    withHugeBuffer { huge in
      #expect(tokenizer.tokens(in: huge, lowered: nil, range: 0..<Self.hugeCount).isEmpty)
    }
  }
}
