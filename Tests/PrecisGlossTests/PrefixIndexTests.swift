import Testing

@testable import PrecisGloss
import PrecisText

@Suite("Multi-word prefix index")
struct PrefixIndexTests {
  static let lexicon = DataFile(
    path: "test-lexicon.tsv",
    text: """
      # version: test
      affaires étrangères\tphrase\tforeign affairs
      chaîne\tnoun\tchain
      chaîne logistique\tphrase\tsupply chain
      jusqu'au bout\tphrase\tto the end
      ministère des affaires étrangères\tname\tForeign Ministry

      """)

  /// The prefix and headword hashes a lexicon answers for, tried on every way of cutting
  /// its headwords and on a few others.
  static func answers(_ lexicon: Lexicon) -> [Bool] {
    let phrases = ["chaîne", "chaîne logistique", "ministère", "ministère des", "ministère des affaires",
      "ministère des affaires étrangères", "jusqu'", "jusqu'au", "jusqu'au bout", "affaires", "logistique", "des"]
    return phrases.flatMap { phrase -> [Bool] in
      let hash = FNV1a.hash(utf8Of: phrase)
      return [lexicon.hasBuiltInHeadword(prefixHash: hash), lexicon.mayHaveBuiltInEntries(multiwordHash: hash)]
    }
  }

  @Test("Hashes read from a prefix file answer as hashes found in the lexicon")
  func fromFile() {
    let bytes = Lexicon.prefixFile(of: Self.lexicon)
    let file = DataFile(path: "test.prefixes", copying: bytes)
    let found = Self.answers(Lexicon(file: Self.lexicon))
    #expect(found.contains(true) && found.contains(false))
    #expect(Self.answers(Lexicon(file: Self.lexicon, prefixes: file)) == found)
  }

  @Test("A prefix file of another lexicon is not used")
  func staleFile() {
    let other = DataFile(path: "other.tsv", text: "# version: other\nbonne nouvelle\tphrase\tgood news\n")
    let file = DataFile(path: "other.prefixes", copying: Lexicon.prefixFile(of: other))
    #expect(Self.answers(Lexicon(file: Self.lexicon, prefixes: file)) == Self.answers(Lexicon(file: Self.lexicon)))
  }

  @Test("The shipped prefix file is that of the shipped lexicon (else: precis-train lexicon-prefixes)")
  func shipped() throws {
    let lexicon = try DataFile.load("lexicons/fr-en/lexicon.tsv"), shipped = try DataFile.load("lexicons/fr-en/lexicon.prefixes")
    // A Bool, not the arrays: a failure would print hundreds of kilobytes.
    let fresh = Array(shipped.bytes) == Lexicon.prefixFile(of: lexicon)
    #expect(fresh, "run swift run -c release precis-train lexicon-prefixes lexicons/fr-en/lexicon.tsv lexicons/fr-en/lexicon.prefixes")
  }
}
