import Glibc
import PrecisText
import Testing

@Suite struct FileNameTests {
  @Test(arguments: [
    [0x6C, 0x61, 0x74, 0xE9, 0xFF, 0x2E, 0x74, 0x78, 0x74],  // lat\xE9\xFF.txt (Windows-1252 é, then FF)
    [0xC3, 0xA9, 0xC3],  // é then a cut sequence
    [0xED, 0xA0, 0x80],  // a UTF-16 surrogate in UTF-8: not valid
    [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
    Array("déjà vu.txt".utf8),
  ] as [[UInt8]])
  func bytesSurviveTheRoundTrip(bytes: [UInt8]) {
    let name = FileName.string(fromBytes: bytes)
    #expect(FileName.bytes(of: name) == bytes)
    FileName.withCString(name) { pointer in
      #expect(Array(UnsafeBufferPointer(start: pointer, count: strlen(pointer)).map { UInt8(bitPattern: $0) }) == bytes)
    }
  }

  @Test func randomBytesSurviveTheRoundTrip() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<2_000 {
      let bytes = (0..<Int.random(in: 1...12, using: &generator)).map { _ in UInt8.random(in: 1...255, using: &generator) }
      #expect(FileName.bytes(of: FileName.string(fromBytes: bytes)) == bytes)
    }
  }

  @Test func displayEscapesRawBytesAndControlCharacters() {
    let name = FileName.string(fromBytes: Array("lat".utf8) + [0xE9, 0xFF] + Array(".txt\nb\u{1B}".utf8))
    #expect(FileName.display(name) == "lat\\xE9\\xFF.txt\\nb\\u{1B}")
    #expect(FileName.display("déjà vu.txt") == "déjà vu.txt")
    #expect(FileName.hasRawBytes(name))
    #expect(!FileName.hasRawBytes("déjà vu.txt"))
  }
}
