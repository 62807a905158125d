import PrecisText

/// One key term of an article with its English glosses.
public struct GlossTerm: Sendable, Equatable {
  /// The lemma, the multi-word term, or the name as written ("entreprise", "chaîne
  /// logistique", "Jack Ma").
  public let term: String
  /// Surface forms seen in the article, in order of first appearance.
  public let forms: [String]
  /// English glosses, likeliest first; empty when the lexicon has none.
  public let english: [String]
  /// Occurrences in the article.
  public let count: Int
  /// "noun", "verb", "adjective", "adverb", "phrase" or "name".
  public let kind: String
  /// The first sentence where the term occurs (for flash cards).
  public let example: String
  /// Ranking score: occurrences × IDF of the term's most specific word.
  public let score: Double
}

/// What `precis analyze` prints for one token.
public struct AnalyzedToken: Sendable, Equatable {
  /// The token as written.
  public let form: String
  /// Its lemma.
  public let lemma: String
  /// noun, verb, adjective, adverb, auxiliary, name, number, function or other.
  public let kind: String
  /// The likeliest English gloss, if the lexicon has one.
  public let gloss: String?
}

/// Builds glossaries: lemmatises an article's words, matches multi-word terms of the
/// lexicon by longest match (on the written forms, then on lemmas: "chaînes logistiques"),
/// detects names (capitalised words inside a sentence, runs of them, not common words of
/// the lexicon), drops stop words, and ranks terms by TF-IDF with the document frequencies
/// in `models/`.
///
/// For example:
/// ```swift
/// let glossary = try Glossarist.french().glossary(for: document)
/// glossary.first?.english   // ["company", "business"]
/// ```
public struct Glossarist: Sendable {
  /// The French–English lexicon (with user entries).
  public var lexicon: Lexicon { parts.lexicon }
  /// The lemmatiser.
  public var lemmatizer: Lemmatizer { parts.lemmatizer }
  /// Document frequencies for ranking, if available.
  public var frequencies: DocumentFrequencies? { parts.frequencies }
  /// The part-of-speech tagger that chooses among a form's readings; without one, the
  /// context rules of `lexicons/fr/context-rules.tsv` do.
  public var tagger: Tagger? { parts.tagger }
  /// Everything above in one object: a glossarist is copied into every closure of its
  /// methods, and copying a dozen references cost 5% of a glossary (measured with perf).
  private let parts: Parts

  private final class Parts: Sendable {
    let lexicon: Lexicon
    let lemmatizer: Lemmatizer
    let frequencies: DocumentFrequencies?
    let tagger: Tagger?
    /// Glosses by kind, lemma and form (they are searched, filtered and ordered).
    let glossCache = BoundedCache<[String]>(limit: 100_000)

    init(lexicon: Lexicon, lemmatizer: Lemmatizer, frequencies: DocumentFrequencies?, tagger: Tagger?) {
      self.lexicon = lexicon
      self.lemmatizer = lemmatizer
      self.frequencies = frequencies
      self.tagger = tagger
    }
  }

  /// Contractions that UD (and so the tagger) splits into two words (a switch: a
  /// dictionary lookup hashed every short word).
  static func contraction(_ word: String) -> [String]? {
    switch word {
    case "du": return ["de", "le"]
    case "au": return ["à", "le"]
    case "aux": return ["à", "les"]
    default: return nil
    }
  }
  /// Articles that may open a name ("La Poste", "Le Monde", "Les Républicains").
  /// (A switch: a `Set` of strings hashed every capitalised word with the seeded hasher.)
  static func isNameArticle(_ word: String) -> Bool {
    switch word {
    case "le", "la", "les", "l'": return true
    default: return false
    }
  }
  /// Longest multi-word term tried, in tokens.
  public static let longestTerm = 7

  /// The French glossarist, with `user` entries on top of the built-in lexicon.
  public static func french(user: UserLexicon? = nil) throws(TextError) -> Glossarist {
    var lexicon = try Lexicon.french()
    if let user { lexicon = lexicon.adding(user) }
    return Glossarist(
      lexicon: lexicon, lemmatizer: try Lemmatizer.french(), frequencies: try? DocumentFrequencies.french(),
      tagger: try Tagger.french())
  }

