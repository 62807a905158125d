import PrecisText

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

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

/// The parts of speech a headword's entries have, as far as telling names from common
/// words goes (see `Lexicon.kinds(of:hash:)`).
public struct HeadwordKinds: OptionSet, Sendable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }
  /// An entry whose part of speech is "name".
  public static let name = HeadwordKinds(rawValue: 1)
  /// An entry of any other part of speech.
  public static let common = HeadwordKinds(rawValue: 2)

  /// The kinds of `entries`.
  public init(_ entries: [LexiconEntry]) {
    self = []
    for entry in entries { insert(entry.pos == "name" ? .name : .common) }
  }
}

/// The French–English lexicon: `lexicons/fr-en/lexicon.tsv` (built by
/// `scripts/data/build_lexicon.py` from Wiktionary, Apertium and our news supplement), searched
/// in place, with a user lexicon on top whose entries add to or replace the built-in ones.
///
/// For example:
/// ```swift
/// let lexicon = try Lexicon.french()
/// lexicon.entries(for: "chaîne logistique").first?.glosses   // ["supply chain"]
/// ```
public final class Lexicon: Sendable {
  private let table: SortedTable
  private let user: [String: [LexiconEntry]]
  private let entryCache: BoundedCache<[LexiconEntry]>
  /// `kinds(of:hash:)`'s answers for the built-in entries.
  private let kindCache: BoundedCache<HeadwordKinds>
  private let prefixes: PrefixIndex
  /// The built-in file's `# version:`, part of cache keys.
  public let version: String

  /// The built-in French–English lexicon (loaded once), without a user lexicon.
  public static func french() throws(TextError) -> Lexicon { try frenchLexicon.get() }

  /// Creates a lexicon over `file`, with `user` entries taking precedence; `index` is the
  /// file's hash index (see `SortedTable`) and `prefixes` the hashes of its multi-word
  /// headwords (see `PrefixIndex`), if it has them.
  public init(file: DataFile, user: UserLexicon? = nil, index: DataFile? = nil, prefixes: DataFile? = nil) {
    table = SortedTable(file: file, index: index)
    self.user = user?.entries ?? [:]
    version = file.header("version") ?? "0"
    entryCache = BoundedCache()
    kindCache = BoundedCache()
    self.prefixes = PrefixIndex(table, file: prefixes)
  }

  /// The same lexicon with `user` entries on top.
  public func adding(_ user: UserLexicon) -> Lexicon {
    Lexicon(table: table, user: self.user.merging(user.entries) { $1 }, version: version, caches: (entryCache, kindCache, prefixes))
  }

  private init(
    table: SortedTable, user: [String: [LexiconEntry]], version: String,
    caches: (BoundedCache<[LexiconEntry]>, BoundedCache<HeadwordKinds>, PrefixIndex)
  ) {
    self.table = table
    self.user = user
    self.version = version
    (entryCache, kindCache, prefixes) = caches
  }

  /// Entries for `headword` (lower-case, straight apostrophes, single spaces). User entries
  /// for a headword replace the built-in ones of the same part of speech and come first.
  /// `hash` is the FNV-1a of the headword's bytes when known (a token's `hash`).
  public func entries(for headword: String, hash: UInt64? = nil) -> [LexiconEntry] {
    // The cache holds the built-in entries only, so lexicons with different user entries
    // can share it.
    let hash = hash ?? FNV1a.hash(utf8Of: headword)
    let builtIn = entryCache.value(for: headword, hash: hash) {
      // Lines `headword<TAB>pos<TAB>gloss | gloss…`, read on the bytes (a cold batch meets
      // 20,000 headwords: no string is made for a field that is not kept).
      var entries: [LexiconEntry] = []
      table.forEachRow(for: headword, hash: hash) { line in
        guard let (pos, field) = Self.fields(of: line) else { return }
        let glosses = field.split(separator: 124).compactMap { piece -> String? in
          let gloss = String(decoding: UnsafeBufferPointer(rebasing: piece), as: UTF8.self).trimmingWhitespace()
          return gloss.isEmpty ? nil : String(gloss)
        }
        if !glosses.isEmpty {
          entries.append(LexiconEntry(pos: String(decoding: UnsafeBufferPointer(rebasing: pos), as: UTF8.self), glosses: glosses))
        }
      }
      return entries
    }
    guard let own = user[headword] else { return builtIn }
    return own + builtIn.filter { entry in !own.contains { $0.pos == entry.pos || $0.pos == "any" } }
  }

