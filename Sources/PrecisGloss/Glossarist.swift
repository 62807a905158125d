import PrecisText

/// Builds glossaries: finds an article's terms and names (`TermFinder`), ranks them by
/// TF-IDF with the document frequencies in `models/` (`TermRanker`), and chooses their
/// English glosses (`GlossChooser`).
///
/// For example:
/// ```swift
/// let glossary = try Glossarist.french().glossary(for: document)
/// glossary.first?.english   // ["company", "business"]
/// ```
public struct Glossarist: Sendable {
  /// The French–English lexicon (with user entries).
  public var lexicon: Lexicon { parts.finder.lexicon }
  /// The lemmatiser.
  public var lemmatizer: Lemmatizer { parts.finder.lemmatizer }
  /// Document frequencies for ranking, if available.
  public var frequencies: DocumentFrequencies? { parts.ranker.frequencies }
  /// The part-of-speech tagger that chooses among a form's readings; without one, the
  /// context rules of `lexicons/fr/context-rules.tsv` do.
  public var tagger: Tagger? { parts.tagger }
  /// Everything above in one object: a glossarist is copied into the closures of its
  /// methods, one reference rather than a dozen.
  private let parts: Parts

  private final class Parts: Sendable {
    let finder: TermFinder
    let ranker: TermRanker
    let chooser: GlossChooser
    let tagger: Tagger?

    init(finder: TermFinder, ranker: TermRanker, chooser: GlossChooser, tagger: Tagger?) {
      self.finder = finder
      self.ranker = ranker
      self.chooser = chooser
      self.tagger = tagger
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
    parts = Parts(
      finder: TermFinder(lexicon: lexicon, lemmatizer: lemmatizer), ranker: TermRanker(frequencies: frequencies),
      chooser: GlossChooser(lexicon: lexicon), tagger: tagger)
  }

  /// Part-of-speech hints for a sentence's tokens: the tagger's tags, or the context
  /// rules' guesses.
  public func tags(for sentence: Sentence, in document: Document) -> [String?] {
    tags(for: [sentence], in: document)[0]
  }

  /// `tags(for:in:)` of each of `sentences`, in one call of the tagger.
  func tags(for sentences: [Sentence], in document: Document) -> [[String?]] {
    if let tagger = parts.tagger { return tagger.tags(for: sentences, in: document) }
    let lemmatizer = parts.finder.lemmatizer
    return sentences.map { sentence in
      let tokens = sentence.tokens
      return tokens.indices.map { lemmatizer.contextTag(after: $0 > 0 ? tokens[$0 - 1].norm : nil) }
    }
  }

  /// The article's key terms, best first; `top` limits how many (nil: all); `sentences`
  /// restricts the terms to those sentences (a summary's).
  public func glossary(for document: Document, top: Int? = nil, sentences: Set<Int>? = nil) -> [GlossTerm] {
    let chosen = sentences.map { only in document.sentences.filter { only.contains($0.index) } } ?? document.sentences
    // The lemma table's entries of the words are requested while the tagger runs.
    parts.finder.prefetch(chosen)
    let terms = parts.finder.occurrences(in: chosen, hints: tags(for: chosen, in: document), of: document)
    let order = parts.ranker.ranked(terms, top: top, in: document)
    let forms = Self.forms(of: order, in: terms, document: document)
    return order.enumerated().map { r, chosen in
      let first = terms.groups[chosen.group]
      return GlossTerm(
        term: first.key, forms: forms[r], english: parts.chooser.glosses(of: first, in: document),
        count: terms.counts[chosen.group], kind: first.kind, example: document.sentences[first.sentence].text,
        score: chosen.score)
    }
  }

  /// The surface forms of the `order`ed groups of `terms`, each in order of appearance.
  private static func forms(of order: [TermRanker.Ranked], in terms: TermGroups, document: Document) -> [[String]] {
    var rank = [Int](repeating: -1, count: terms.groups.count)
    for (r, chosen) in order.enumerated() { rank[chosen.group] = r }
    var forms = [[String]](repeating: [], count: order.count)
    for (group, span) in terms.spans where rank[group] >= 0 {
      let form = document.text(in: span)
      if !forms[rank[group]].contains(form) { forms[rank[group]].append(form) }
    }
    return forms
  }

  /// Every token of `document` with its lemma, kind and first gloss, sentence by sentence.
  public func analyze(_ document: Document) -> [[AnalyzedToken]] {
    document.sentences.map { sentence in
      let hints = tags(for: sentence, in: document)
      return sentence.tokens.enumerated().map { i, token in analyze(token, at: i, hint: hints[i], in: document) }
    }
  }

  /// `analyze` of token `i` of a sentence, whose part-of-speech hint is `hint`.
  private func analyze(_ token: Token, at i: Int, hint: String?, in document: Document) -> AnalyzedToken {
    var reading = parts.finder.lemmatizer.lemma(of: token.norm, tag: hint)
    // Pronouns keep their own form: the table follows UD Sequoia, where "il" has the
    // lemma "lui", which would gloss "il" as "him".
    if reading.upos == "PRON" && !token.isElision { reading.lemma = token.norm }
    // A reading aid glosses every word it can, stop words included ("pas" → not);
    // auxiliaries are told apart from full verbs.
    var kind = reading.upos == "AUX" ? .auxiliary : TermKind.of(upos: reading.upos, isNumber: token.kind == .number)
    let entries = token.isCapitalized ? parts.finder.lexicon.entries(for: token.norm) : []
    let nameGloss = entries.first { $0.pos == "name" }?.glosses.first
    if token.isCapitalized && (nameGloss != nil || (kind == .noun && reading.source != .table)) { kind = .name }
    // The euphonic t of "a-t-il" is no word.
    if token.norm == "t" && i > 0 && CodeUnit.isHyphen(document.utf16[token.range.lowerBound - 1]) { kind = .function }
    let gloss =
      kind == .name
      ? GlossChooser.nameGlosses(entries)?.first
      : parts.chooser.glosses(lemma: reading.lemma, form: token.norm, kind: kind == .auxiliary ? .verb : kind).first
    return AnalyzedToken(form: document.text(in: token.range), lemma: reading.lemma, kind: kind, gloss: gloss)
  }
}