  /// Creates a glossarist.
  public init(lexicon: Lexicon, lemmatizer: Lemmatizer, frequencies: DocumentFrequencies?, tagger: Tagger? = nil) {
    parts = Parts(lexicon: lexicon, lemmatizer: lemmatizer, frequencies: frequencies, tagger: tagger)
  }

  /// Part-of-speech hints for a sentence's tokens: the tagger's tags (it sees punctuation
  /// too, as in its training data), or the context rules' guesses.
  public func tags(for sentence: Sentence, in document: Document) -> [String?] {
    tags(for: [sentence], in: document)[0]
  }

  /// `tags(for:in:)` of each of `sentences`, in one call of the tagger: its arrays and its
  /// lock once a document rather than once a sentence (a dozen allocations a sentence were
  /// a fifth of a cold pass's allocations).
  func tags(for sentences: [Sentence], in document: Document) -> [[String?]] {
    guard let tagger = parts.tagger else {
      return sentences.map { sentence in
        let tokens = sentence.tokens
        return tokens.indices.map { parts.lemmatizer.contextTag(after: $0 > 0 ? tokens[$0 - 1].norm : nil) }
      }
    }
    // Each of the tagger's words: its key and capitalisation, computed on the document's
    // UTF-16 text, and where its strings come from; they are built only for words the
    // tagger has not seen (building every original as a string was most of this function).
    var keys: [UInt64] = [], capitals: [Bool] = [], sources: [TaggerSource] = [], position: [Int] = []
    var segments: [Range<Int>] = []
    segments.reserveCapacity(sentences.count)
    // Room for the words and about as much punctuation: growing the arrays by doubling was
    // a twentieth of the run's allocations (perf, probing malloc).
    let capacity = sentences.reduce(8) { $0 + 2 * $1.tokens.count }
    keys.reserveCapacity(capacity)
    capitals.reserveCapacity(capacity)
    sources.reserveCapacity(capacity)
    position.reserveCapacity(capacity)
    func append(_ key: UInt64, _ capital: Bool, _ source: TaggerSource, _ index: Int) {
      keys.append(key)
      capitals.append(capital)
      sources.append(source)
      position.append(index)
    }
    func punctuation(_ range: Range<Int>) {
      var k = range.lowerBound
      while k < range.upperBound {
        let unit = document.utf16[k]
        if CodeUnit.isSpace(unit) { k += 1; continue }
        var end = k + 1
        if unit == 46 { while end < range.upperBound && document.utf16[end] == 46 { end += 1 } }
        let mark = k..<end
        append(Self.taggerKey(nil, mark, document), Tagger.isCapitalized(document.firstScalar(in: mark)), .punctuation(mark), -1)
        k = end
      }
    }
    for (s, sentence) in sentences.enumerated() {
      let tokens = sentence.tokens
      let first = keys.count
      var cursor = sentence.range.lowerBound
      for i in tokens.indices {
        let range = tokens[i].range
        punctuation(cursor..<range.lowerBound)
        let capital = Tagger.isCapitalized(document.firstScalar(in: range))
        if tokens[i].norm.utf8.count <= 3, let parts = Self.contraction(tokens[i].norm) {
          // The tagger was trained on UD's syntactic words: "du" is "de le", the first
          // written as the token, the second as itself.
          append(Self.taggerKey(parts[0], range, document), capital, .firstOfContraction(s, i, parts[0]), i)
          append(VectorCache.key(parts[1], original: parts[1], same: true), false, .word(parts[1]), -1)
        } else {
          let key = tokens[i].isWrittenAsNorm ? (tokens[i].hash == 0 ? 1 : tokens[i].hash) : Self.taggerKey(tokens[i].norm, range, document, wordHash: tokens[i].hash)
          append(key, capital, .token(s, i), i)
        }
        cursor = range.upperBound
      }
      punctuation(cursor..<sentence.range.upperBound)
      segments.append(first..<keys.count)
    }
    func original(_ s: Int, _ i: Int) -> String {
      let token = sentences[s].tokens[i]
      return token.isWrittenAsNorm || Self.isWritten(token.norm, at: token.range, in: document.utf16)
        ? token.norm : document.text(in: token.range)
    }
    let tagged = tagger.tagIndices(keys: keys, capitals: capitals, segments: segments) { k in
      switch sources[k] {
      case .token(let s, let i): (sentences[s].tokens[i].norm, original(s, i))
      case .firstOfContraction(let s, let i, let word): (word, original(s, i))
      case .word(let word): (word, word)
      case .punctuation(let range): (document.text(in: range), document.text(in: range))
      }
    }
    let names = tagger.model.tags
    return sentences.indices.map { s in
      var result = [String?](repeating: nil, count: sentences[s].tokens.count)
      for k in segments[s] where position[k] >= 0 { result[position[k]] = names[tagged[k]] }
      return result
    }
  }

