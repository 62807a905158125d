import CICU
import PrecisTestSupport
import Foundation
import Testing

/// The shim finds word and sentence boundaries itself for text it can classify (see
/// Sources/CICU/shim.c); these tests hold it to ICU's iterators, boundary for boundary (and,
/// for words, status for status).
@Suite("Boundaries without ICU's iterators")
struct BreakTests {
  /// The three kinds of one iterator: as used, ICU's alone, the shim's own alone.
  struct Kinds {
    let used: Int32, icu: Int32, own: Int32
    /// Whether the kind reports statuses (sentences are asked for none).
    let statuses: Bool
    static let word = Kinds(
      used: Int32(CICU_BREAK_WORD), icu: Int32(CICU_BREAK_WORD_ICU), own: Int32(CICU_BREAK_WORD_OWN), statuses: true)
    static let sentence = Kinds(
      used: Int32(CICU_BREAK_SENTENCE), icu: Int32(CICU_BREAK_SENTENCE_ICU), own: Int32(CICU_BREAK_SENTENCE_OWN),
      statuses: false)
  }

  /// Boundaries (and statuses) of `units` by `kind`, or nil when the kind declines (-2).
  func boundaries(_ units: [UInt16], kind: Int32, statuses withStatuses: Bool = true) -> [Int32]? {
    var offsets = [Int32](repeating: 0, count: units.count + 1)
    var statuses = [Int32](repeating: 0, count: units.count + 1)
    var error: Int32 = 0
    let count = units.withUnsafeBufferPointer { text in
      withStatuses
        ? cicu_boundaries(kind, text.baseAddress, Int32(units.count), &offsets, &statuses, Int32(units.count + 1), &error)
        : cicu_boundaries(kind, text.baseAddress, Int32(units.count), &offsets, nil, Int32(units.count + 1), &error)
    }
    if count == -2 { return nil }
    #expect(count >= 0 && error == 0)
    return (0..<Int(max(count, 0))).flatMap { withStatuses ? [offsets[$0], statuses[$0]] : [offsets[$0]] }
  }

  /// Every class the rules tell apart, in ASCII, Latin-1 and general punctuation, and code
  /// units they leave to ICU (soft hyphen, combining accent, Hebrew, katakana, surrogates,
  /// zero-width joiner).
  static let alphabet: [UInt16] = Array("aBzéÉœÀÿµªº1095.,;:'’‘_‿-‑ \t\u{A0}\u{202F}\u{2009}\n\r\u{85}\u{0B}\u{2028}\u{2029}\"«»()!?…–—·‧․@$%/&#*©®‼€⁰₀ʰˆ".utf16)
    + [0x00AD, 0x0301, 0x05D0, 0x30A2, 0xD83C, 0xDDEB, 0x200D, 0x200B, 0x2060, 0xFE55, 0xFF1A]
  /// Sentence ends and what follows them, more often: terminators, closing marks, spaces,
  /// paragraph ends, continuations, capitals, small letters and digits.
  static let sentenceAlphabet: [UInt16] = Array("aaBBÉé1..?!‼ \u{A0}»)\"’,;:–\n\r\u{2029}".utf16) + [0x00AD]

  /// Compares `kinds` with ICU on `count` random strings over `alphabet`; returns how many
  /// the shim handled itself.
  func compareRandomStrings(_ kinds: Kinds, alphabet: [UInt16], count: Int, seed: UInt64) -> Int {
    var random = SplitMix64(seed: seed)
    var handled = 0, mismatches = 0
    for _ in 0..<count {
      let length = 1 + Int(random.next() % 14)
      let units = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
      let icu = boundaries(units, kind: kinds.icu, statuses: kinds.statuses)
      if let own = boundaries(units, kind: kinds.own, statuses: kinds.statuses) {
        handled += 1
        if own != icu {
          mismatches += 1
          if mismatches <= 5 { Issue.record("\(units.map { String($0, radix: 16) }): own \(own), ICU \(icu ?? [])") }
        }
      }
      #expect(boundaries(units, kind: kinds.used, statuses: kinds.statuses) == icu)
    }
    #expect(mismatches == 0)
    return handled
  }

  @Test("Random strings: the same word boundaries and statuses as ICU, or left to ICU")
  func randomWords() {
    // The alphabet is mostly handled: a third of the strings at least take the own path.
    #expect(compareRandomStrings(.word, alphabet: Self.alphabet, count: 150_000, seed: 2026) > 50_000)
  }

  @Test("Random strings: the same sentence boundaries as ICU, or left to ICU")
  func randomSentences() {
    #expect(compareRandomStrings(.sentence, alphabet: Self.alphabet, count: 100_000, seed: 2027) > 30_000)
    #expect(compareRandomStrings(.sentence, alphabet: Self.sentenceAlphabet, count: 100_000, seed: 2028) > 30_000)
  }

  @Test("French news text is handled without ICU's iterators, with ICU's boundaries")
  func frenchText() throws {
    let article = try String(contentsOfFile: "examples/alibaba-cebit.txt", encoding: .utf8)
    let lines = article.split(separator: "\n").map { Array($0.utf16) } + [
      Array("L’équipe d'Air France a dit-elle « déjà » 2.600 fois : 3,5 % le 1er mai ; _x_ a@b.fr".utf16),
      Array("M. Dupont est arrivé. « Pourquoi ? » demande-t-il. Les U.S.A. etc. ont dit non… Voilà !".utf16),
    ]
    for units in lines {
      for kinds in [Kinds.word, Kinds.sentence] {
        let own = boundaries(units, kind: kinds.own, statuses: kinds.statuses)
        #expect(own != nil, "\(String(decoding: units, as: UTF16.self))")
        #expect(own == boundaries(units, kind: kinds.icu, statuses: kinds.statuses))
      }
    }
  }

  @Test("Statuses follow the segment's last unit, as ICU's rules do")
  func statuses() {
    func own(_ text: String) -> [Int32]? { boundaries(Array(text.utf16), kind: Int32(CICU_BREAK_WORD_OWN)) }
    #expect(own("a1") == [2, 100])
    #expect(own("1a") == [2, 200])
    #expect(own("_") == [1, 0])
    #expect(own("__") == [2, 200])
    #expect(own("a1_") == [3, 100])
    #expect(own("l'eau") == [5, 200])
    #expect(own("a:b") == [1, 200, 2, 0, 3, 200])
    #expect(own("x\u{AD}y") == nil)
  }
}
