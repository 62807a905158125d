import PrecisTestSupport
import PrecisText
import Testing

@Suite("Cleaning")
struct CleaningTests {
  @Test("The boilerplate rules' index lets through every position where a pattern starts (its two-unit filter has no false negatives)")
  func ruleIndexFilter() throws {
    let resources = try LanguageResources.french()
    let rules = resources.boilerplate.filter { $0.kind == .contains }
    #expect(rules.count > 10)
    let index = RuleIndex(rules)
    // One-unit patterns and ones of non-ASCII units too, besides the shipped ones.
    let extra = [BoilerplateRule(kind: .contains, pattern: "§", origin: "test"), BoilerplateRule(kind: .contains, pattern: "œuvre", origin: "test")]
    let withExtra = RuleIndex(rules + extra)
    for rule in rules + extra {
      for text in ["x " + rule.pattern + " y", rule.pattern, "« " + rule.pattern] {
        let units = Array(text.utf16)
        let at = Array(text.utf16).count - Array(rule.pattern.utf16).count - (text.hasSuffix(" y") ? 2 : 0)
        let found = units.withUnsafeBufferPointer { buffer in
          (withExtra.mayStart(at: at, in: buffer), index.mayStart(at: at, in: buffer))
        }
        #expect(found.0, "\(rule.pattern) in \(text)")
        if !extra.contains(where: { $0.pattern == rule.pattern }) { #expect(found.1, "\(rule.pattern) in \(text)") }
      }
    }
    // And it filters: most positions of ordinary text are let through by the first unit only.
    let units = Array("le gouvernement présente aujourd'hui son projet de loi sur la sécurité".utf16)
    units.withUnsafeBufferPointer { buffer in
      let first = buffer.indices.filter { index.mayStart(buffer[$0]) }.count
      let both = buffer.indices.filter { index.mayStart(at: $0, in: buffer) }.count
      #expect(both < first)
    }
  }

  @Test("Photo credits, prompts and bare URLs never become sentences", arguments: [
    "(Crédit photo : Présidence de la République)",
    "Lire aussi : Le gouvernement présente son plan",
    "https://www.example.fr/article",
  ])
  func boilerplateLinesAreDropped(line: String) throws {
    let document = try TestSupport.makeDocument("Le président a parlé hier soir à la télévision.", line, "Il a annoncé des mesures nouvelles.")
    #expect(document.sentences.map(\.text) == ["Le président a parlé hier soir à la télévision.", "Il a annoncé des mesures nouvelles."])
    #expect(document.dropped.map(\.text) == [line])
  }

  @Test("Script remnants are cut from the text")
  func scriptRemnantsAreCut() throws {
    let text = "Le maire a démissionné lundi. window.pvp_0dcacdbf36990de89e4e8701c135779e = new Pvp('dmpublic', {idDM: 'x7a'});"
    let document = try TestSupport.makeDocument(text)
    #expect(document.sentences.map(\.text) == ["Le maire a démissionné lundi."])
    #expect(document.dropped.count == 1)
  }

  @Test("A trailing run of teasers about other subjects is dropped; the article's own last line is kept")
  func teasersAreDropped() throws {
    let url = TestSupport.repositoryRoot.appendingPathComponent("examples/alibaba-cebit.txt")
    let text = try String(contentsOf: url, encoding: .utf8)
    let document = try Document(text: text)
    let lines = text.split(separator: "\n").map(String.init)
    let kept = document.sentences.map(\.text).joined(separator: "\n")
    for line in lines.suffix(7) {
      #expect(!kept.contains(line), "kept: \(line)")
    }
    #expect(kept.contains("aux consommateurs chinois…"))
    #expect(document.dropped.count == 7)
  }

  @Test("A glued video caption is dropped and the sentence it hid is kept")
  func videoCaption() throws {
    let text = "Le suspect a été arrêté mardi. Qui sont les convertis radicalisés ?par BFMTVCe suspect, âgé de trente ans, était connu."
    let document = try TestSupport.makeDocument(text)
    #expect(document.sentences.map(\.text) == ["Le suspect a été arrêté mardi.", "Ce suspect, âgé de trente ans, était connu."])
    #expect(document.dropped.map(\.text) == ["Qui sont les convertis radicalisés ?par BFMTV"])
  }

  @Test("Without cleaning every line is kept")
  func noClean() throws {
    let document = try TestSupport.makeDocument("Une phrase ici.", "(Crédit photo : AFP)", clean: false)
    #expect(document.sentences.count == 2)
    #expect(document.dropped.isEmpty)
  }
}