  /// Where the strings of one of the tagger's words come from.
  private enum TaggerSource {
    /// A token (sentence, token): its norm, written as in the text.
    case token(Int, Int)
    /// The first word of a contraction ("de" of "du"), written as the token (sentence, token).
    case firstOfContraction(Int, Int, String)
    /// A word written as itself ("le" of "du").
    case word(String)
    /// Punctuation, as in the text.
    case punctuation(Range<Int>)
  }

  /// `VectorCache.key` of `word` written as the text at `range` (nil: the word is that
  /// text), computed on the UTF-16 text without building the original; `wordHash` is the
  /// FNV-1a of the word's bytes when known (a token's `hash`).
  static func taggerKey(_ word: String?, _ range: Range<Int>, _ document: Document, wordHash: UInt64? = nil) -> UInt64 {
    var hash = FNV1a()
    guard let word else {
      document.hashText(in: range, into: &hash)
      return hash.value == 0 ? 1 : hash.value
    }
    if let wordHash { hash.value = wordHash } else { hash.add(utf8Of: word) }
    if !isWritten(word, at: range, in: document.utf16) && !document.isText(in: range, sameUTF8As: word) {
      hash.add(1)
      document.hashText(in: range, into: &hash)
    }
    return hash.value == 0 ? 1 : hash.value
  }

  /// Whether `utf16[range]` is `form`, unit for unit (an ASCII word in lower case).
  static func isWritten(_ form: String, at range: Range<Int>, in utf16: [UInt16]) -> Bool {
    guard form.utf8.count == range.count else { return false }
    var k = range.lowerBound
    for byte in form.utf8 {
      guard byte < 0x80, utf16[k] == UInt16(byte) else { return false }
      k += 1
    }
    return true
  }

  /// A token's lemma and part of speech, as the lemmatiser read it.
  struct TokenReading {
    let lemma: String
    let upos: String
    let source: LemmaSource
  }

  /// The readings of a sentence's tokens, each made on its first request. Passed `inout`
  /// rather than as a closure: the closure `longestTerm` took for every word retained and
  /// released the glossarist's parts, one object the two workers shared, whose count's
  /// cache line then went from core to core (perf: 2% of a batch).
  struct SentenceReadings {
    private var values: [TokenReading?]
    private let hints: [String?]

    init(count: Int, hints: [String?]) {
      values = [TokenReading?](repeating: nil, count: count)
      self.hints = hints
    }

    /// Token `i`'s reading, made by `lemmatizer` the first time.
    mutating func reading(_ i: Int, of tokens: UnsafeBufferPointer<Token>, lemmatizer: Lemmatizer) -> TokenReading {
      if let known = values[i] { return known }
      let (lemma, upos, source) = lemmatizer.lemma(of: tokens[i].norm, tag: hints[i], hash: tokens[i].hash)
      let value = TokenReading(lemma: lemma, upos: upos, source: source)
      values[i] = value
      return value
    }
  }

  /// A term occurrence found in a sentence.
  struct Occurrence {
    let key: String
    /// Where the occurrence is written (its surface form is read only for the top terms).
    let span: Range<Int>
    let kind: String
    /// Glosses of phrases; nil for a word or a name found by its capitals, whose glosses are
    /// looked up only if it makes the top terms (most occurrences never do: looking up every
    /// name's entries, with its headword built, was 1.5% of a cold batch).
    let english: [String]?
    /// The tokens whose words rank the term (by the highest IDF among them), in its
    /// sentence; stop words among them are skipped when `contentWordsOnly`. Kept as a range,
    /// not an array of words: most occurrences never need it (perf: one allocation a token).
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

