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

  static func table() -> SortedTable {
    var text = "# version: test\n"
    for (n, key) in keys.enumerated() {
      text += "\(key)\t\(n)\n"
      if n % 7 == 0 { text += "\(key)\t\(n + 100_000)\n" }  // a second row for some keys
    }
    return SortedTable(file: DataFile(path: "test.tsv", text: text))
  }

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
}