  /// Whether `headword`'s entries (as `entries(for:hash:)` gives them) include a name, and
  /// one of another part of speech. Names are told from common words for every capitalised
  /// word and many lemmas, without building their entries, glosses and all.
  public func kinds(of headword: String, hash: UInt64? = nil) -> HeadwordKinds {
    if user[headword] != nil { return HeadwordKinds(entries(for: headword, hash: hash)) }
    let hash = hash ?? FNV1a.hash(utf8Of: headword)
    return kindCache.value(for: headword, hash: hash) {
      var kinds: HeadwordKinds = []
      // The lines' part of speech, for the lines `entries` keeps: those with a gloss that
      // is not blank.
      table.forEachRow(for: headword, hash: hash) { line in
        guard let (pos, field) = Self.fields(of: line),
          field.contains(where: { $0 != 124 && $0 != 32 && !(9...13).contains($0) })
        else { return }
        kinds.insert(pos.elementsEqual("name".utf8) ? .name : .common)
      }
      return kinds
    }
  }

  /// The part of speech and the glosses field (`gloss | gloss…`) of a row of the table,
  /// `pos<TAB>glosses` (`forEachRow` gives a line without its headword).
  private static func fields(
    of line: UnsafeBufferPointer<UInt8>
  ) -> (pos: Slice<UnsafeBufferPointer<UInt8>>, glosses: Slice<UnsafeBufferPointer<UInt8>>)? {
    guard let tab = line.firstIndex(of: 9) else { return nil }
    let end = line[(tab + 1)...].firstIndex(of: 9) ?? line.count
    return (line[..<tab], line[(tab + 1)..<end])
  }

  /// Whether `words` (two words or more, joined by a space, or nothing after an elided
  /// word: "chef d'", "chef d'état") is a multi-word headword or begins one at a word
  /// boundary: how multi-word matches grow.
  public func hasHeadword(startingWith words: String) -> Bool {
    hasHeadword(prefixHash: FNV1a.hash(utf8Of: words), startingWith: words, joiner: "", word: "")
  }

  /// `hasHeadword(startingWith: key + joiner + word)`, given `prefixHash`, the FNV-1a of
  /// that string, without building it unless user entries must be asked: multi-word
  /// matching extends one hash word by word, and most pairs of adjacent words need only be
  /// told no.
  public func hasHeadword(prefixHash: UInt64, startingWith key: String, joiner: String, word: String) -> Bool {
    if prefixes.hashes.contains(prefixHash) { return true }
    return !user.isEmpty && user.keys.contains { $0.hasPrefix(key + joiner + word) }
  }

  /// Whether the lexicon has user entries (which multi-word matching must ask by string).
  public var hasUserEntries: Bool { !user.isEmpty }

  /// `hasHeadword(prefixHash:…)` of the built-in lexicon alone, which needs no string.
  public func hasBuiltInHeadword(prefixHash: UInt64) -> Bool { prefixes.hashes.contains(prefixHash) }

  /// The file of the multi-word headwords' hashes of the lexicon in `file` (compiled in as
  /// `lexicons/fr-en/lexicon.prefixes`; see `PrefixIndex`).
  public static func prefixFile(of file: DataFile) -> [UInt8] { PrefixIndex.serialized(SortedTable(file: file)) }

  /// Whether the built-in lexicon may have the multi-word headword whose FNV-1a is `hash`.
  public func mayHaveBuiltInEntries(multiwordHash hash: UInt64) -> Bool { prefixes.headwords.contains(hash) }

  /// Whether the multi-word `headword`, whose FNV-1a is `hash`, may have entries: false
  /// only when it surely has none (neither the built-in lexicon nor a user entry has it).
  /// Most word-boundary prefixes ("ministère des") are no headword, and are not looked up.
  public func mayHaveEntries(multiword headword: String, hash: UInt64) -> Bool {
    prefixes.headwords.contains(hash) || user[headword] != nil
  }
}

/// The multi-word headwords of the lexicon and their word-boundary prefixes ("ministère",
/// "ministère des", "ministère des affaires", "ministère des affaires étrangères"), as a set
/// of 64-bit FNV-1a hashes. Replaces a binary search of the whole lexicon for every pair of
/// adjacent words (the costliest step of a glossary); a false positive
/// from a hash collision only costs one more search. `headwords` holds the hashes of the
/// multi-word headwords themselves.
///
/// The hashes of the built-in lexicon are compiled in (`lexicons/fr-en/lexicon.prefixes`,
/// written by `precis-train lexicon-prefixes`): finding them would read every page of the
/// 1.9 MB file at the start of every `precis gloss`. A file that does not
/// match its lexicon (see `TableIndex.checksum`) is refused and the hashes are found again.
///
/// Format (little-endian): `TableIndex.header(magic: "PXPF", version: 1, …)` of the lexicon,
/// u32 prefix count p, u32 headword count h, then p and h u64 hashes.
final class PrefixIndex: Sendable {
  let hashes: HashSet64
  let headwords: HashSet64

