import Foundation
import PrecisGloss
import PrecisTestSupport
import PrecisText
import Testing

/// What is wrong with a user lexicon file is said about the file, not "line 0".
@Suite("User lexicon files")
struct UserLexiconFileTests {
  /// The problem `bytes` are reported with, or nil when they parse.
  private func problem(_ bytes: [UInt8]) -> TextError? {
    do {
      _ = try UserLexicon(bytes: bytes, path: "lex.tsv")
      return nil
    } catch {
      return error
    }
  }

  @Test("Binary, bad UTF-8 and UTF-16 files say what is wrong with the file")
  func wholeFileProblems() {
    #expect(problem(Array("ok\tfine\nab".utf8) + [0xE9] + Array("\tx\n".utf8))
      == .badData(path: "lex.tsv", line: 0, problem: "not UTF-8 text (invalid byte at offset 10)"))
    #expect(problem([0xFF, 0xFE, 0x61, 0, 0x09, 0, 0x62, 0]) == .badData(path: "lex.tsv", line: 0, problem: "UTF-16 text; save the lexicon as UTF-8"))
    #expect(problem(Array("mot\tword\n".utf8) + [0, 1, 2]) == .badData(path: "lex.tsv", line: 0, problem: "not a text file (NUL byte at offset 9)"))
  }

  @Test("Control characters are refused at the line that holds them; CRLF and a BOM are fine")
  func controlCharacters() throws {
    #expect(problem(Array("ok\tfine\nmot\tword\u{1B}[31m\n".utf8)) == .badData(path: "lex.tsv", line: 2, problem: "control character U+001B"))
    let user = try UserLexicon(bytes: [0xEF, 0xBB, 0xBF] + Array("filon\tlode\r\nentreprise\tnoun\tfirm\r\n".utf8), path: "lex.tsv")
    #expect(user.entries["filon"]?.first?.glosses == ["lode"])
    #expect(user.entries["entreprise"]?.first?.glosses == ["firm"])
  }

  @Test("An endless or huge lexicon stops at maximumSize at once")
  func sizeLimit() {
    let start = Date()
    #expect(throws: TextError.badData(path: "/dev/zero", line: 0, problem: "too large: over the limit of \(UserLexicon.maximumSize) bytes")) {
      try UserLexicon(path: "/dev/zero")
    }
    #expect(Date().timeIntervalSince(start) < 10)
  }

  @Test("A line without a part of speech glosses names too")
  func twoFieldLineGlossesNames() throws {
    let document = try TestSupport.makeDocument("Le Premier ministre a réuni ses ministres à Matignon lundi. Matignon a confirmé la réforme.")
    let user = try UserLexicon(text: "Matignon\tthe Prime Minister's office\n", path: "lex.tsv")
    let glossarist = try Glossarist.french(user: user)
    let name = try #require(glossarist.glossary(for: document).first { $0.term == "Matignon" })
    #expect(name.kind == .name)
    #expect(name.english == ["the Prime Minister's office"])
    let analyzed = glossarist.analyze(document).joined().filter { $0.form == "Matignon" }
    #expect(!analyzed.isEmpty && analyzed.allSatisfy { $0.kind == .name && $0.gloss == "the Prime Minister's office" })
  }
}
