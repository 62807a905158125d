import PrecisText
import Testing

@Suite("Document frequencies")
struct DocumentFrequenciesTests {
  @Test("Every term of the model is found with its count; unknown terms give 0")
  func everyTermIsFound() throws {
    let table = try DocumentFrequencies.french()
    let file = try DataFile.load("models/df-fr.tsv")
    let lines = file.lines()
    #expect(lines.count > 50_000)
    #expect(table.documentCount == 21_401)
    for (_, line) in lines {
      let fields = line.split(separator: "\t")
      #expect(table.frequency(of: String(fields[0])) == Int(fields[1]), "\(line)")
    }
    for unknown in ["", "zzzzzzzzzz", "\u{10FFFF}", "0000000", "aaaa\u{301}"] {
      #expect(table.frequency(of: unknown) == 0)
    }
  }

  @Test("Common words have a low IDF, rare ones a high one")
  func idfOrder() throws {
    let table = try DocumentFrequencies.french()
    #expect(table.idf("le") < table.idf("gouvernement"))
    #expect(table.idf("gouvernement") < table.idf("inconnuissime"))
  }
}
