import Testing

@testable import PrecisGloss
import PrecisTestSupport
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
            #expect(TermFinder.headword(tokens, first, last, in: document) == expected, "\(document.text(in: span))")
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

@Suite("Suffix rules")
struct SuffixRuleTests {
  /// The rules of `lexicons/fr/suffix-rules.tsv` applied as the lemmatiser's slow path does:
  /// by characters, longest suffix first.
  static func reference(_ form: String, tag: String?) throws -> (String, String) {
    let rules = try DataFile.load("lexicons/fr/suffix-rules.tsv").lines().map { $0.text.split(separator: "\t").map(String.init) }
      .sorted { $0[0].count > $1[0].count }
    for rule in rules where form.hasSuffix(rule[0]) && form.count > rule[0].count + 2 {
      if let tag, !Lemmatizer.compatible(rule[2], tag) { continue }
      return (String(form.dropLast(rule[0].count)) + (rule[1] == "_" ? "" : rule[1]), rule[2])
    }
    return (form, tag ?? "X")
  }

  @Test("Forms the table lacks get the rules' lemma, on bytes or not (accents, combining marks)")
  func unknownForms() throws {
    let lemmatizer = try Lemmatizer.french()
    var random = SplitMix64(seed: 7)
    let stems = ["zorglub", "qwx", "ab", "brûl", "kœr", "e\u{301}tr", "ñap"]
    let ends = ["ées", "ée", "és", "é", "e\u{301}", "ant", "aient", "aux", "eaux", "euses", "trice", "ives", "elles", "s", "x", "", "ez"]
    var ruled = 0
    for _ in 0..<2_000 {
      let form = stems[Int(random.next() % UInt64(stems.count))] + ends[Int(random.next() % UInt64(ends.count))]
      let tag = [nil, "VERB", "NOUN", "ADJ", "AUX"][Int(random.next() % 5)]
      let reading = lemmatizer.lemma(of: form, tag: tag)
      guard reading.source != .table else { continue }
      let (lemma, upos) = try Self.reference(form, tag: tag)
      #expect(reading.lemma == lemma && reading.upos == upos, "\(form) \(tag ?? "-")")
      if reading.source == .rule { ruled += 1 }
    }
    #expect(ruled > 500)
    // A combining accent: the character "é" is not the suffix "é" plus a mark.
    #expect(lemmatizer.lemma(of: "zorglube\u{301}", tag: "VERB").lemma == "zorgluber")
  }
}
