import PrecisText

/// Finds an article's term occurrences: multi-word terms of the lexicon (longest match, on
/// the written forms, then on lemmas: "chaînes logistiques"), names (capitalised words
/// inside a sentence, runs of them, not common words of the lexicon), and content words by
/// lemma; stop words are dropped.
struct TermFinder {
  let lexicon: Lexicon
  let lemmatizer: Lemmatizer

  /// The occurrences in `sentences` of `document`, whose tokens' part-of-speech hints are
  /// `hints` (one array a sentence), grouped by kind and key.
  func occurrences(in sentences: [Sentence], hints: [[String?]], of document: Document) -> TermGroups {
    // At most about one occurrence a token (a phrase adds one over the words it glosses too).
    var terms = TermGroups(capacity: sentences.reduce(0) { $0 + $1.tokens.count } + 8)
    for (sentence, hints) in zip(sentences, hints) {
      // Through a buffer pointer: reading fields through the array copied whole tokens.
      sentence.tokens.withUnsafeBufferPointer { tokens in
        var scan = SentenceScan(
          tokens: tokens, sentence: sentence, hints: hints, document: document, lexicon: lexicon, lemmatizer: lemmatizer)
        scan.collect(into: &terms)
      }
    }
    return terms
  }

  /// Starts loading the lemma table's index entries of `sentences`' words, so that the
  /// searches of new forms overlap (see `Lemmatizer.prefetchTable`).
  func prefetch(_ sentences: [Sentence]) {
    for sentence in sentences {
      sentence.tokens.withUnsafeBufferPointer { lemmatizer.prefetchTable(hashes: Self.wordHashes($0), stage: 0) }
    }
  }

  /// The hashes of the words among `tokens`, read by index (a lazy filter over the tokens
  /// themselves would copy each one).
  static func wordHashes(_ tokens: UnsafeBufferPointer<Token>) -> some Sequence<UInt64> {
    tokens.indices.lazy.filter { tokens[$0].kind == .word }.map { tokens[$0].hash }
  }

  /// `UserLexicon.normalizeHeadword` of the text of `tokens[first...last]`, built from their
  /// norms when every gap between two of them is a space or nothing (without lower-casing
  /// the text again with ICU).
  static func headword(_ tokens: [Token], _ first: Int, _ last: Int, in document: Document) -> String {
    var key = tokens[first].norm
    for k in (first + 1)..<(last + 1) {
      let gap = tokens[k - 1].range.upperBound..<tokens[k].range.lowerBound
      if !gap.isEmpty {
        guard gap.count == 1, document.utf16[gap.lowerBound] == 32 else {
          return UserLexicon.normalizeHeadword(document.text(in: tokens[first].range.lowerBound..<tokens[last].range.upperBound))
        }
        key += " "
      }
      key += tokens[k].norm
    }
    return key
  }
}

/// A term occurrence found in a sentence.
struct Occurrence {
  let key: String
  /// Where the occurrence is written (its surface form is read only for the top terms).
  let span: Range<Int>
  let kind: TermKind
  /// Glosses of phrases; nil for a word or a name found by its capitals, whose glosses are
  /// looked up only if it makes the top terms (most occurrences never do).
  let english: [String]?
  /// The tokens whose words rank the term (by the highest IDF among them), in its
  /// sentence; stop words among them are skipped when `contentWordsOnly`.
  let wordTokens: Range<Int>
  let contentWordsOnly: Bool
  let sentence: Int
  /// A name found by its capitals: its glosses are its headword's name entry.
  var isCapitalizedName = false

  /// The words that rank the term.
  func words(in document: Document) -> [String] {
    document.sentences[sentence].tokens[wordTokens].filter { !contentWordsOnly || !$0.isStopWord }.map(\.norm)
  }
}

/// A document's term occurrences grouped by kind and key, in order of first appearance,
/// interned to dense ids: each group's first occurrence and count, and every occurrence's
/// span and group, in order.
struct TermGroups {
  private var interner: WordInterner
  private(set) var groups: [Occurrence] = [], counts: [Int] = []
  private(set) var spans: [(group: Int, span: Range<Int>)] = []

  /// Room for `capacity` occurrences before any array grows.
  init(capacity: Int) {
    interner = WordInterner(capacity: capacity)
    groups.reserveCapacity(capacity)
    counts.reserveCapacity(capacity)
    spans.reserveCapacity(capacity)
  }

  mutating func add(_ occurrence: consuming Occurrence) {
    let (id, isNew) = interner.intern(occurrence.key, qualifier: occurrence.kind.rawValue)
    spans.append((id, occurrence.span))
    if isNew {
      groups.append(occurrence)
      counts.append(1)
    } else {
      counts[id] += 1
    }
  }
}

