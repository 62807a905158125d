import PrecisText

/// What a glossary term or an analysed token is. The raw values are the `kind` strings of
/// Precis's outputs (JSON, TSV, Markdown).
public enum TermKind: String, Sendable, CaseIterable {
  case noun, verb, adjective, adverb
  /// A multi-word term of the lexicon ("chaîne logistique").
  case phrase
  /// A name: a person, place or organisation ("Jack Ma", "La Poste").
  case name
  /// A verb used as an auxiliary (`precis analyze` only).
  case auxiliary
  case number
  /// Pronouns, determiners, prepositions, conjunctions.
  case function
  case other

  /// Whether this is a content word's kind: noun, verb, adjective or adverb.
  public var isContentWord: Bool {
    switch self {
    case .noun, .verb, .adjective, .adverb: return true
    default: return false
    }
  }

  /// The kind of a word the lemmatiser read as the UD part of speech `upos`; `isNumber`: the
  /// token is a number.
  static func of(upos: String, isNumber: Bool) -> TermKind {
    switch upos {
    case "NOUN": return .noun
    case "VERB", "AUX": return .verb
    case "ADJ": return .adjective
    case "ADV": return .adverb
    case "PROPN": return .name
    case "NUM": return .number
    case "X": return isNumber ? .number : .other
    default: return .function
    }
  }

  /// The lexicon's part of speech for this kind's entries (function words are its "other").
  var lexiconPOS: String { self == .function ? "other" : rawValue }
}

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
  /// Noun, verb, adjective, adverb, phrase or name.
  public let kind: TermKind
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
  /// Noun, verb, adjective, adverb, auxiliary, name, number, function or other.
  public let kind: TermKind
  /// The likeliest English gloss, if the lexicon has one.
  public let gloss: String?
}

extension GlossTerm {
  /// The JSON contract of `precis gloss --format json`'s `terms`: an array of
  /// `{term, forms, english, count, kind}`.
  public static func json(_ terms: [GlossTerm]) -> JSONValue {
    .array(terms.map { t in
      .object([
        ("term", .string(t.term)), ("forms", .array(t.forms.map { .string($0) })),
        ("english", .array(t.english.map { .string($0) })), ("count", .integer(t.count)),
        ("kind", .string(t.kind.rawValue)),
      ])
    })
  }
}