  /// The article's key terms, best first; `top` limits how many (nil: all); `sentences`
  /// restricts the terms to those sentences (a summary's).
  public func glossary(for document: Document, top: Int? = nil, sentences: Set<Int>? = nil) -> [GlossTerm] {
    // The occurrences, grouped by kind and key (see `TermGroups`).
    let chosen = sentences.map { only in document.sentences.filter { only.contains($0.index) } } ?? document.sentences
    // At most about one occurrence a token (a phrase adds one over the words it glosses too).
    var terms = TermGroups(capacity: chosen.reduce(0) { $0 + $1.tokens.count } + 8)
    // The lemma table's index buckets of the words requested while the tagger runs (a new
    // form's search is three dependent cache misses; see `collectOccurrences` for the next).
    for sentence in chosen {
      sentence.tokens.withUnsafeBufferPointer { parts.lemmatizer.prefetchTable(hashes: Self.wordHashes($0), stage: 0) }
    }
    for (sentence, hints) in zip(chosen, tags(for: chosen, in: document)) {
      collectOccurrences(in: sentence, hints: hints, document: document, into: &terms)
    }
    let (groups, counts, spans) = (terms.groups, terms.counts, terms.spans)
    // Score: occurrences × the highest IDF among the term's words (1 without frequencies).
    func score(_ group: Int) -> Double {
      let first = groups[group]
      var idf: Double?
      let tokens = document.sentences[first.sentence].tokens
      for k in first.wordTokens where !first.contentWordsOnly || !tokens[k].isStopWord {
        let value = parts.frequencies?.idf(tokens[k].norm, hash: tokens[k].hash) ?? 1
        idf = max(idf ?? value, value)
      }
      return Double(counts[group]) * (idf ?? 1)
    }
    let order = ranked(groups, counts: counts, top: top, score: score)
    // The surface forms of the chosen terms, in order of appearance.
    var rank = [Int](repeating: -1, count: groups.count)
    for (r, chosen) in order.enumerated() { rank[chosen.group] = r }
    var forms = [[String]](repeating: [], count: order.count)
    for (group, span) in spans where rank[group] >= 0 {
      let form = document.text(in: span)
      if !forms[rank[group]].contains(form) { forms[rank[group]].append(form) }
    }
    return order.enumerated().map { r, chosen in
      let first = groups[chosen.group]
      return GlossTerm(
        term: first.key, forms: forms[r],
        english: first.english ?? glosses(of: first, in: document),
        count: counts[chosen.group], kind: first.kind, example: document.sentences[first.sentence].text, score: chosen.score)
    }
  }

  /// The groups in ranking order, at most `top` of them (nil: all), with their scores:
  /// highest score first, then by key, then by first appearance.
  ///
  /// With `top`, groups are scored from the most frequent down, and the scoring stops once
  /// a group's count times the highest IDF any word can have falls below the `top`-th
  /// score so far: no group left can make the list. Most terms occur once, and the IDF
  /// lookups and the sort of them all were 6% of summary + glossary (`scripts/ablate.sh`).
  private func ranked(
    _ groups: [Occurrence], counts: [Int], top: Int?, score: (Int) -> Double
  ) -> [(group: Int, score: Double)] {
    func precedes(_ a: (group: Int, score: Double), _ b: (group: Int, score: Double)) -> Bool {
      if a.score != b.score { return a.score > b.score }
      if groups[a.group].key != groups[b.group].key { return groups[a.group].key < groups[b.group].key }
      return a.group < b.group
    }
    guard let top else {
      return groups.indices.map { ($0, score($0)) }.sorted(by: precedes)
    }
    guard top > 0 else { return [] }
    let highestIDF = parts.frequencies?.highestIDF ?? 1
    // Most frequent first, then in order of appearance: a counting sort (counts are small;
    // sorting with a closure was 0.4% of a cold pass).
    let highestCount = counts.max() ?? 0
    var starts = [Int](repeating: 0, count: highestCount + 2)
    for count in counts { starts[highestCount - count + 1] += 1 }
    for k in 1..<starts.count { starts[k] += starts[k - 1] }
    var byCount = [Int](repeating: 0, count: groups.count)
    for group in groups.indices {
      let slot = highestCount - counts[group]
      byCount[starts[slot]] = group
      starts[slot] += 1
    }
    var best = TopList(capacity: top, by: precedes)
    for group in byCount {
      if best.isFull, let last = best.elements.last, Double(counts[group]) * highestIDF < last.score { break }
      best.offer((group: group, score: score(group)))
    }
    return best.elements
  }

