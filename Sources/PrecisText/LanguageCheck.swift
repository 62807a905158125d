/// Tells French text from text in another language by its function words.
public enum LanguageCheck {
  /// Whether `document` looks French: at least 15% of its words are French stop words
  /// (French news: 40–50%; English text: under 10%, from the few shared words like "a").
  /// Texts under 20 words are given the benefit of the doubt.
  public static func looksFrench(_ document: Document) -> Bool {
    var words = 0, stop = 0
    for sentence in document.sentences {
      for token in sentence.tokens where token.kind == .word {
        words += 1
        if token.isStopWord { stop += 1 }
      }
    }
    return words < 20 || Double(stop) >= 0.15 * Double(words)
  }
}
