import Testing

@testable import PrecisText

@Suite("SortedTable")
struct SortedTableTests {
  /// Keys that share long prefixes (past the index's 16 bytes), accented keys, and keys
  /// with several rows.
  static let keys: [String] = {
    var keys = Set<String>()
    for i in 0..<3000 { keys.insert("mot\(i)") }
    for i in 0..<300 { keys.insert("constitutionnellement-\(i)") }  // 16+ bytes, same prefix
    for word in ["été", "étés", "œuvre", "a", "b", "zzz", "àla"] { keys.insert(word) }
    return keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
  }()

  static func table() -> SortedTable { SortedTable(file: DataFile(path: "test.tsv", text: text())) }

  @Test("Finds every key and row, and no absent key, before and after its sparse index is built")
  func searches() {
    let table = Self.table()
    let absent = ["", "mot", "mot30000", "constitutionnellement", "constitutionnellement-", "constitutionnellement-9999",
      "zzzz", "0", "éte", "\u{10FFFF}"]
    // Three rounds: the sparse index is built during the second (after 2,048 searches).
    for _ in 0..<3 {
      for (n, key) in Self.keys.enumerated() {
        let rows = table.rows(for: key).map { $0.first ?? "" }
        #expect(rows == (n % 7 == 0 ? ["\(n)", "\(n + 100_000)"] : ["\(n)"]), "\(key)")
        #expect(table.integer(for: key) == n || (n % 7 == 0 && table.integer(for: key) == n + 100_000), "\(key)")
      }
      for key in absent {
        #expect(table.rows(for: key).isEmpty, "\(key)")
        #expect(table.integer(for: key) == 0, "\(key)")
      }
    }
  }

  static func text() -> String {
    var text = "# version: test\n"
    for (n, key) in keys.enumerated() {
      text += "\(key)\t\(n)\n"
      if n % 7 == 0 { text += "\(key)\t\(n + 100_000)\n" }  // a second row for some keys
    }
    return text
  }

  @Test("Through a hash index built for it, finds every key and row, and no absent key")
  func indexed() {
    let file = DataFile(path: "test.tsv", text: Self.text())
    let built = TableIndex.build(table: file.bytes)
    let table = SortedTable(file: file, index: DataFile(path: "test.index", copying: built))
    #expect(table.isIndexed)
    for (n, key) in Self.keys.enumerated() {
      let rows = table.rows(for: key).map { $0.first ?? "" }
      #expect(rows == (n % 7 == 0 ? ["\(n)", "\(n + 100_000)"] : ["\(n)"]), "\(key)")
    }
    for key in ["", "mot", "mot30000", "constitutionnellement-", "zzzz", "éte"] {
      #expect(table.rows(for: key).isEmpty, "\(key)")
      #expect(table.integer(for: key) == 0, "\(key)")
    }
  }

  @Test("An index that does not match its table is not used, and searches still succeed")
  func staleIndex() {
    let text = Self.text()
    let built = TableIndex.build(table: DataFile(path: "test.tsv", text: text).bytes)
    // The same length with a byte changed where the checksum samples (a digit in the first
    // 64 bytes becomes another); a longer table; a truncated index; another format version.
    var edited = Array(text.utf8)
    let digit = (16..<64).first { edited[$0] >= UInt8(ascii: "0") && edited[$0] <= UInt8(ascii: "9") } ?? 20
    edited[digit] = edited[digit] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
    var otherVersion = built
    otherVersion[4] &+= 1
    let cases: [(String, [UInt8])] = [
      (String(decoding: edited, as: UTF8.self), built), (text + "zzzz\t1\n", built),
      (text, Array(built.dropLast())), (text, otherVersion),
    ]
    for (table, index) in cases {
      let sorted = SortedTable(file: DataFile(path: "test.tsv", text: table), index: DataFile(path: "test.index", copying: index))
      #expect(!sorted.isIndexed)
      #expect(sorted.rows(for: "mot1").map { $0.first ?? "" } == ["\(Self.keys.firstIndex(of: "mot1") ?? -1)"])
    }
  }

  @Test("The shipped indexes are those of the shipped tables (else: precis-train index-table)")
  func shippedIndexes() throws {
    for (table, index) in [("lexicons/fr/lemmas.tsv", "lexicons/fr/lemmas.index"), ("lexicons/fr-en/lexicon.tsv", "lexicons/fr-en/lexicon.index")] {
      let tableFile = try DataFile.load(table), indexFile = try DataFile.load(index)
      // A Bool, not the arrays: a failure would print megabytes.
      let fresh = Array(indexFile.bytes) == TableIndex.build(table: tableFile.bytes)
      #expect(fresh, "\(index) is stale: run swift run -c release precis-train index-table \(table) \(index)")
      #expect(SortedTable(file: tableFile, index: indexFile).isIndexed)
    }
  }
}
