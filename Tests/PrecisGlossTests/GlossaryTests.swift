import Foundation
@testable import PrecisGloss
import PrecisTestSupport
import PrecisText
import Testing

@Suite("Glossary")
struct GlossaryTests {
  static func alibaba() throws -> [GlossTerm] {
    let url = TestSupport.repositoryRoot.appendingPathComponent("examples/alibaba-cebit.txt")
    let document = try Document(text: try String(contentsOf: url, encoding: .utf8))
    return try Glossarist.french().glossary(for: document)
  }

  /// The seed list of issue 4: the Alibaba article's terms a bilingual reader expects.
  static let seed: [(String, String)] = [
    ("entreprise", "company|business"), ("ambassade", "embassy"), ("chaîne logistique", "supply chain"),
    ("acheteur", "buyer"), ("mondialisation", "globalization|globalisation"), ("premier ministre", "prime minister"),
    ("plateforme", "platform"), ("marché", "market"), ("cadeau", "gift|present"), ("montre", "watch"),
    ("amitié", "friendship"), ("accord", "agreement"), ("consommateur", "consumer"), ("exporter", "export"),
    ("logistique", "logistics"),
  ]

  @Test("The Alibaba article's key terms get the glosses a reader expects", arguments: seed)
  func seedGlosses(term: String, expected: String) throws {
    let terms = try Self.alibaba()
    let found = terms.first { $0.term.lowercased() == term }
    let english = try #require(found, "no term \(term) in \(terms.map(\.term))").english
    let accepted = expected.split(separator: "|").map { String($0).lowercased() }
    #expect(english.prefix(2).contains { accepted.contains($0.lowercased()) }, "\(term) → \(english)")
  }

  @Test("People are names, kept as written and not translated", arguments: ["Jack Ma", "François Hollande", "Matteo Renzi"])
  func names(name: String) throws {
    let term = try #require(try Self.alibaba().first { $0.term == name })
    #expect(term.kind == .name)
    #expect(term.english.isEmpty)
  }

  @Test("Lemmas gather inflected forms; stop words never become terms")
  func lemmas() throws {
    let document = try TestSupport.makeDocument("Les entreprises françaises exportent. Une entreprise exporte aussi vers l’Hexagone.")
    let terms = try Glossarist.french().glossary(for: document)
    let entreprise = try #require(terms.first { $0.term == "entreprise" })
    #expect(entreprise.count == 2)
    #expect(entreprise.forms == ["entreprises", "entreprise"])
    #expect(entreprise.kind == .noun)
    #expect(!terms.contains { ["les", "une", "l'", "vers", "aussi"].contains($0.term) })
  }

  @Test("Elided words are glossed without their article; a capitalised one is a name")
  func elision() throws {
    let document = try TestSupport.makeDocument("Les sociétés de l’Hexagone exportent l'acier et l’équipement.")
    let terms = try Glossarist.french().glossary(for: document)
    #expect(terms.contains { $0.term == "Hexagone" && $0.forms == ["Hexagone"] })
    let acier = try #require(terms.first { $0.term == "acier" })
    #expect(acier.forms == ["acier"] && acier.english.first == "steel")
    #expect(terms.contains { $0.term == "équipement" })
    #expect(!terms.contains { $0.term.hasPrefix("l'") || $0.term.hasPrefix("l’") })
  }

  @Test("Multi-word terms match on lemmas too (plural)")
  func multiWordPlural() throws {
    let document = try TestSupport.makeDocument("Les chaînes logistiques européennes sont saturées.")
    let terms = try Glossarist.french().glossary(for: document)
    let term = try #require(terms.first { $0.term == "chaîne logistique" })
    #expect(term.kind == .phrase)
    #expect(term.forms == ["chaînes logistiques"])
  }

