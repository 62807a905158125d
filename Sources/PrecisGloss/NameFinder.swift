import PrecisText

/// Names found by their capitals: capitalised words inside a sentence (or first, when the
/// lexicon does not know the word in lower case), runs of them ("Jack Ma", "La Poste").
extension SentenceScan {
  /// Articles that may open a name ("La Poste", "Le Monde", "Les Républicains").
  static func isNameArticle(_ word: String) -> Bool {
    switch word {
    case "le", "la", "les", "l'": return true
    default: return false
    }
  }

  /// Examines the capitalised word `i`: adds the name it begins, or the common words that
  /// open its run, and returns the token to go on from; nil when `i` is to be read as a word.
  mutating func name(at i: Int, into terms: inout TermGroups) -> Int? {
    var end = i
    while end + 1 < tokens.count && tokens[end + 1].isCapitalized && tokens[end + 1].kind == .word
      && tokens[end + 1].range.lowerBound - tokens[end].range.upperBound <= 1 {
      end += 1
    }
    let start = nameStart(from: i, end: end)
    if start > i {
      // Re-examine from the first word that may begin the name.
      addContentWords(i..<start, into: &terms)
      return start
    }
    // "La Chine": an article before a name the lexicon knows without it is not part of it.
    if end > i && Self.isNameArticle(tokens[i].norm) {
      if lexicon.kinds(of: TermFinder.headword(sentence.tokens, i + 1, end, in: document)).contains(.name) { return i + 1 }
    }
    guard isName(i, runEnd: end) else { return nil }
    let span = tokens[i].range.lowerBound..<tokens[end].range.upperBound
    terms.add(Occurrence(
      key: document.text(in: span), span: span, kind: .name, english: nil,
      wordTokens: i..<(end + 1), contentWordsOnly: false, sentence: sentence.index, isCapitalizedName: true))
    return end + 1
  }

  /// The first word of the run `i...end` that may begin a name: leading words are not part
  /// of it when they are the sentence's first word and the lexicon knows it ("Outre François
  /// Hollande"), except an article ("La Poste", "Le Monde"), or common nouns before a name
  /// ("République François Hollande").
  private mutating func nameStart(from i: Int, end: Int) -> Int {
    var start = i
    while start < end {
      let word = tokens[start]
      let common = lexicon.kinds(of: reading(start).lemma).contains(.common)
      let first = start == 0 || (start == 1 && tokens[0].isElision)
      let article = Self.isNameArticle(word.norm)
      guard (first && (common || word.isStopWord) && !article) || (!word.isStopWord && common) else { break }
      start += 1
    }
    return start
  }

  /// Whether the run `i...runEnd` of capitalised words is a name: a run is; a single word
  /// is unless the lexicon knows it as a common word (and, first in the sentence, unless it
  /// is a stop word). A word the lexicon knows as a name ("Hexagone" → France) is one when
  /// capitalised, even if it is also a common word.
  private mutating func isName(_ i: Int, runEnd end: Int) -> Bool {
    let isKnownName = lexicon.kinds(of: tokens[i].norm, hash: tokens[i].hash).contains(.name)
    let known = !isKnownName && lexicon.kinds(of: reading(i).lemma).contains(.common)
    let sentenceStart = i == 0 || (i == 1 && tokens[0].isElision)
    let isRun = end > i
    let stopStart = tokens[i].isStopWord && !isRun
    return !stopStart && (isRun || (!sentenceStart && !known) || (sentenceStart && !known && !tokens[i].isStopWord))
  }
}
