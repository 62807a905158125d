import PrecisTestSupport
import PrecisText
import Testing

@Suite("Sentence segmentation")
struct SegmenterTests {
  static let cases: [(String, [String])] = [
    ("M. Dupont est arrivé. Il pleut.", ["M. Dupont est arrivé.", "Il pleut."]),
    ("MM. Durand et Martin sont là. Mme Dupont aussi.", ["MM. Durand et Martin sont là.", "Mme Dupont aussi."]),
    ("Le 3 janv. 2024, il a neigé. Puis il a plu.", ["Le 3 janv. 2024, il a neigé.", "Puis il a plu."]),
    ("Il est né en 52 av. J.-C. à Rome. Il est mort jeune.", ["Il est né en 52 av. J.-C. à Rome.", "Il est mort jeune."]),
    ("J. K. Rowling publie un livre. Il sort demain.", ["J. K. Rowling publie un livre.", "Il sort demain."]),
    ("Le Dr. Martin soigne. Le Pr. Durand enseigne.", ["Le Dr. Martin soigne.", "Le Pr. Durand enseigne."]),
    ("Le navire transporte 2.600 passagers. Il mesure 3,5 km.", ["Le navire transporte 2.600 passagers.", "Il mesure 3,5 km."]),
    ("Il hésite… Puis il part.", ["Il hésite…", "Puis il part."]),
    ("Il hésite... Puis il part.", ["Il hésite...", "Puis il part."]),
    ("« Pourquoi ? » demande-t-il. Personne ne répond.", ["« Pourquoi ? » demande-t-il.", "Personne ne répond."]),
    ("Il a dit : « C'est fini. » Puis il est parti.", ["Il a dit : « C'est fini. »", "Puis il est parti."]),
    ("Il a dit : « C'est fini.\u{00A0}» Puis il est parti.", ["Il a dit : « C'est fini.\u{00A0}»", "Puis il est parti."]),
    ("la consommation domestique.Consternant, le résultat est là.", ["la consommation domestique.", "Consternant, le résultat est là."]),
    ("des soldats américains.Au lendemain, rien.", ["des soldats américains.", "Au lendemain, rien."]),
    ("Il a fermé en 2019.L'usine est vide.", ["Il a fermé en 2019.", "L'usine est vide."]),
    ("Le site Alibaba.com vend tout. Voir www.Orange.fr pour le reste.", ["Le site Alibaba.com vend tout.", "Voir www.Orange.fr pour le reste."]),
    ("Il a vu des chats, des chiens, etc. Ensuite il est parti.", ["Il a vu des chats, des chiens, etc.", "Ensuite il est parti."]),
    ("Voir p. 12 et art. 3 du code. Fin.", ["Voir p. 12 et art. 3 du code.", "Fin."]),
    ("Quoi ?! Non. Oui !", ["Quoi ?!", "Non.", "Oui !"]),
    ("Il répond. - Non, dit-elle.", ["Il répond.", "- Non, dit-elle."]),
    ("\"C'est faux.\" Le ministre a démenti.", ["\"C'est faux.\"", "Le ministre a démenti."]),
  ]

  @Test("French sentences split where a reader would", arguments: cases)
  func segmenterSplitsFrenchSentences(input: String, expected: [String]) throws {
    let document = try TestSupport.makeDocument(input, clean: false)
    #expect(document.sentences.map(\.text) == expected)
  }

  @Test("An abbreviation given in another Unicode form (NFD) still matches the NFC text; so do initials")
  func abbreviationForms() {
    let resources = LanguageResources(abbreviations: ["re\u{301}f."], elisions: [], stopWords: [])
    let segmenter = SentenceSegmenter(resources: resources)
    let text = Array("Voir la réf. Dupont pour plus. É. Zola le dit. Il pleut.".utf16)
    let sentences = text.withUnsafeBufferPointer { buffer in
      segmenter.sentences(in: buffer, range: 0..<buffer.count).map { String(decoding: buffer[$0], as: UTF16.self) }
    }
    #expect(sentences == ["Voir la réf. Dupont pour plus.", "É. Zola le dit.", "Il pleut."])
  }

  @Test("Line breaks end paragraphs and sentences")
  func lineBreaksArePargraphEnds() throws {
    let document = try TestSupport.makeDocument("Un titre sans point", "Première phrase. Deuxième phrase.", clean: false)
    #expect(document.sentences.map(\.text) == ["Un titre sans point", "Première phrase.", "Deuxième phrase."])
    #expect(document.sentences.map(\.paragraph) == [0, 1, 1])
    #expect(document.sentences.map(\.isFirstInParagraph) == [true, true, false])
  }

  @Test("Plain ICU is available as a baseline and differs on glued sentences")
  func icuBaselineKeepsGluedSentences() throws {
    let text = "la consommation domestique.Consternant, le résultat est là."
    let icu = try Document(text: text, options: DocumentOptions(splitter: .icu, clean: false))
    #expect(icu.sentences.count == 1)
  }

  @Test("CRLF and NFD input give the same sentences as LF and NFC")
  func equivalentInputsGiveSameDocument() throws {
    let nfc = "L'été à Noël.\nÇa commence. Où ?"
    let nfdCRLF = "L'e\u{301}te\u{301} a\u{300} Noe\u{308}l.\r\nC\u{327}a commence. Ou\u{300} ?"
    let a = try TestSupport.makeDocument(nfc)
    let b = try TestSupport.makeDocument(nfdCRLF)
    #expect(a.sentences.map(\.text) == b.sentences.map(\.text))
    #expect(a.text == b.text)
  }
}
