import Testing

@testable import PrecisGloss
import PrecisText

@Suite("Name headwords")
struct HeadwordTests {
  @Test("A run of tokens gives the headword that normalising its text gives")
  func sameAsNormalizing() throws {
    let texts = [
      "Hier, L’Oréal et la Banque de France ont reçu Jean-Pierre Raffarin à Paris.",
      "Le groupe l'Oréal a vu J.K. Rowling et ÉLISABETH BORNE au Royaume-Uni.",
      "Selon Reuters\u{00A0}France, Jack\tMa et Matteo  Renzi se sont vus à Saint-Étienne.",
    ]
    var runs = 0
    for text in texts {
      let document = try Document(text: text)
      for sentence in document.sentences {
        let tokens = sentence.tokens
        for first in tokens.indices {
          for last in first..<min(tokens.count, first + 4) {
            let span = tokens[first].range.lowerBound..<tokens[last].range.upperBound
            let expected = UserLexicon.normalizeHeadword(document.text(in: span))
            #expect(Glossarist.headword(tokens, first, last, in: document) == expected, "\(document.text(in: span))")
            runs += 1
          }
        }
      }
    }
    #expect(runs > 100)
  }
}
