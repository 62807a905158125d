import PrecisText

/// One sense group of a French headword: its part of speech and English glosses,
/// likeliest first.
public struct LexiconEntry: Sendable, Equatable {
  /// "noun", "verb", "adjective", "adverb", "phrase", "name" or "other".
  public let pos: String
  /// English glosses, likeliest first.
  public let glosses: [String]

  /// Creates an entry.
  public init(pos: String, glosses: [String]) {
    self.pos = pos
    self.glosses = glosses
  }
}

/// The French–English lexicon: `lexicons/fr-en/lexicon.tsv` (built by
/// `scripts/build_lexicon.py` from Wiktionary, Apertium and our news supplement), searched
/// in place, with a user lexicon on top whose entries add to or replace the built-in ones.
///
/// For example:
/// ```swift
/// let lexicon = try Lexicon.french()
/// lexicon.entries(for: "chaîne logistique").first?.glosses   // ["supply chain"]
/// ```
public struct Lexicon: Sendable {
  private let table: SortedTable
  private let user: [String: [LexiconEntry]]
  private let entryCache: BoundedCache<[LexiconEntry]>
  private let prefixCache: BoundedCache<Bool>
  /// The built-in file's `# version:`, part of cache keys.
  public let version: String

  /// The built-in French–English lexicon (loaded once), without a user lexicon.
  public static func french() throws(TextError) -> Lexicon { try frenchLexicon.get() }

  /// Creates a lexicon over `file`, with `user` entries taking precedence.
  public init(file: DataFile, user: UserLexicon? = nil) {
    table = SortedTable(file: file)
    self.user = user?.entries ?? [:]
    version = file.header("version") ?? "0"
    entryCache = BoundedCache()
    prefixCache = BoundedCache()
  }

  /// The same lexicon with `user` entries on top.
  public func adding(_ user: UserLexicon) -> Lexicon {
    Lexicon(table: table, user: self.user.merging(user.entries) { $1 }, version: version, caches: (entryCache, prefixCache))
  }

  private init(
    table: SortedTable, user: [String: [LexiconEntry]], version: String,
    caches: (BoundedCache<[LexiconEntry]>, BoundedCache<Bool>)
  ) {
    self.table = table
    self.user = user
    self.version = version
    (entryCache, prefixCache) = caches
  }

  /// Entries for `headword` (lower-case, straight apostrophes, single spaces). User entries
  /// for a headword replace the built-in ones of the same part of speech and come first.
  public func entries(for headword: String) -> [LexiconEntry] {
    // The cache holds the built-in entries only, so lexicons with different user entries
    // can share it.
    let builtIn = entryCache.value(for: headword) {
      table.rows(for: headword).compactMap { fields -> LexiconEntry? in
        guard fields.count >= 2 else { return nil }
        let glosses = fields[1].split(separator: "|").map { String($0.trimmingWhitespace()) }.filter { !$0.isEmpty }
        return glosses.isEmpty ? nil : LexiconEntry(pos: String(fields[0]), glosses: glosses)
      }
    }
    guard let own = user[headword] else { return builtIn }
    return own + builtIn.filter { entry in !own.contains { $0.pos == entry.pos || $0.pos == "any" } }
  }

  /// Whether some headword starts with `prefix` followed by more words (to grow
  /// multi-word matches).
  public func hasHeadword(startingWith prefix: String) -> Bool {
    if prefixCache.value(for: prefix, { table.hasKey(withPrefix: prefix) }) { return true }
    return !user.isEmpty && user.keys.contains { $0.hasPrefix(prefix) }
  }
}

private let frenchLexicon = Result { () throws(TextError) -> Lexicon in
  Lexicon(file: try DataFile.load("lexicons/fr-en/lexicon.tsv"))
}
