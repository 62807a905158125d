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

@Suite("Headword kinds")
struct HeadwordKindsTests {
  @Test("kinds(of:) agrees with the entries of every headword of the built-in lexicon, and with user entries")
  func everyHeadword() throws {
    let lexicon = try Lexicon.french()
    let file = try DataFile.load("lexicons/fr-en/lexicon.tsv")
    var seen = Set<Substring>(), names = 0, both = 0
    for (_, line) in file.lines() {
      guard let headword = line.split(separator: "\t", omittingEmptySubsequences: false).first, seen.insert(headword).inserted else {
        continue
      }
      let word = String(headword)
      let kinds = lexicon.kinds(of: word)
      #expect(kinds == HeadwordKinds(lexicon.entries(for: word)), "\(word)")
      if kinds.contains(.name) { names += 1 }
      if kinds == [.name, .common] { both += 1 }
    }
    // The lexicon has names, and words that are both ("Hexagone": France, hexagon).
    #expect(seen.count > 50_000 && names > 1_000 && both > 100)
    #expect(lexicon.kinds(of: "zzzz-pas-un-mot").isEmpty)
    // A user entry for a name turns a common word into both.
    let user = try UserLexicon(text: "poste\tname\tthe French postal service\n", path: "user.tsv")
    let withUser = lexicon.adding(user)
    #expect(lexicon.kinds(of: "poste") == [.common])
    #expect(withUser.kinds(of: "poste") == HeadwordKinds(withUser.entries(for: "poste")))
    #expect(withUser.kinds(of: "poste").contains(.name))
  }

  @Test("A line without a gloss counts for kinds(of:) no more than for entries(for:)")
  func blankGlosses() {
    // Sorted by bytes, as the built-in file is.
    let text = "# version: test\nabc\tname\t | \nabc\tnoun\tletters\nxyz\tname\tXYZ\nxyz\tverb\t\n"
    let lexicon = Lexicon(file: DataFile(path: "test.tsv", text: text))
    for word in ["abc", "xyz"] { #expect(lexicon.kinds(of: word) == HeadwordKinds(lexicon.entries(for: word)), "\(word)") }
    #expect(lexicon.kinds(of: "abc") == [.common])
    #expect(lexicon.kinds(of: "xyz") == [.name])
  }
}