  /// The hashes of `table`'s headwords, from `file` when it matches the table, else from
  /// the table itself.
  init(_ table: SortedTable, file: DataFile? = nil) {
    let (hashes, headwords) = file.flatMap { Self.read($0, table: table) } ?? Self.find(in: table)
    self.hashes = HashSet64(hashes)
    self.headwords = HashSet64(headwords)
  }

  /// The file of `table`'s hashes (see the format above).
  static func serialized(_ table: SortedTable) -> [UInt8] {
    // Without repeats, sorted: the same set, a smaller file that does not depend on order.
    let (hashes, headwords) = find(in: table)
    let unique = (Set(hashes).sorted(), Set(headwords).sorted())
    var out = TableIndex.header(magic: "PXPF", version: 1, table: table.file.bytes)
    out.appendLittleEndian(UInt32(unique.0.count))
    out.appendLittleEndian(UInt32(unique.1.count))
    for hash in unique.0 + unique.1 { out.appendLittleEndian(hash) }
    return out
  }

  /// The hashes in `file`, or nil when it is not the file of `table`.
  private static func read(_ file: DataFile, table: SortedTable) -> ([UInt64], [UInt64])? {
    guard let body = TableIndex.body(of: file, magic: "PXPF", version: 1, table: table.file.bytes), body.count >= 8 else { return nil }
    let prefixes = Int(body.littleEndian(at: 0, as: UInt32.self)), headwords = Int(body.littleEndian(at: 4, as: UInt32.self))
    guard body.count == 8 + 8 * (prefixes + headwords) else { return nil }
    func hash(_ k: Int) -> UInt64 { body.littleEndian(at: 8 + 8 * k, as: UInt64.self) }
    return ((0..<prefixes).map(hash), (prefixes..<(prefixes + headwords)).map(hash))
  }

  /// The hashes of the table's headwords and their prefixes, in file order (with repeats).
  private static func find(in table: SortedTable) -> ([UInt64], [UInt64]) {
    // Arrays, not sets: HashSet64 drops the repeats (building `Set`s cost a one-article
    // process about a millisecond).
    var hashes: [UInt64] = [], headwords: [UInt64] = []
    let bytes = table.file.bytes
    // A word ends before a space and after an apostrophe that more letters follow.
    func endsWord(_ k: Int, line: Int) -> (before: Bool, after: Bool) {
      let byte = bytes[k]
      return (byte == 32 && k > line, byte == 39 && k + 1 < bytes.count && bytes[k + 1] != 9 && bytes[k + 1] != 10)
    }
    var line = table.dataStart
    while line < bytes.count {
      // Most headwords are one word: they are only scanned, not hashed (this runs at the
      // start of every `precis gloss`: hashing every key was a quarter of one article's run).
      var keyEnd = line, multiword = false
      while keyEnd < bytes.count && bytes[keyEnd] != 9 && bytes[keyEnd] != 10 {
        let ends = endsWord(keyEnd, line: line)
        multiword = multiword || ends.before || ends.after
        keyEnd += 1
      }
      if multiword {
        var hash = FeatureHash()
        for k in line..<keyEnd {
          let ends = endsWord(k, line: line)
          if ends.before { hashes.append(hash.value) }
          hash.add(bytes[k])
          if ends.after { hashes.append(hash.value) }
        }
        hashes.append(hash.value)
        headwords.append(hash.value)
      }
      var next = keyEnd
      if keyEnd < bytes.count, let base = bytes.baseAddress, let found = memchr(base + keyEnd, 10, bytes.count - keyEnd) {
        next = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
      } else {
        next = bytes.count
      }
      line = next + 1
    }
    return (hashes, headwords)
  }
}

private let frenchLexicon = Result { () throws(TextError) -> Lexicon in
  Lexicon(
    file: try DataFile.load("lexicons/fr-en/lexicon.tsv"), index: try? DataFile.load("lexicons/fr-en/lexicon.index"),
    prefixes: try? DataFile.load("lexicons/fr-en/lexicon.prefixes"))
}
