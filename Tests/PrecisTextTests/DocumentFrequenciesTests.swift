import Foundation
@testable import PrecisText
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

  @Test("The IDF index built after many lookups gives every term the IDF of its count, unknown terms the highest")
  func index() throws {
    let file = try DataFile.load("models/df-fr.tsv")
    // A table of its own, so that this test makes the lookups that build its index.
    let table = try DocumentFrequencies(file: file)
    func expected(_ count: Int) -> Double { log(Double(1 + table.documentCount) / Double(1 + count)) + 1 }
    let lines = file.lines().map { $0.1.split(separator: "\t") }
    #expect(lines.count > DocumentFrequencies.indexThreshold)
    for round in 0..<2 {
      // The first round crosses the threshold on the way (cache, then index).
      for fields in lines {
        #expect(table.idf(String(fields[0])) == expected(Int(fields[1]) ?? -1), "round \(round): \(fields[0])")
      }
      for unknown in ["", "zzzzzzzzzz", "\u{10FFFF}", "aaaa\u{301}"] {
        #expect(table.idf(unknown) == table.highestIDF, "round \(round): \(unknown)")
      }
    }
  }

  @Test("A word given the hash of a term of the table does not get that term's IDF, before or after the index is built")
  func forcedCollision() throws {
    let file = DataFile(path: "df-test.tsv", text: "# documents: 100\nle\t90\nprix\t7\n")
    let table = try DocumentFrequencies(file: file)
    let leHash = FNV1a.hash(utf8Of: "le"), prixHash = FNV1a.hash(utf8Of: "prix")
    for stage in ["memo", "index"] {
      if stage == "index" { table.prepareForManyLookups() }
      #expect(table.idf("le", hash: leHash) == log(101.0 / 91.0) + 1, "\(stage)")
      // Two words whose hashes are forced equal to those of the table's terms.
      #expect(table.idf("zzle", hash: leHash) == table.highestIDF, "\(stage)")
      #expect(table.idf("zzprix", hash: prixHash) == table.highestIDF, "\(stage)")
      #expect(table.idf("prix", hash: prixHash) == log(101.0 / 8.0) + 1, "\(stage)")
    }
  }
}
