import PrecisText

/// A lexicon term of at least two words found in a sentence.
struct PhraseMatch {
  /// Its last token.
  let end: Int
  /// Its headword.
  let key: String
  let entry: LexiconEntry
}

/// Multi-word terms of the lexicon, longest match first: on the written forms, then on
/// lemmas ("chaînes logistiques" → "chaîne logistique").
extension SentenceScan {
  /// The longest lexicon term of at least two words starting at token `start`.
  mutating func longestTerm(from start: Int) -> PhraseMatch? {
    var best: PhraseMatch?
    // Where the pass on forms stopped: the lemma pass asks the same questions, with the
    // same answers, until a lemma differs from its form.
    var formsStop = start
    // Lemmas only help from a content word; a stop word is its own lemma.
    for pass in 0..<(tokens[start].isStopWord ? 1 : 2) {
      let useLemmas = pass == 1
      let stop = extendTerm(from: start, useLemmas: useLemmas, formsStop: formsStop, best: &best)
      if !useLemmas { formsStop = stop }
      if best != nil { break }
    }
    return best
  }

  /// One pass of `longestTerm`: extends the words from `start` while the lexicon has a
  /// headword beginning with them, keeping the longest entry in `best`; returns where it
  /// stopped.
  private mutating func extendTerm(from start: Int, useLemmas: Bool, formsStop: Int, best: inout PhraseMatch?) -> Int {
    // The words `start...keyEnd` joined, built only when a string is needed: a lexicon
    // entry may exist, or a user lexicon must be asked (most prefixes the lexicon has,
    // such as "de la", are no entry).
    var key = word(start, from: start, useLemmas: useLemmas)
    var keyEnd = start
    func extendKey(to end: Int) {
      while keyEnd < end {
        keyEnd += 1
        key += (tokens[keyEnd - 1].isElision ? "" : " ") + word(keyEnd, from: start, useLemmas: useLemmas)
      }
    }
    var differs = useLemmas && !key.hasSameUTF8(as: tokens[start].norm)
    // The hash of the words so far, extended word by word (see
    // `Lexicon.hasHeadword(prefixHash:…)`).
    var hash = FNV1a()
    if useLemmas { hash.add(utf8Of: key) } else { hash.value = tokens[start].hash }
    let userEntries = lexicon.hasUserEntries
    var j = start + 1
    while j < tokens.count && j - start < Glossarist.longestTerm {
      // No space after an elided word or across a gap that is not a single space.
      guard tokens[j].range.lowerBound - tokens[j - 1].range.upperBound <= 1 else { break }
      let joiner = tokens[j - 1].isElision ? "" : " "
      let next = word(j, from: start, useLemmas: useLemmas)
      if useLemmas && !differs {
        differs = !next.hasSameUTF8(as: tokens[j].norm)
        if !differs && j == formsStop { break }
      }
      if !tokens[j - 1].isElision { hash.add(32) }
      hash.add(utf8Of: next)
      // Until a lemma differs, the pass on forms has answered (yes, and no entry).
      let asks = !useLemmas || differs
      if asks && userEntries {
        extendKey(to: j - 1)
        guard lexicon.hasHeadword(prefixHash: hash.value, startingWith: key, joiner: joiner, word: next) else { break }
      } else if asks {
        guard lexicon.hasBuiltInHeadword(prefixHash: hash.value) else { break }
      }
      if asks, !tokens[j].isStopWord, best.map({ j > $0.end }) ?? true,
        userEntries || lexicon.mayHaveBuiltInEntries(multiwordHash: hash.value)
      {
        extendKey(to: j)
        if lexicon.mayHaveEntries(multiword: key, hash: hash.value), let entry = lexicon.entries(for: key).first {
          best = PhraseMatch(end: j, key: key, entry: entry)
        }
      }
      j += 1
    }
    return j
  }

  /// Token `k` of a term from `start` as `longestTerm` reads it: its lemma in the lemma pass
  /// (the first word's, and every content word's), else its norm.
  private mutating func word(_ k: Int, from start: Int, useLemmas: Bool) -> String {
    useLemmas && (k == start || !tokens[k].isStopWord) ? reading(k).lemma : tokens[k].norm
  }
}