/// A token's lemma and part of speech, as the lemmatiser read it.
struct TokenReading {
  let lemma: String
  let upos: String
  let source: LemmaSource
}

/// One sentence's search for terms: its tokens, their readings (each made on its first
/// request) and what the search needs, in one value passed `inout` (a closure would retain
/// the lexicon and lemmatiser, shared by all threads, for every word).
struct SentenceScan {
  let tokens: UnsafeBufferPointer<Token>
  let sentence: Sentence
  let document: Document
  let lexicon: Lexicon
  let lemmatizer: Lemmatizer
  private let hints: [String?]
  private var readings: [TokenReading?]

  init(
    tokens: UnsafeBufferPointer<Token>, sentence: Sentence, hints: [String?], document: Document, lexicon: Lexicon,
    lemmatizer: Lemmatizer
  ) {
    self.tokens = tokens
    self.sentence = sentence
    self.hints = hints
    self.document = document
    self.lexicon = lexicon
    self.lemmatizer = lemmatizer
    readings = [TokenReading?](repeating: nil, count: tokens.count)
  }

  /// Token `i`'s reading, made by the lemmatiser the first time.
  mutating func reading(_ i: Int) -> TokenReading {
    if let known = readings[i] { return known }
    let (lemma, upos, source) = lemmatizer.lemma(of: tokens[i].norm, tag: hints[i], hash: tokens[i].hash)
    let value = TokenReading(lemma: lemma, upos: upos, source: source)
    readings[i] = value
    return value
  }

  /// Adds the sentence's term occurrences to `terms`.
  mutating func collect(into terms: inout TermGroups) {
    // The lemma table's index entries of the words, and the memo entries of their
    // readings, requested at once: their cache misses overlap.
    let (tokens, hints) = (self.tokens, self.hints)
    lemmatizer.prefetchTable(hashes: TermFinder.wordHashes(tokens), stage: 1)
    lemmatizer.prefetch(
      readingKeys: tokens.indices.lazy.filter { tokens[$0].kind == .word }.map { Lemmatizer.readingKey(tokens[$0].hash, tag: hints[$0]) })
    var i = 0
    // Inside a multi-word term, up to this token: its words are glossed one by one too
    // (chaîne logistique, then logistique), but never as names.
    var insidePhraseUntil = -1
    while i < tokens.count {
      if i > insidePhraseUntil, !tokens[i].isElision && tokens[i].kind == .word, let match = longestTerm(from: i) {
        let isName = match.entry.pos == "name"
        terms.add(phraseOccurrence(match, from: i))
        if isName {
          i = match.end + 1
          continue
        }
        insidePhraseUntil = match.end
      }
      if i > insidePhraseUntil && tokens[i].isCapitalized && tokens[i].kind == .word && !tokens[i].isElision,
        let next = name(at: i, into: &terms)
      {
        i = next
        continue
      }
      addWord(i, into: &terms)
      i += 1
    }
  }

  /// The occurrence of the lexicon term `match` that starts at token `start`: a name as
  /// written, else a phrase.
  private func phraseOccurrence(_ match: PhraseMatch, from start: Int) -> Occurrence {
    let span = tokens[start].range.lowerBound..<tokens[match.end].range.upperBound
    let isName = match.entry.pos == "name"
    return Occurrence(
      key: isName ? document.text(in: span) : match.key, span: span, kind: isName ? .name : .phrase,
      english: match.entry.glosses, wordTokens: start..<(match.end + 1), contentWordsOnly: true, sentence: sentence.index)
  }

  /// Adds token `i` as a word term unless it is a stop word, a number or no content word
  /// (words the lemmatiser cannot place count as nouns when longer than two letters).
  private mutating func addWord(_ i: Int, into terms: inout TermGroups) {
    if tokens[i].isStopWord || tokens[i].kind == .number { return }
    let r = reading(i)
    let kind = TermKind.of(upos: r.upos, isNumber: false)
    guard kind.isContentWord || (kind == .other && tokens[i].norm.count > 2) else { return }
    terms.add(Occurrence(
      key: r.lemma, span: tokens[i].range, kind: kind == .other ? .noun : kind,
      english: nil, wordTokens: i..<(i + 1), contentWordsOnly: false, sentence: sentence.index))
  }

  /// Adds the content words among `range` as word terms (stop words and the rest skipped).
  mutating func addContentWords(_ range: Range<Int>, into terms: inout TermGroups) {
    for k in range where !tokens[k].isStopWord && tokens[k].kind == .word {
      let r = reading(k)
      let kind = TermKind.of(upos: r.upos, isNumber: false)
      if kind.isContentWord {
        terms.add(Occurrence(
          key: r.lemma, span: tokens[k].range, kind: kind,
          english: nil, wordTokens: k..<(k + 1), contentWordsOnly: false, sentence: sentence.index))
      }
    }
  }
}
