import PrecisText
import Testing

@Suite("Input decoding")
struct DecoderTests {
  /// "Été à Noël : 10 € l'œuvre" in Windows-1252.
  static let cp1252: [UInt8] = [0xC9, 0x74, 0xE9, 0x20, 0xE0, 0x20, 0x4E, 0x6F, 0xEB, 0x6C, 0x20, 0x3A, 0x20, 0x31, 0x30, 0x20, 0x80, 0x20, 0x6C, 0x27, 0x9C, 0x75, 0x76, 0x72, 0x65]

  @Test("UTF-8 with and without BOM decode alike")
  func utf8() throws {
    let plain = Array("Été à Noël.".utf8)
    #expect(try TextDecoder.decode(plain) == DecodedText(text: "Été à Noël.", encoding: "UTF-8"))
    #expect(try TextDecoder.decode([0xEF, 0xBB, 0xBF] + plain).text == "Été à Noël.")
  }

  @Test("Windows-1252 is detected and converted, including € and œ")
  func windows1252() throws {
    let decoded = try TextDecoder.decode(Self.cp1252)
    #expect(decoded.text == "Été à Noël : 10 € l'œuvre")
    #expect(decoded.encoding == "windows-1252")
  }

  @Test("ISO-8859-1 French text is read correctly")
  func latin1() throws {
    // "Le président a parlé à l'Assemblée." in ISO-8859-1.
    let bytes = Array("Le pr".utf8) + [0xE9] + Array("sident a parl".utf8) + [0xE9, 0x20, 0xE0] + Array(" l'Assembl".utf8) + [0xE9, 0x65, 0x2E]
    #expect(try TextDecoder.decode(bytes).text == "Le président a parlé à l'Assemblée.")
  }

  @Test("UTF-16 with a byte order mark is read")
  func utf16() throws {
    var bytes: [UInt8] = [0xFF, 0xFE]
    for unit in "Ça va.".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
    #expect(try TextDecoder.decode(bytes) == DecodedText(text: "Ça va.", encoding: "UTF-16LE"))
  }

  @Test("Empty and white-space-only input are reported as empty")
  func empty() {
    #expect(throws: TextError.empty) { try TextDecoder.decode([]) }
    #expect(throws: TextError.empty) { try TextDecoder.decode(Array(" \n\t\u{00A0} \r\n".utf8)) }
  }

  @Test("Binary input is rejected, naming what it looks like")
  func binary() {
    #expect(throws: TextError.binary(detail: "it looks like a PNG image")) {
      try TextDecoder.decode([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0])
    }
    #expect(throws: TextError.binary(detail: "it contains NUL bytes")) { try TextDecoder.decode(Array("abc\0def".utf8)) }
    #expect(throws: TextError.binary(detail: "it looks like gzip-compressed data")) { try TextDecoder.decode([0x1F, 0x8B, 8, 0]) }
  }

  @Test("Input over the size limit is refused before any work")
  func tooLarge() {
    let bytes = [UInt8](repeating: 65, count: TextDecoder.maximumSize + 1)
    #expect(throws: TextError.tooLarge(bytes: bytes.count, limit: TextDecoder.maximumSize)) { try TextDecoder.decode(bytes) }
  }

  @Test(
    "A document built from a decoded file equals the one built from its text (NFD, CRLF, CR, BOM, Windows-1252, HTML)",
    arguments: [
      Array("Le pre\u{301}sident a parle\u{301}.\r\nIl est parti. Puis il revint.\rFin de l'article.".utf8),
      [0xEF, 0xBB, 0xBF] + Array("Déjà vu. « Oui », dit-il.\nL'État paie 2,5 millions d'euros.".utf8),
      Array("<html><body><p>Le ministre arrive.</p><script>x()</script><p>Il parle. Il part.</p></body></html>".utf8),
      [0x4C, 0x27, 0xE9, 0x74, 0xE9, 0x20, 0x65, 0x73, 0x74, 0x20, 0x63, 0x68, 0x61, 0x75, 0x64, 0x2E, 0x20, 0x9C, 0x75, 0x76, 0x72, 0x65,
       0x20, 0x80, 0x2E, 0x20, 0x43, 0x27, 0x65, 0x73, 0x74, 0x20, 0x66, 0x69, 0x6E, 0x69, 0x2E],
    ])
  func documentFromDecoded(bytes: [UInt8]) throws {
    let decoded = try TextDecoder.decode(bytes)
    let fromDecoded = try Document(decoded: decoded), fromText = try Document(text: decoded.text)
    #expect(fromDecoded.text == fromText.text)
    #expect(fromDecoded.utf16 == fromText.utf16)
    #expect(fromDecoded.paragraphs == fromText.paragraphs)
    #expect(fromDecoded.dropped == fromText.dropped)
    #expect(fromDecoded.sentences.map(\.range) == fromText.sentences.map(\.range))
    #expect(fromDecoded.sentences.map { $0.tokens } == fromText.sentences.map { $0.tokens })
    #expect(!fromDecoded.sentences.isEmpty)
  }

  @Test("Normalisation gives NFC with LF line ends; folding removes case and accents")
  func normalisation() {
    #expect(TextNormalizer.normalize("Cafe\u{301}\r\nThe\u{301}\rFin") == "Café\nThé\nFin")
    #expect(TextNormalizer.fold("Élysée ŒUVRE Çà") == "elysee œuvre ca")
    #expect(TextNormalizer.lowercase("ÉTATS-UNIS") == "états-unis")
  }
}
