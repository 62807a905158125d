import Testing

@testable import PrecisSummarize

@Suite("Sentence marks")
struct SentenceMarksTests {
  /// The definition `marks` must agree with: scalars and bytes, read the slow way.
  static func reference(_ text: String) -> (quote: Bool, colon: Bool, parenthesis: Bool) {
    let quote = text.unicodeScalars.contains { [0xAB, 0xBB, 0x22, 0x201C, 0x201D].contains($0.value) }
    return (quote, text.utf8.contains(58), text.utf8.contains(40))
  }

  @Test("Quotation marks, colons and parentheses, in one pass over the bytes, as by scalars")
  func agreesWithScalars() {
    let fixed = [
      "« Bonjour », dit-il.", "Il a dit “oui”.", "Un \"mot\".", "Note : rien (ou presque).", "Aucun signe ici.",
      "", "‘single’ quotes are not quotes", "Ends with «", "Ends with “", "Â¬ ¢ é – — … ’",
    ]
    // Random strings over characters that share lead bytes with the marks (C2, E2 80).
    let alphabet = Array("a «»“”‘’„\"():;¢¬Âé–—…€ \u{2028}")
    var generator = SystemRandomNumberGenerator()
    let random = (0..<2000).map { _ in String((0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }) }
    for text in fixed + random {
      let (q, c, p) = SentenceFeatures.marks(text)
      let expected = Self.reference(text)
      #expect(q == expected.quote && c == expected.colon && p == expected.parenthesis, "\(text)")
    }
  }
}
