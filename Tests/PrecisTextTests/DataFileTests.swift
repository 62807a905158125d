import PrecisText
import Testing

@Suite("Data files")
struct DataFileTests {
  @Test("Header values come from the leading comment lines only, trimmed")
  func headers() {
    let file = DataFile(
      path: "test.tsv",
      text: "# French test table\n# version:  7 \r\n\n# documents: 21401\n# tags: A,B\nmot\t1\n# late: no\n")
    #expect(file.header("version") == "7")
    #expect(file.header("documents") == "21401")
    #expect(file.header("tags") == "A,B")
    #expect(file.header("late") == nil)
    #expect(file.header("French") == nil)
    #expect(file.header("doc") == nil)
    #expect(DataFile(path: "empty", text: "").header("version") == nil)
    #expect(DataFile(path: "none", text: "mot\t1\n# version: 2\n").header("version") == nil)
  }
}
