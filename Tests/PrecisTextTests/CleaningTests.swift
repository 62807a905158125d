import PrecisTestSupport
import PrecisText
import Testing

@Suite("Cleaning")
struct CleaningTests {
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