  /// Every token of `document` with its lemma, kind and first gloss, sentence by sentence.
  public func analyze(_ document: Document) -> [[AnalyzedToken]] {
    document.sentences.map { sentence in
      let hints = tags(for: sentence, in: document)
      return sentence.tokens.enumerated().map { i, token in
        var reading = parts.lemmatizer.lemma(of: token.norm, tag: hints[i])
        // Pronouns keep their own form: the table follows UD Sequoia, where "il" has the
        // lemma "lui", which would gloss "il" as "him".
        if reading.upos == "PRON" && !token.isElision { reading.lemma = token.norm }
        // A reading aid glosses every word it can, stop words included ("pas" → not);
        // auxiliaries are told apart from full verbs.
        var kind = reading.upos == "AUX" ? "auxiliary" : Self.kind(ofUPOS: reading.upos, isNumber: token.kind == .number)
        let entries = token.isCapitalized ? parts.lexicon.entries(for: token.norm) : []
        let nameGloss = entries.first { $0.pos == "name" }?.glosses.first
        if token.isCapitalized && (nameGloss != nil || (kind == "noun" && reading.source != .table)) { kind = "name" }
        // The euphonic t of "a-t-il" is no word.
        if token.norm == "t" && i > 0 && CodeUnit.isHyphen(document.utf16[token.range.lowerBound - 1]) { kind = "function" }
        let gloss = kind == "name" ? Self.nameGlosses(entries)?.first : gloss(lemma: reading.lemma, form: token.norm, kind: kind == "auxiliary" ? "verb" : kind).first
        return AnalyzedToken(form: document.text(in: token.range), lemma: reading.lemma, kind: kind, gloss: gloss)
      }
    }
  }

  /// Whether a glossary kind is a content word's: noun, verb, adjective or adverb (a switch:
  /// an array literal here was allocated for every token).
  static func isContentKind(_ kind: String) -> Bool {
    switch kind {
    case "noun", "verb", "adjective", "adverb": return true
    default: return false
    }
  }

  /// The glossary kind of a UPOS tag, for a token that is a number or not (not the token
  /// itself: passing a token read from a buffer copied it, its norm retained, perf).
  static func kind(ofUPOS upos: String, isNumber: Bool) -> String {
    switch upos {
    case "NOUN": return "noun"
    case "VERB", "AUX": return "verb"
    case "ADJ": return "adjective"
    case "ADV": return "adverb"
    case "PROPN": return "name"
    case "NUM": return "number"
    case "X": return isNumber ? "number" : "other"
    default: return "function"
    }
  }

  /// The glosses of a term that has none yet: a name's entry, or a word's (`gloss`).
  private func glosses(of term: Occurrence, in document: Document) -> [String] {
    guard term.isCapitalizedName else {
      return gloss(lemma: term.key, form: term.words(in: document).first ?? term.key, kind: term.kind)
    }
    let headword = Self.headword(
      document.sentences[term.sentence].tokens, term.wordTokens.lowerBound, term.wordTokens.upperBound - 1, in: document)
    return Self.nameGlosses(parts.lexicon.entries(for: headword)) ?? []
  }

  /// The glosses of a name: its name entry's, else those of a user entry without a part of
  /// speech (`Matignon<TAB>Prime Minister's office`, which replaces the built-in entries).
  static func nameGlosses(_ entries: [LexiconEntry]) -> [String]? {
    (entries.first { $0.pos == "name" } ?? entries.first { $0.pos == "any" })?.glosses
  }

  /// Glosses for a lemma of a kind: those of the entry with the same part of speech, then,
  /// while there are fewer than two, those of its other parts of speech; at most four.
  func gloss(lemma: String, form: String, kind: String) -> [String] {
    parts.glossCache.value(for: kind + "\t" + lemma + "\t" + form) { findGlosses(lemma: lemma, form: form, kind: kind) }
  }

