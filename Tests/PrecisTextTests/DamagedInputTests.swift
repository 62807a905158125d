import Foundation
import PrecisTestSupport
import PrecisText
import Testing

/// UTF-8 with a few bad bytes stays UTF-8; real 8-bit files are still read as such.
@Suite("Damaged UTF-8 and 8-bit charsets")
struct DamagedUTF8Tests {
  /// The 60 OrangeSum articles of the summariser's fixtures.
  static let articles: [String] = {
    let url = TestSupport.repositoryRoot.appendingPathComponent("Tests/PrecisSummarizeTests/Fixtures/orangesum-valid-sample.jsonl")
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").compactMap { line in
      (try? JSONSerialization.jsonObject(with: Data(line.utf8))).flatMap { ($0 as? [String: Any])?["article"] as? String }
    }
  }()

  static let example: [UInt8] = {
    let url = TestSupport.repositoryRoot.appendingPathComponent("examples/alibaba-cebit.txt")
    return (try? [UInt8](Data(contentsOf: url))) ?? []
  }()

  @Test("One stray 0xFF in the middle of the UTF-8 example: UTF-8, one U+FFFD, one warning with the offset")
  func strayByte() throws {
    var bytes = Self.example
    let middle = bytes.count / 2
    // Not inside a multi-byte sequence, so that only the inserted byte is bad.
    let at = bytes[middle...].firstIndex { $0 < 0x80 } ?? middle
    bytes.insert(0xFF, at: at)
    let decoded = try TextDecoder.decode(bytes)
    let clean = try TextDecoder.decode(Self.example)
    #expect(decoded.encoding == "UTF-8")
    #expect(decoded.text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count == 1)
    #expect(decoded.text.replacingOccurrences(of: "\u{FFFD}", with: "") == clean.text)
    #expect(decoded.warnings == ["1 invalid UTF-8 byte replaced by U+FFFD (the first at byte offset \(at))"])
    #expect(clean.warnings.isEmpty)
  }

  @Test("Real articles with 1 to 20 random bytes overwritten stay UTF-8 (no Ã mojibake), with one warning")
  func sprinkledErrors() throws {
    #expect(Self.articles.count == 60)
    var random = SplitMix64(seed: 42)
    for (n, article) in Self.articles.enumerated() {
      var bytes = Array(article.utf8)
      let errors = 1 + n % 20
      for _ in 0..<errors {
        let position = Int(random.next() % UInt64(bytes.count))
        bytes[position] = UInt8(0x80 + random.next() % 0x80)
      }
      let decoded = try TextDecoder.decode(bytes)
      #expect(decoded.encoding == "UTF-8", "article \(n)")
      #expect(!decoded.text.contains("Ã") && !decoded.text.contains("â€"), "article \(n)")
      #expect(decoded.warnings.count == 1 && decoded.warnings[0].contains("invalid UTF-8"), "article \(n): \(decoded.warnings)")
    }
  }

  @Test("Windows-1252 and ISO-8859-1 encodings of real articles are read back exactly, without warning")
  func generatedEightBit() throws {
    var encoded = 0
    for (n, article) in Self.articles.enumerated() {
      let expected = try TextDecoder.decode(Array(article.utf8)).text
      for encoding in [String.Encoding.windowsCP1252, .isoLatin1] {
        guard let data = article.data(using: encoding) else { continue }  // a character the charset lacks
        encoded += 1
        let decoded = try TextDecoder.decode([UInt8](data))
        #expect(decoded.encoding != "UTF-8" && decoded.warnings.isEmpty, "article \(n), \(encoding)")
        #expect(decoded.text == expected, "article \(n), \(encoding)")
      }
    }
    #expect(encoded >= 60)
  }

  @Test("The Windows-1252 and Latin-1 fixtures are still read as 8-bit text", arguments: ["alibaba-cp1252.txt", "latin1.txt"])
  func eightBitFixtures(name: String) throws {
    let url = TestSupport.repositoryRoot.appendingPathComponent("Tests/PrecisCLITests/Fixtures/\(name)")
    let decoded = try TextDecoder.decode([UInt8](Data(contentsOf: url)))
    #expect(decoded.encoding == "windows-1252")
    #expect(decoded.warnings.isEmpty && !decoded.text.contains("\u{FFFD}"))
    #expect(decoded.text.contains("é"))
  }

  @Test("A UTF-8 BOM followed by FF FE is UTF-8: the two bytes replaced, the first at offset 3")
  func bomThenFFFE() throws {
    let decoded = try TextDecoder.decode([0xEF, 0xBB, 0xBF, 0xFF, 0xFE] + Array("Été à Noël.".utf8))
    #expect(decoded.encoding == "UTF-8")
    #expect(decoded.text == "\u{FFFD}\u{FFFD}Été à Noël.")
    #expect(decoded.warnings == ["2 invalid UTF-8 bytes replaced by U+FFFD (the first at byte offset 3)"])
  }

  @Test("The rule: as many valid multi-byte sequences as invalid bytes is UTF-8; more invalid bytes is 8-bit")
  func threshold() throws {
    // "é" in UTF-8 (1 valid sequence) then "é" in Windows-1252 (1 invalid byte): UTF-8.
    let even = try TextDecoder.decode(Array("Le ".utf8) + [0xC3, 0xA9] + Array(" et ".utf8) + [0xE9] + Array(" ici.".utf8))
    #expect(even.encoding == "UTF-8" && even.text == "Le é et \u{FFFD} ici.")
    // One valid sequence against two invalid bytes: Windows-1252, where C3 A9 reads "Ã©".
    let more = try TextDecoder.decode(Array("Le ".utf8) + [0xC3, 0xA9] + Array(" et ".utf8) + [0xE9, 0x20, 0xE8] + Array(" ici.".utf8))
    #expect(more.encoding == "windows-1252" && more.text == "Le Ã© et é è ici." && more.warnings.isEmpty)
  }

  @Test("firstInvalidUTF8Offset finds the first byte in no valid sequence")
  func firstInvalid() {
    #expect(TextDecoder.firstInvalidUTF8Offset(Array("déjà".utf8)[...]) == nil)
    #expect(TextDecoder.firstInvalidUTF8Offset((Array("déj".utf8) + [0xE0, 0x20])[...]) == 4)
  }
}
