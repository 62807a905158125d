/// Tells French text from text in another language by its function words.
public enum LanguageCheck {
  /// Whether `document` looks French: at least `minimumShare` of its words (the first
  /// `sampleWords`) are function words found in French but not in Spanish, Italian,
  /// Portuguese, English or German ("les", "est", "dans", "l'"). French stop words alone
  /// do not tell French from Spanish ("de", "la", "que", "en", "un" are both). Texts under
  /// 20 words are given the benefit of the doubt.
  public static func looksFrench(_ document: Document) -> Bool {
    let share = frenchShare(document)
    return share.words < 20 || Double(share.french) >= minimumShare * Double(share.words)
  }

  /// The share threshold; see README.md ("Language check") for the figures behind it.
  public static let minimumShare = 0.10

  /// Enough words to decide; later ones are not read (the check runs on every article of a batch).
  static let sampleWords = 400

  /// Counts the first `sampleWords` words and the distinctly French function words among them.
  public static func frenchShare(_ document: Document) -> (words: Int, french: Int) {
    var words = 0, french = 0
    for sentence in document.sentences {
      for token in sentence.tokens where token.kind == .word {
        words += 1
        // Only stop words can be markers: most tokens skip the set lookup.
        if token.isStopWord && markers.contains(token.norm) { french += 1 }
        if words == sampleWords { return (words, french) }
      }
    }
    return (words, french)
  }

  /// French function words that are not words of the neighbouring languages.
  static let markers: Set<String> = [
    "le", "les", "des", "du", "et", "est", "une", "dans", "qui", "au", "aux", "sur", "pas", "avec", "cette", "ces",
    "sont", "ont", "été", "à", "l'", "d'", "qu'", "n'", "s'", "c'", "j'", "leur", "leurs", "nous", "vous", "ils",
    "elle", "elles", "mais", "comme", "plus", "aussi", "était", "avait", "fait", "tout", "très", "où", "lui", "dont",
    "ainsi", "selon", "être", "avoir", "ou", "depuis", "après", "chez",
  ]
}
