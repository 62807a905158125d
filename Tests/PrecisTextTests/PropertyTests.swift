import Foundation
import PrecisTestSupport
import PrecisText
import Testing

/// Random texts built from the characters that trouble segmenters; whatever the input,
/// the pipeline must not crash and its ranges must be consistent.
@Suite("Text pipeline properties")
struct PropertyTests {
  static let pieces = [
    "M.", "Mme", " ", " ", " ", "\n", "é", "le", "Le", "chat", "Paris", ".", ".", "!", "?", "…", "...", "«", "»", "\u{00A0}",
    "\"", "'", "’", "l'", "-", "–", "2.600", "3,5", "J.", "etc.", "(", ")", ":", "\u{301}", "\r\n", "e-commerce", "dit-il",
    "window.pvp_1 = new Pvp(", "😀", "\u{202F}", "A", "z", ".Le", "jusqu'",
  ]

  /// A small deterministic generator.
  struct Generator {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(n))
    }
  }

  @Test("A token marked written as its norm is written so; lower-case words are marked", arguments: 0..<100)
  func writtenAsNorm(seed: Int) throws {
    var generator = Generator(state: UInt64(seed) &* 2_654_435_761 &+ 11)
    let text = (0..<(20 + generator.next(120))).map { _ in Self.pieces[generator.next(Self.pieces.count)] }.joined()
    var marked = 0
    for clean in [false, true] {
      let document = try Document(text: text, options: DocumentOptions(clean: clean))
      for token in document.sentences.flatMap(\.tokens) {
        let written = document.text(in: token.range)
        if token.isWrittenAsNorm { marked += 1 }
        #expect(!token.isWrittenAsNorm || written.hasSameUTF8(as: token.norm), "\(written) / \(token.norm)")
        if written == "chat" || written == "le" { #expect(token.isWrittenAsNorm, "\(written)") }
      }
    }
    #expect(marked > 0 || !text.contains("chat"))
  }

  @Test("trimmingWhitespace equals trimming whole characters from both ends", arguments: 0..<300)
  func trimming(seed: Int) {
    var generator = Generator(state: UInt64(seed) &* 2_654_435_761 &+ 7)
    // Random texts, and a few that end in a character whose first scalar is white space
    // (a space with a combining accent, CR LF).
    let edges = ["a \u{301}", " \u{301}", "a\r\n", "\u{00A0}b", "é", "b\u{301}"]
    let text = seed < edges.count ? edges[seed] : (0..<generator.next(8)).map { _ in Self.pieces[generator.next(Self.pieces.count)] }.joined()
    // The reference: characters, from both ends (its fast path must give the same answer).
    let characters = Array(text)
    var first = 0, last = characters.count
    while first < last && characters[first].isWhitespace { first += 1 }
    while last > first && characters[last - 1].isWhitespace { last -= 1 }
    #expect(String(text.trimmingWhitespace()) == String(characters[first..<last]), "\(Array(text.unicodeScalars))")
  }

  @Test("Sentences are ordered, disjoint, trimmed and quote the text; tokens lie inside them", arguments: 0..<200)
  func rangesAreConsistent(seed: Int) throws {
    var generator = Generator(state: UInt64(seed) &* 2_654_435_761 &+ 1)
    let text = (0..<(20 + generator.next(200))).map { _ in Self.pieces[generator.next(Self.pieces.count)] }.joined()
    for clean in [false, true] {
      let document = try Document(text: text, options: DocumentOptions(clean: clean))
      var previousEnd = 0
      for (i, sentence) in document.sentences.enumerated() {
        #expect(sentence.index == i)
        #expect(sentence.range.lowerBound >= previousEnd)
        #expect(!sentence.text.isEmpty)
        #expect(sentence.text == document.text(in: sentence.range))
        // Trimmed: no white space at either end (checked on scalars: a combining mark after a
        // space belongs to the text, although Swift's Character joins the two).
        #expect(sentence.text.unicodeScalars.first.map { !$0.properties.isWhitespace } ?? false)
        #expect(sentence.text.unicodeScalars.last.map { !$0.properties.isWhitespace } ?? false)
        for token in sentence.tokens {
          #expect(sentence.range.contains(token.range.lowerBound) && token.range.upperBound <= sentence.range.upperBound)
        }
        previousEnd = sentence.range.upperBound
      }
      if !clean {
        // Without cleaning, no letter or digit is lost: each lies in some sentence.
        let covered = document.sentences.reduce(into: IndexSet()) { $0.insert(integersIn: $1.range) }
        for (offset, unit) in document.utf16.enumerated() {
          if let scalar = Unicode.Scalar(unit), scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
            #expect(covered.contains(offset), "lost character at \(offset) in \(text.debugDescription)")
          }
        }
      }
    }
  }

  @Test("A 10 MB line without punctuation is processed in seconds")
  func hugeLine() throws {
    let words = ["le", "marché", "chinois", "croissance", "entreprises", "plateforme", "vaste"]
    var line = ""
    line.reserveCapacity(10_500_000)
    var i = 0
    while line.utf8.count < 10_000_000 {
      line += words[i % words.count] + " "
      i += 1
    }
    let start = Date()
    let document = try Document(text: line)
    #expect(document.sentences.count == 1)
    #expect(Date().timeIntervalSince(start) < 60)
  }
}