  private func findGlosses(lemma: String, form: String, kind: String) -> [String] {
    var entries = parts.lexicon.entries(for: lemma).filter { $0.pos != "name" }
    if entries.isEmpty && form != lemma { entries = parts.lexicon.entries(for: form).filter { $0.pos != "name" } }
    // Function words (pronouns, articles) are the lexicon's "other" entries.
    let pos = kind == "function" ? "other" : kind
    let ordered = entries.filter { $0.pos == pos || $0.pos == "any" } + entries.filter { $0.pos != pos && $0.pos != "any" }
    var glosses: [String] = []
    for (k, entry) in ordered.enumerated() {
      // Other parts of speech only fill in when the matching one gives fewer than two
      // glosses: "logistique" (adjective: logistical) gains the noun's "logistics", but
      // "chinois" (adjective: Chinese…) does not gain the noun's "strainer".
      if k > 0 && entry.pos != ordered[0].pos && glosses.count >= 2 { break }
      for gloss in entry.glosses where !glosses.contains(where: { $0.lowercased() == gloss.lowercased() }) {
        glosses.append(gloss)
      }
    }
    return Array(glosses.prefix(Self.maximumGlosses))
  }

  /// Most glosses shown for a term.
  static let maximumGlosses = 4

  /// A document's term occurrences grouped by kind and key, in order of first appearance;
  /// interned to dense ids (a dictionary keyed by the pair paid for the seeded hasher on
  /// every occurrence). Each group's first occurrence and count; every occurrence's span and
  /// group, in order (one flat array: an array of spans a group was an allocation a term).
  /// Occurrences are added as they are found: an array of them a sentence, copied into the
  /// groups, was 2% of a cold pass (perf).
  private struct TermGroups {
    var interner: WordInterner
    var groups: [Occurrence] = [], counts: [Int] = []
    var spans: [(group: Int, span: Range<Int>)] = []

    /// Room for `capacity` occurrences before any array grows (growing from empty was a
    /// tenth of a cold pass's allocations; a probe on malloc).
    init(capacity: Int) {
      interner = WordInterner(capacity: capacity)
      groups.reserveCapacity(capacity)
      counts.reserveCapacity(capacity)
      spans.reserveCapacity(capacity)
    }

    mutating func add(_ occurrence: consuming Occurrence) {
      let (id, isNew) = interner.intern(occurrence.key, qualifier: occurrence.kind)
      spans.append((id, occurrence.span))
      if isNew {
        groups.append(occurrence)
        counts.append(1)
      } else {
        counts[id] += 1
      }
    }
  }

  /// The hashes of the words among `tokens`, read by index (a lazy filter over the tokens
  /// themselves copied each one, its norm retained and released).
  static func wordHashes(_ tokens: UnsafeBufferPointer<Token>) -> some Sequence<UInt64> {
    tokens.indices.lazy.filter { tokens[$0].kind == .word }.map { tokens[$0].hash }
  }

  /// Adds the term occurrences of `sentence`, whose tokens' part-of-speech hints are
  /// `hints`, to `terms`.
  private func collectOccurrences(in sentence: Sentence, hints: [String?], document: Document, into terms: inout TermGroups) {
    // Through a buffer pointer: `let token = tokens[i]` and field reads through the array
    // copied whole tokens, retaining and releasing their norms (perf).
    sentence.tokens.withUnsafeBufferPointer { collectOccurrences(in: sentence, tokens: $0, hints: hints, document: document, into: &terms) }
  }

