import PrecisText
import Testing

/// Character references in HTML can spell what normalisation changes (a combining accent,
/// a carriage return): the decoded text must still be the text sentences are cut from.
@Suite("HTML character references and normalisation")
struct HTMLReferenceTests {
  static let page = "<html><body><p>Le cafe&#x301; est ouvert ce matin.</p><p>Il fait tr&#xE8;s beau&#13;aujourd&#8217;hui.</p></body></html>"

  @Test("The decoded text of a page is normalised: NFC, and a referenced line break is a space")
  func decodedTextIsNormal() throws {
    let decoded = try TextDecoder.decode(Array(Self.page.utf8))
    #expect(decoded.isHTML)
    #expect(Array(decoded.text.utf8) == Array(TextNormalizer.normalize(decoded.text).utf8))
    #expect(decoded.text.split(separator: "\n").count == 2)
  }

  @Test("Every sentence of the document is a slice of the decoded text")
  func sentencesAreSlices() throws {
    let decoded = try TextDecoder.decode(Array(Self.page.utf8))
    let document = try Document(decoded: decoded)
    #expect(document.sentences.count == 2)
    let text = Array(decoded.text.utf8)
    for sentence in document.sentences {
      let piece = Array(sentence.text.utf8)
      let found = text.indices.contains { start in
        start + piece.count <= text.count && text[start..<(start + piece.count)].elementsEqual(piece)
      }
      #expect(found, "\(sentence.text.debugDescription) is not in \(decoded.text.debugDescription)")
    }
  }
}
