import PrecisText

/// Chooses a term's English glosses from the lexicon.
final class GlossChooser: Sendable {
  let lexicon: Lexicon
  /// Glosses by kind, lemma and form (they are searched, filtered and ordered).
  private let cache = BoundedCache<[String]>(limit: 100_000)

  /// Most glosses shown for a term.
  static let maximumGlosses = 4

  init(lexicon: Lexicon) {
    self.lexicon = lexicon
  }

  /// The glosses of `term` of `document`: a phrase's entry, a name's entry, or a word's
  /// (`glosses(lemma:form:kind:)`).
  func glosses(of term: Occurrence, in document: Document) -> [String] {
    if let english = term.english { return english }
    guard term.isCapitalizedName else {
      return glosses(lemma: term.key, form: term.words(in: document).first ?? term.key, kind: term.kind)
    }
    let headword = TermFinder.headword(
      document.sentences[term.sentence].tokens, term.wordTokens.lowerBound, term.wordTokens.upperBound - 1, in: document)
    return Self.nameGlosses(lexicon.entries(for: headword)) ?? []
  }

  /// The glosses of a name: its name entry's, else those of a user entry without a part of
  /// speech (`Matignon<TAB>Prime Minister's office`, which replaces the built-in entries).
  static func nameGlosses(_ entries: [LexiconEntry]) -> [String]? {
    (entries.first { $0.pos == "name" } ?? entries.first { $0.pos == "any" })?.glosses
  }

  /// Glosses for a lemma of a kind: those of the entry with the same part of speech, then,
  /// while there are fewer than two, those of its other parts of speech; at most four.
  func glosses(lemma: String, form: String, kind: TermKind) -> [String] {
    cache.value(for: kind.rawValue + "\t" + lemma + "\t" + form) { find(lemma: lemma, form: form, kind: kind) }
  }

  private func find(lemma: String, form: String, kind: TermKind) -> [String] {
    var entries = lexicon.entries(for: lemma).filter { $0.pos != "name" }
    if entries.isEmpty && form != lemma { entries = lexicon.entries(for: form).filter { $0.pos != "name" } }
    let pos = kind.lexiconPOS
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
}