  @Test("A user lexicon adds and overrides entries; bad lines name their number")
  func userLexicon() throws {
    let user = try UserLexicon(text: "# mine\nfilon\tlode|seam\nentreprise\tnoun\tfirm\n", path: "mine.tsv")
    let glossarist = try Glossarist.french(user: user)
    let document = try TestSupport.makeDocument("Des entreprises explorent ce filon.")
    let terms = glossarist.glossary(for: document)
    #expect(terms.first { $0.term == "filon" }?.english == ["lode", "seam"])
    #expect(terms.first { $0.term == "entreprise" }?.english.first == "firm")
    for (text, problem) in [
      ("ok\tfine\nbroken line without tab\n", "mine.tsv line 2: expected 2 or 3 tab-separated fields"),
      ("mot\tverbe\tword\n", "mine.tsv line 1: unknown part of speech \"verbe\""),
      ("mot\tnoun\t | \n", "mine.tsv line 1: no English gloss"),
    ] {
      #expect(throws: TextError.self) { try UserLexicon(text: text, path: "mine.tsv") }
      do { _ = try UserLexicon(text: text, path: "mine.tsv") } catch { #expect(error.description.hasPrefix(problem), "\(error)") }
    }
  }

  @Test("User multi-word entries match like built-in ones: new, after an elision, and longer than a built-in term")
  func userMultiWord() throws {
    let user = try UserLexicon(
      text: "filon aurifère\tgold vein\npomme d'api\tlady apple\nchaîne logistique mondiale\tglobal supply chain\n", path: "mine.tsv")
    let glossarist = try Glossarist.french(user: user)
    let document = try TestSupport.makeDocument(
      "Les mineurs suivent des filons aurifères. Elle croque une pomme d'api. La chaîne logistique mondiale est saturée.")
    let terms = glossarist.glossary(for: document)
    #expect(terms.first { $0.term == "filon aurifère" }?.english == ["gold vein"])
    #expect(terms.first { $0.term == "filon aurifère" }?.forms == ["filons aurifères"])
    #expect(terms.first { $0.term == "pomme d'api" }?.english == ["lady apple"])
    #expect(terms.first { $0.term == "chaîne logistique mondiale" }?.english == ["global supply chain"])
    // Without the user entries, the built-in "chaîne logistique" is the longest match.
    let builtIn = try Glossarist.french().glossary(for: document)
    #expect(builtIn.contains { $0.term == "chaîne logistique" } && !builtIn.contains { $0.term == "pomme d'api" })
  }

  @Test("Lemmatiser: tables, context and suffix rules", arguments: [
    ("entreprises", "NOUN", "entreprise"), ("été", "AUX", "être"), ("est", "AUX", "être"), ("suis", "AUX", "être"),
    ("fils", "NOUN", "fils"), ("déconfinées", "VERB", "déconfiner"), ("chevaux", "NOUN", "cheval"),
  ])
  func lemmatiser(form: String, tag: String, lemma: String) throws {
    #expect(try Lemmatizer.french().lemma(of: form, tag: tag).lemma == lemma)
  }
}

@Suite("Part-of-speech tagger")
struct TaggerTests {
  @Test("The Swift tagger reproduces the trainer's tags on its test vectors")
  func testVectors() throws {
    let url = TestSupport.repositoryRoot.appendingPathComponent("models/tagger-fr.testvectors.tsv")
    let text = try String(contentsOf: url, encoding: .utf8)
    let tagger = try Tagger.french()
    var sentences = 0, tokens = 0, wrong = 0
    for block in text.components(separatedBy: "\n\n") {
      let rows = block.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t").map(String.init) }
      guard !rows.isEmpty else { continue }
      let originals = rows.map { $0[0] }
      let words = originals.map { $0.replacingApostrophes().lowercased() }
      let tags = tagger.tag(words, originals: originals)
      for (tag, row) in zip(tags, rows) where tag != row[1] { wrong += 1 }
      tokens += rows.count
      sentences += 1
    }
    #expect(sentences == 30)
    #expect(tokens > 600)
    #expect(wrong == 0, "\(wrong) of \(tokens) tags differ from the Python tagger")
  }

  @Test("Tagging a document's sentences in one call gives each sentence's tags alone (sentence starts reset the context)")
  func documentTags() throws {
    let url = TestSupport.repositoryRoot.appendingPathComponent("examples/alibaba-cebit.txt")
    let text = try String(contentsOf: url, encoding: .utf8)
    let glossarist = try Glossarist.french()
    for document in [try Document(text: text), try Document(text: "Du pain. Le Président parle au peuple ! « Non », dit-il.")] {
      #expect(document.sentences.count > 2)
      let together = glossarist.tags(for: document.sentences, in: document)
      #expect(together == document.sentences.map { glossarist.tags(for: $0, in: document) })
      #expect(together.map(\.count) == document.sentences.map(\.tokens.count))
      // Every sentence but the first, tagged after a different one, still gets its own tags.
      let shifted = Array(document.sentences.dropFirst())
      #expect(glossarist.tags(for: shifted, in: document) == Array(together.dropFirst()))
    }
  }