  private func collectOccurrences(
    in sentence: Sentence, tokens: UnsafeBufferPointer<Token>, hints: [String?], document: Document, into terms: inout TermGroups
  ) {
    // A struct, not an optional tuple: an array of tuples went through the runtime's generic
    // tuple metadata and value witnesses (perf: 2% of summary + glossary).
    var readings = SentenceReadings(count: tokens.count, hints: hints)
    // The lemma table's index entries of the words, and the memo entries of their
    // readings, requested at once: their cache misses overlap.
    parts.lemmatizer.prefetchTable(hashes: Self.wordHashes(tokens), stage: 1)
    parts.lemmatizer.prefetch(
      readingKeys: tokens.indices.lazy.filter { tokens[$0].kind == .word }.map { Lemmatizer.readingKey(tokens[$0].hash, tag: hints[$0]) })
    let lemmatizer = parts.lemmatizer
    func reading(_ i: Int) -> TokenReading { readings.reading(i, of: tokens, lemmatizer: lemmatizer) }
    var i = 0
    // Inside a multi-word term, up to this token: its words are glossed one by one too
    // (chaîne logistique, then logistique), but never as names.
    var insidePhraseUntil = -1
    while i < tokens.count {
      // Multi-word terms, longest match, on forms then on lemmas.
      if i > insidePhraseUntil, !tokens[i].isElision && tokens[i].kind == .word,
        let (end, key, entry) = longestTerm(tokens, from: i, readings: &readings)
      {
        let span = tokens[i].range.lowerBound..<tokens[end].range.upperBound
        let isName = entry.pos == "name"
        terms.add(Occurrence(
          key: isName ? document.text(in: span) : key, span: span, kind: isName ? "name" : "phrase", english: entry.glosses,
          wordTokens: i..<(end + 1), contentWordsOnly: true, sentence: sentence.index))
        if isName {
          i = end + 1
          continue
        }
        insidePhraseUntil = end
      }
      // Names: capitalised words inside the sentence (or first, when the lexicon does not
      // know the word in lower case), runs of them ("Jack Ma", "La Poste").
      if i > insidePhraseUntil && tokens[i].isCapitalized && tokens[i].kind == .word && !tokens[i].isElision {
        // A word the lexicon knows as a name ("Hexagone" → France) is one when capitalised,
        // even if it is also a common word.
        let isKnownName = parts.lexicon.kinds(of: tokens[i].norm, hash: tokens[i].hash).contains(.name)
        let known = !isKnownName && parts.lexicon.kinds(of: reading(i).lemma).contains(.common)
        let sentenceStart = i == 0 || (i == 1 && tokens[0].isElision)
        var end = i
        while end + 1 < tokens.count && tokens[end + 1].isCapitalized && tokens[end + 1].kind == .word
          && tokens[end + 1].range.lowerBound - tokens[end].range.upperBound <= 1 {
          end += 1
        }
        // Leading words of a run that are not part of the name: the sentence's first word
        // when the lexicon knows it ("Outre François Hollande"), except an article ("La
        // Poste", "Le Monde"), and common nouns before a name ("République François
        // Hollande").
        var start = i
        while start < end {
          let word = tokens[start]
          let common = parts.lexicon.kinds(of: reading(start).lemma).contains(.common)
          let first = start == 0 || (start == 1 && tokens[0].isElision)
          let article = Self.isNameArticle(word.norm)
          if (first && (common || word.isStopWord) && !article) || (!word.isStopWord && common) {
            start += 1
          } else {
            break
          }
        }
        if start > i {
          // Re-examine from the first word that may begin the name.
          for k in i..<start where !tokens[k].isStopWord && tokens[k].kind == .word {
            let r = reading(k)
            let kind = Self.kind(ofUPOS: r.upos, isNumber: tokens[k].kind == .number)
            if Self.isContentKind(kind) {
              terms.add(Occurrence(
                key: r.lemma, span: tokens[k].range, kind: kind,
                english: nil, wordTokens: k..<(k + 1), contentWordsOnly: false, sentence: sentence.index))
            }
          }
          i = start
          continue
        }
        // "La Chine": an article before a name the lexicon knows without it is not part of it.
        if end > i && Self.isNameArticle(tokens[i].norm) {
          if parts.lexicon.kinds(of: Self.headword(sentence.tokens, i + 1, end, in: document)).contains(.name) {
            i += 1
            continue
          }
        }
        let isRun = end > i
        let stopStart = tokens[i].isStopWord && !isRun
        if !stopStart && (isRun || (!sentenceStart && !known) || (sentenceStart && !known && !tokens[i].isStopWord)) {
          let span = tokens[i].range.lowerBound..<tokens[end].range.upperBound
          let form = document.text(in: span)
          terms.add(Occurrence(
            key: form, span: span, kind: "name", english: nil,
            wordTokens: i..<(end + 1), contentWordsOnly: false, sentence: sentence.index, isCapitalizedName: true))
          i = end + 1
          continue
        }
      }
      if tokens[i].isStopWord || tokens[i].kind == .number {
        i += 1
        continue
      }
      let r = reading(i)
      let kind = Self.kind(ofUPOS: r.upos, isNumber: tokens[i].kind == .number)
      guard Self.isContentKind(kind) || (kind == "other" && tokens[i].norm.count > 2) else {
        i += 1
        continue
      }
      let finalKind = kind == "other" ? "noun" : kind
      terms.add(Occurrence(
        key: r.lemma, span: tokens[i].range, kind: finalKind,
        english: nil, wordTokens: i..<(i + 1), contentWordsOnly: false, sentence: sentence.index))
      i += 1
    }
  }

