import PrecisTestSupport
@testable import PrecisText
import Testing

@Suite("Word tokens")
struct TokenizerTests {
  func norms(_ text: String) throws -> [String] {
    try TestSupport.makeDocument(text, clean: false).sentences.flatMap { $0.tokens.map(\.norm) }
  }

  @Test("Each token carries the FNV-1a of its norm, and its stop-word flag agrees with the set")
  func hashes() throws {
    let text = "L’équipe d’Air France a dit-elle « déjà » 2.600 fois : É-U, aujourd'hui, Ça va ? 🇫🇷 e\u{301}té"
    let resources = try LanguageResources.french()
    for token in try TestSupport.makeDocument(text, clean: false).sentences.flatMap(\.tokens) {
      #expect(token.hash == FNV1a.hash(utf8Of: token.norm), "\(token.norm)")
      #expect(token.isStopWord == (token.isElision || resources.stopWordKeys.contains(token.norm)), "\(token.norm)")
    }
  }

  @Test("Elided articles and pronouns are split off, with ' or ’")
  func elisionsAreSplit() throws {
    #expect(try norms("L'équipe d’Alibaba jusqu'à l’Hexagone qu'il lorsqu'elle") == [
      "l'", "équipe", "d'", "alibaba", "jusqu'", "à", "l'", "hexagone", "qu'", "il", "lorsqu'", "elle",
    ])
  }

  @Test("Words with an apostrophe that is not an elision stay whole")
  func aujourdhuiStaysWhole() throws {
    #expect(try norms("aujourd'hui") == ["aujourd'hui"])
  }

  @Test("Hyphenated words are one token, except before clitic pronouns")
  func hyphens() throws {
    #expect(try norms("Les États-Unis et l'e-commerce, dit-il, a-t-elle peut-être") == [
      "les", "états-unis", "et", "l'", "e-commerce", "dit", "il", "a", "t", "elle", "peut-être",
    ])
  }

  @Test("Numbers keep their separators and are marked as numbers")
  func numbers() throws {
    let tokens = try TestSupport.makeDocument("2.600 passagers et 3,5 km", clean: false).sentences[0].tokens
    #expect(tokens.map(\.norm) == ["2.600", "passagers", "et", "3,5", "km"])
    #expect(tokens.map(\.kind) == [.number, .word, .word, .number, .word])
  }

  @Test("Stop words and capitals are flagged")
  func flags() throws {
    let tokens = try TestSupport.makeDocument("Le président Macron", clean: false).sentences[0].tokens
    #expect(tokens.map(\.isStopWord) == [true, false, false])
    #expect(tokens.map(\.isCapitalized) == [true, false, true])
  }

  @Test("Token ranges point at the written form")
  func rangesMatchText() throws {
    let document = try TestSupport.makeDocument("L’Élysée a répondu.", clean: false)
    let forms = document.sentences[0].tokens.map { document.text(in: $0.range) }
    #expect(forms == ["L’", "Élysée", "a", "répondu"])
  }
}
