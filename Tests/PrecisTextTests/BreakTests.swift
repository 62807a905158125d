import CICU
import Testing

/// Word and sentence boundaries from `cicu_boundaries`, which hands every text to ICU's
/// break iterators (locale `fr`): the statuses the tokenizer reads and the breaks the
/// segmenter starts from.
@Suite("Word and sentence boundaries")
struct BreakTests {
  /// Boundaries of `text` by `kind`, each followed by its status when `statuses` is set.
  func boundaries(_ text: String, kind: Int32, statuses withStatuses: Bool = true) -> [Int32] {
    let units = Array(text.utf16)
    var offsets = [Int32](repeating: 0, count: units.count + 1)
    var statuses = [Int32](repeating: 0, count: units.count + 1)
    var error: Int32 = 0
    let count = units.withUnsafeBufferPointer { text in
      withStatuses
        ? cicu_boundaries(kind, text.baseAddress, Int32(units.count), &offsets, &statuses, Int32(units.count + 1), &error)
        : cicu_boundaries(kind, text.baseAddress, Int32(units.count), &offsets, nil, Int32(units.count + 1), &error)
    }
    #expect(count >= 0 && error == 0)
    return (0..<Int(max(count, 0))).flatMap { withStatuses ? [offsets[$0], statuses[$0]] : [offsets[$0]] }
  }

  func words(_ text: String) -> [Int32] { boundaries(text, kind: Int32(CICU_BREAK_WORD)) }

  @Test("A word's status follows its last unit: 200 a letter, 100 a digit, 0 punctuation and spaces")
  func wordStatuses() {
    #expect(words("a1") == [2, 100])
    #expect(words("1a") == [2, 200])
    #expect(words("_") == [1, 0])
    #expect(words("__") == [2, 200])
    #expect(words("a1_") == [3, 100])
    #expect(words("a:b") == [1, 200, 2, 0, 3, 200])
  }

  @Test("Apostrophes, decimal separators and soft hyphens stay inside a word; spaces and dashes do not")
  func wordsInFrench() {
    #expect(words("l'eau") == [5, 200])
    #expect(words("l’eau") == [5, 200])
    #expect(words("3,5 %") == [3, 100, 4, 0, 5, 0])
    #expect(words("2.600") == [5, 100])
    #expect(words("x\u{AD}y") == [3, 200])
    #expect(words("dit-il") == [3, 200, 4, 0, 6, 200])
    #expect(words("a@b.fr") == [6, 200])
  }

  @Test("Sentences end after terminators, closing marks and spaces, not inside numbers or before a small letter")
  func sentences() {
    func sentences(_ text: String) -> [Int32] { boundaries(text, kind: Int32(CICU_BREAK_SENTENCE), statuses: false) }
    #expect(sentences("Il pleut. Il vente.") == [10, 19])
    #expect(sentences("(Oui !) Non.") == [8, 12])
    // A closing mark stays with the terminator only when no space comes between them (SB9):
    // the French spaced « » is why SentenceSegmenter moves such a mark back.
    #expect(sentences("« Oui ! » Non.") == [8, 14])
    #expect(sentences("Il a 3.5 ans. Voilà") == [14, 19])
    #expect(sentences("etc. et puis. Fin") == [14, 17])
    #expect(sentences("Un\nDeux") == [3, 7])
  }

  @Test("Text outside Latin scripts gets boundaries too")
  func otherScripts() {
    #expect(words("שלום עולם") == [4, 200, 5, 0, 9, 200])
    #expect(boundaries("Привет. Мир.", kind: Int32(CICU_BREAK_SENTENCE), statuses: false) == [8, 12])
  }
}