  @Test("A word whose key collides with a kept word's still gets its own tags (the cache checks the word)")
  func collidingKeys() throws {
    let model = try Tagger.french().model
    let first = try Document(text: "Le chat dort sur le canapé."), second = try Document(text: "Il mange une pomme.")
    let one = TaggerInput(first.sentences, of: first), two = TaggerInput(second.sentences, of: second)
    // A tagger that has kept the first sentence's words, then asked for each word of the
    // second under the key of the first sentence's word at the same place.
    let tagger = Tagger(model: model)
    _ = tagger.tags(for: first.sentences, in: first)
    var keys = two.keys
    for k in keys.indices where k < one.keys.count { keys[k] = one.keys[k] }
    #expect(keys != two.keys)
    let forced = tagger.tagIndices(
      keys: keys, capitals: two.capitals, segments: two.segments, matches: two.matches, strings: two.strings)
    let fresh = Tagger(model: model).tagIndices(
      keys: two.keys, capitals: two.capitals, segments: two.segments, matches: two.matches, strings: two.strings)
    #expect(forced.map { model.tags[$0] } == fresh.map { model.tags[$0] })
    #expect(fresh.map { model.tags[$0] }.contains("VERB"))
  }

  @Test("The compiled weights are the committed TSV's (models/tagger-fr.bin is up to date)")
  func compiledModelIsCurrent() throws {
    let url = TestSupport.repositoryRoot.appendingPathComponent("models/tagger-fr.tsv")
    let compiled = try TaggerModel.compile(tsv: DataFile(path: "tagger-fr.tsv", text: String(contentsOf: url, encoding: .utf8)))
    let committed = try Data(contentsOf: TestSupport.repositoryRoot.appendingPathComponent("models/tagger-fr.bin"))
    #expect(Array(committed) == compiled, "rebuild with: swift run -c release precis-train compile-tagger models/tagger-fr.tsv models/tagger-fr.bin")
  }

  /// The features of the committed `models/tagger-fr.tsv`.
  static func taggerFeatures() throws -> Set<String> {
    let url = TestSupport.repositoryRoot.appendingPathComponent("models/tagger-fr.tsv")
    var features = Set<String>()
    for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
      if let tab = line.firstIndex(of: "\t") { features.insert(String(line[..<tab])) }
    }
    return features
  }

  @Test("The model's bit filter hides no feature it has; absent features stay absent")
  func modelFilter() throws {
    let model = try Tagger.french().model
    let features = try Self.taggerFeatures()
    #expect(features.count > 10_000)
    let hidden = features.filter { model.weights(hash: TaggerModel.fnv1a($0)) == nil }
    #expect(hidden.isEmpty, "features the model has but does not find: \(hidden.prefix(5))")
    // Features the model lacks: those the filter lets through must still be reported absent.
    var found = 0
    for n in 0..<20_000 where model.weights(hash: TaggerModel.fnv1a("w=absent-\(n)")) != nil { found += 1 }
    #expect(found == 0)
  }

  @Test("The t1w word filter hides no word that has a t1w feature, and turns most others away")
  func t1wWordFilter() throws {
    let model = try Tagger.french().model
    let words = Set(try Self.taggerFeatures().filter { $0.hasPrefix("t1w=") }.compactMap { feature in
      feature.firstIndex(of: " ").map { String(feature[feature.index(after: $0)...]) }
    })
    #expect(words.count > 1000)
    let hidden = words.filter { !model.mayHaveT1W(wordHash: FNV1a.hash(utf8Of: $0)) }
    #expect(hidden.isEmpty, "words with t1w features the filter turns away: \(hidden.prefix(5))")
    let through = (0..<10_000).filter { model.mayHaveT1W(wordHash: FNV1a.hash(utf8Of: "absent-\($0)")) }.count
    #expect(through < 500, "the filter lets \(through) of 10,000 absent words through")
    // A version 1 file (no filter) asks about every word.
    var old = Array(try Data(contentsOf: TestSupport.repositoryRoot.appendingPathComponent("models/tagger-fr.bin")))
    old[4] = 1
    let v1 = try TaggerModel(file: DataFile(path: "v1.bin", copying: old))
    #expect(v1.mayHaveT1W(wordHash: FNV1a.hash(utf8Of: "absent-1")))
  }

  @Test("Bad tagger files are refused")
  func badModels() {
    #expect(throws: TextError.self) { try TaggerModel(file: DataFile(path: "t.bin", text: "not a model at all, sorry")) }
    #expect(throws: TextError.self) { try TaggerModel.compile(tsv: DataFile(path: "t.tsv", text: "# tags: NOUN\nw=a\tVERB\t1\n")) }
  }
}