  /// `UserLexicon.normalizeHeadword` of the text of `tokens[first...last]`, built from their
  /// norms when every gap between two of them is a space or nothing (lower-casing the text
  /// with ICU and splitting it cost 2% of summary + glossary, measured with perf).
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

  /// The longest lexicon term of at least two words starting at `start`: (last token,
  /// headword, entry). `tokens` is the sentence's, through a buffer pointer (see
  /// `occurrences`).
  private func longestTerm(
    _ tokens: UnsafeBufferPointer<Token>, from start: Int, readings: inout SentenceReadings
  ) -> (Int, String, LexiconEntry)? {
    guard let p = tokens.baseAddress else { return nil }
    let lemmatizer = parts.lemmatizer
    var best: (Int, String, LexiconEntry)?
    // Where the pass on forms stopped: the lemma pass asks the same questions, with the
    // same answers, until a lemma differs from its form.
    var formsStop = start
    // Lemmas only help from a content word ("chaînes logistiques"); a stop word is its own lemma.
    for pass in 0..<(p[start].isStopWord ? 1 : 2) {
      let useLemmas = pass == 1
      func word(_ k: Int) -> String {
        useLemmas && (k == start || !p[k].isStopWord) ? readings.reading(k, of: tokens, lemmatizer: lemmatizer).lemma : p[k].norm
      }
      // The words `start...keyEnd` joined, built only when a string is needed: a lexicon
      // entry may exist, or a user lexicon must be asked (most prefixes the lexicon has,
      // such as "de la", are no entry).
      var key = word(start)
      var keyEnd = start
      func extendKey(to end: Int) {
        while keyEnd < end {
          keyEnd += 1
          key += (p[keyEnd - 1].isElision ? "" : " ") + word(keyEnd)
        }
      }
      var differs = useLemmas && !key.hasSameUTF8(as: p[start].norm)
      // The hash of the words so far, extended word by word (see
      // `Lexicon.hasHeadword(prefixHash:…)`).
      var hash = FNV1a()
      if useLemmas { hash.add(utf8Of: key) } else { hash.value = p[start].hash }
      let userEntries = parts.lexicon.hasUserEntries
      var j = start + 1
      while j < tokens.count && j - start < Self.longestTerm {
        // No space after an elided word or across a gap that is not a single space.
        let gap = p[j].range.lowerBound - p[j - 1].range.upperBound
        guard gap <= 1 else { break }
        let joiner = p[j - 1].isElision ? "" : " "
        let next = word(j)
        if useLemmas && !differs {
          differs = !next.hasSameUTF8(as: p[j].norm)
          if !differs && j == formsStop { break }
        }
        if !p[j - 1].isElision { hash.add(32) }
        hash.add(utf8Of: next)
        // Until a lemma differs, the pass on forms has answered (yes, and no entry).
        if !useLemmas || differs {
          if userEntries {
            extendKey(to: j - 1)
            guard parts.lexicon.hasHeadword(prefixHash: hash.value, startingWith: key, joiner: joiner, word: next) else { break }
          } else {
            guard parts.lexicon.hasBuiltInHeadword(prefixHash: hash.value) else { break }
          }
        }
        if !useLemmas || differs, !p[j].isStopWord, best.map({ j > $0.0 }) ?? true,
          userEntries || parts.lexicon.mayHaveBuiltInEntries(multiwordHash: hash.value)
        {
          extendKey(to: j)
          if parts.lexicon.mayHaveEntries(multiword: key, hash: hash.value), let entry = parts.lexicon.entries(for: key).first {
            best = (j, key, entry)
          }
        }
        j += 1
      }
      if !useLemmas { formsStop = j }
      if best != nil { break }
    }
    return best
  }
}

extension GlossTerm {
  /// The JSON contract of `precis gloss --format json`'s `terms`: an array of
  /// `{term, forms, english, count, kind}`.
  public static func json(_ terms: [GlossTerm]) -> JSONValue {
    .array(terms.map { t in
      .object([
        ("term", .string(t.term)), ("forms", .array(t.forms.map { .string($0) })),
        ("english", .array(t.english.map { .string($0) })), ("count", .integer(t.count)), ("kind", .string(t.kind)),
      ])
    })
  }
}
