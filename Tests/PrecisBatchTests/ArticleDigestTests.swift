import Foundation
@testable import PrecisBatch
import PrecisCache
import PrecisGloss
import PrecisSummarize
import PrecisTestSupport
import PrecisText
import Testing

@Suite("Article digests")
struct ArticleDigestTests {
  static func digester(cache: CacheStore?) throws -> ArticleDigester {
    ArticleDigester(
      summarizer: Summarizer(length: .sentences(2)), glossarist: try Glossarist.french(), top: 5, cache: cache,
      keyParameters: [], dataVersion: DataVersion.current())
  }

  @Test("A title is the first non-blank line, cut to 119 characters and an ellipsis past 120", arguments: 0..<200)
  func title(seed: Int) {
    // Lines around 120 characters long, of plain and accented letters, combining marks,
    // CR, emoji and spaces; the reference counts characters (grapheme clusters).
    let pieces = [
      "a", "é", "’", "—", " ", "\u{200D}", "\u{200C}", "€", "\r", "Z", "-", "\u{00A0}", "e\u{301}", "😀", "\u{20DD}", "\n",
    ]
    var state = UInt64(seed) &* 6_364_136_223_846_793_005 &+ 1
    func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(n))
    }
    // Plain letters and punctuation; with a joiner; with the other joiner; with combining
    // marks and emoji too; all, line breaks included (short lines).
    let kinds = [4, 6, 8, pieces.count - 1, pieces.count]
    let text = (0..<(100 + next(60))).map { _ in pieces[next(kinds[seed % 5])] }.joined()
    var expected = ""
    for line in text.utf8.split(separator: 10, omittingEmptySubsequences: false) {
      let trimmed = Substring(line).trimmingWhitespace()
      guard !trimmed.isEmpty else { continue }
      expected = trimmed.count > 120 ? String(trimmed.prefix(119)) + "…" : String(trimmed)
      break
    }
    #expect(ArticleDigester.title(of: text) == expected, "\(Array(text.unicodeScalars))")
  }

  static func example() throws -> DecodedText {
    let url = TestSupport.repositoryRoot.appendingPathComponent("examples/alibaba-cebit.txt")
    return try TextDecoder.decode(Array(try Data(contentsOf: url)))
  }

  @Test("The output object holds source, hash, the summary and the glossary, file names spliced in")
  func outputObject() throws {
    let (digest, cached) = try Self.digester(cache: nil).digest(Self.example())
    #expect(!cached)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(digest.json(source: "a/b.txt", encoding: "UTF-8").utf8)) as? [String: Any])
    #expect(object["source"] as? String == "a/b.txt")
    #expect(object["hash"] as? String == digest.hash)
    let summary = try #require(object["summary"] as? [String: Any])
    #expect(summary["file"] as? String == "a/b.txt" && summary["hash"] as? String == digest.hash)
    #expect((summary["sentences"] as? [Any])?.count == 2)
    let glossary = try #require(object["glossary"] as? [String: Any])
    #expect((glossary["terms"] as? [Any])?.count == 5)
    #expect(digest.markdownSection(source: "a/b.txt").contains("`a/b.txt`"))
    #expect(digest.warning.isEmpty)
  }

  @Test("A digest comes back from the cache identical, and is marked cached")
  func throughCache() throws {
    let dir = try TestSupport.temporaryDirectory("precis-digest")
    defer { try? FileManager.default.removeItem(at: dir) }
    let store = try CacheStore(path: dir.appendingPathComponent("c.sqlite").path)
    let digester = try Self.digester(cache: store)
    let first = try digester.digest(Self.example())
    let second = try digester.digest(Self.example())
    #expect(!first.cached && second.cached)
    #expect(first.digest == second.digest)
    var refreshing = digester
    refreshing.refresh = true
    #expect(try refreshing.digest(Self.example()).cached == false)
  }

  @Test("English text is processed with a warning; French is not warned about")
  func language() throws {
    let english = try Document(text: String(repeating: "The company said on Tuesday that it would cut jobs in the region. ", count: 5))
    #expect(!LanguageCheck.looksFrench(english))
    let french = try Document(text: try Self.example().text)
    #expect(LanguageCheck.looksFrench(french))
  }

  @Test("models/data.sha256 lists every compiled-in data file with its current hash")
  func dataManifest() throws {
    let root = TestSupport.repositoryRoot
    let manifest = try String(contentsOf: root.appendingPathComponent("models/data.sha256"), encoding: .utf8)
    let dataC = try String(contentsOf: root.appendingPathComponent("Sources/CPrecisData/data.c"), encoding: .utf8)
    var listed: Set<String> = []
    for line in manifest.split(separator: "\n") {
      let parts = line.split(separator: " ", omittingEmptySubsequences: true)
      let (hash, path) = (String(parts[0]), String(parts[1]))
      listed.insert(path)
      let bytes = Array(try Data(contentsOf: root.appendingPathComponent(path)))
      #expect(SHA256.hex(SHA256.digest(bytes)) == hash, "\(path) changed: run scripts/data/data_version.sh")
    }
    for path in dataC.components(separatedBy: "{\"").dropFirst().compactMap({ $0.components(separatedBy: "\"").first })
    where path != "models/data.sha256" {
      #expect(listed.contains(path), "\(path) is compiled in but not in models/data.sha256: run scripts/data/data_version.sh")
    }
    #expect(DataVersion.current().count == 16)
  }
}
