import PrecisText

/// One way to read a French word form: its lemma, part of speech (UD UPOS) and how often
/// this reading occurs in the reference corpus.
public struct Analysis: Sendable, Equatable {
  /// The lemma (lower-case, proper nouns as written).
  public let lemma: String
  /// The UD part of speech of this reading.
  public let upos: String
  /// How often the reading occurs in the reference corpus.
  public let count: Int
}

/// Where a lemma came from, for evaluation and `--explain`.
public enum LemmaSource: String, Sendable {
  case table, rule, identity
}

/// Finds the lemma of French word forms: the analyses of `lexicons/fr/lemmas.tsv` (every
/// reading of a form, with corpus counts), the one whose part of speech matches the
/// tagger's when a tag is given, else the most frequent; unknown forms go through the
/// suffix rules of `lexicons/fr/suffix-rules.tsv` (a replacement of `_` removes the
/// suffix); otherwise the form is its own lemma.
///
/// For example:
/// ```swift
/// let lemmatizer = try Lemmatizer.french()
/// lemmatizer.lemma(of: "entreprises", tag: "NOUN").lemma   // "entreprise"
/// lemmatizer.lemma(of: "été", tag: "AUX").lemma            // "être"
/// ```
public final class Lemmatizer: Sendable {
  private let table: SortedTable
  private let rules: [(suffix: String, replacement: String, upos: String)]
  /// The rules' suffixes as UTF-8, with their length in characters, and whether they are
  /// made of scalars below U+0300 only (see `applyRules`).
  private let ruleSuffixes: [(bytes: [UInt8], characters: Int, isSimple: Bool)]
  /// Whether every suffix is (as the built-in ones are): a simple form then needs no other pass.
  private let allSuffixesSimple: Bool
  /// Previous word → preferred UPOS of the next word, used when no tagger gives tags.
  private let contextRules: [String: String]
  /// The table's `# version:`.
  public let version: String
  private let cache = BoundedCache<[Analysis]>()
  /// `lemma(of:tag:)`'s answers, by form and tag (see `readingKey`): a hit reads one slot.
  /// (Through `cache`, a hit would retain the form's array of analyses.) Also keeps the suffix
  /// rules' answers for words the table lacks (names and rare words come back often).
  /// At most 96,000 entries: the table then stays at 131,072 slots of about 90 bytes (a
  /// batch of 1,500 articles meets 42,000 form and tag pairs).
  private let readingCache = BoundedCache<TaggedReading>(limit: 96_000)
  /// A lemma, its UPOS and where it came from.
  typealias Reading = (lemma: String, upos: String, source: LemmaSource)
  /// A reading with the tag it was chosen for (a struct: tuples in generic storage went
  /// through the runtime's tuple metadata).
  struct TaggedReading: Sendable {
    let tag: String?
    let lemma: String
    let upos: String
    let source: LemmaSource
  }

  /// The French lemmatizer, loaded once.
  public static func french() throws(TextError) -> Lemmatizer { try frenchLemmatizer.get() }

  /// Creates a lemmatizer over a lemma table and suffix rules; `index` is the table's hash
  /// index (see `SortedTable`), if it has one.
  ///
  /// - Throws: `TextError.badData` for a malformed rule line.
  public init(table: DataFile, rules: DataFile, context: DataFile? = nil, index: DataFile? = nil) throws(TextError) {
    var contextRules: [String: String] = [:]
    for (number, line) in context?.lines() ?? [] {
      let fields = line.split(separator: "\t").map(String.init)
      guard fields.count == 2 else {
        throw .badData(path: context?.path ?? "", line: number, problem: "expected previous-word<TAB>UPOS")
      }
      contextRules[fields[0]] = fields[1]
    }
    self.contextRules = contextRules
    self.table = SortedTable(file: table, index: index)
    version = table.header("version") ?? "0"
    var parsed: [(String, String, String)] = []
    for (number, line) in rules.lines() {
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard fields.count == 3, !fields[0].isEmpty else {
        throw .badData(path: rules.path, line: number, problem: "expected suffix<TAB>replacement<TAB>UPOS")
      }
      parsed.append((fields[0], fields[1], fields[2]))
    }
    // Longest suffix first.
    self.rules = parsed.sorted { $0.0.count > $1.0.count }
    ruleSuffixes = self.rules.map { rule in (Array(rule.suffix.utf8), rule.suffix.count, !rule.suffix.utf8.contains { $0 >= 0xCC }) }
    allSuffixesSimple = ruleSuffixes.allSatisfy(\.isSimple)
  }

  /// Every reading of `form` (lower-case), most frequent first; `hash` is the FNV-1a of
  /// its bytes when known (a token's `hash`).
  public func analyses(of form: String, hash: UInt64? = nil) -> [Analysis] {
    let hash = hash ?? FNV1a.hash(utf8Of: form)
    return cache.value(for: form, hash: hash) { search(form, hash: hash) }
  }

  /// The memo key of `form` read as `tag`, given the FNV-1a of the form's bytes.
  static func readingKey(_ formHash: UInt64, tag: String?) -> UInt64 {
    guard let tag else { return formHash }
    var hash = FNV1a()
    hash.value = formHash
    hash.add(9)
    hash.add(utf8Of: tag)
    return hash.value
  }

  /// Starts loading the memo entries of forms' readings, given their `readingKey`s (see
  /// `BoundedCache.prefetch`): a hint that makes the `lemma(of:)` calls that follow wait
  /// less on memory.
  func prefetch(readingKeys: some Sequence<UInt64>) {
    readingCache.prefetch(hashes: readingKeys)
  }

  /// Starts loading the lemma table's index for forms whose FNV-1a are `hashes` (see
  /// `SortedTable.prefetch(hash:stage:)`): the searches of forms seen for the first time
  /// then wait less on memory.
  func prefetchTable(hashes: some Sequence<UInt64>, stage: Int) {
    for hash in hashes { table.prefetch(hash: hash, stage: stage) }
  }

  private func search(_ form: String, hash: UInt64) -> [Analysis] {
    var readings: [Analysis] = []
    forEachReading(of: form, hash: hash) { lemma, upos, count in
      readings.append(Analysis(lemma: Self.string(lemma), upos: Self.string(upos), count: count))
    }
    return readings.sorted { $0.count > $1.count }
  }

  /// Calls `body` with the lemma, UPOS and count of each of the table's lines for `form`
  /// (`form<TAB>lemma<TAB>upos<TAB>count`), in file order, read on the bytes (a batch meets
  /// tens of thousands of new forms: no field strings are made). The
  /// buffers point into the table, which lives as long as the lemmatizer.
  private func forEachReading(
    of form: String, hash: UInt64, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, Int) -> Void
  ) {
    table.forEachRow(for: form, hash: hash) { line in
      guard let tab1 = line.firstIndex(of: 9) else { return }
      guard let tab2 = line[(tab1 + 1)...].firstIndex(of: 9) else { return }
      let field = UnsafeBufferPointer(rebasing: line[(tab2 + 1)..<(line[(tab2 + 1)...].firstIndex(of: 9) ?? line.count)])
      var count = 0
      if !field.isEmpty && field.count < 18 && field.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
        for byte in field { count = count * 10 + Int(byte - 48) }
      } else {
        count = Int(String(decoding: field, as: UTF8.self)) ?? 0
      }
      body(UnsafeBufferPointer(rebasing: line[..<tab1]), UnsafeBufferPointer(rebasing: line[(tab1 + 1)..<tab2]), count)
    }
  }

  private static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

  /// The table's reading of `form` as `tag`: the most frequent of the readings whose UPOS
  /// fits the tag, else (or without a tag) the most frequent; the first in the file on a
  /// tie, as after the stable sort of `search`. Nil when the table lacks the form. Only the
  /// chosen reading's strings are made, not two for every analysis of every new form.
  private func tableReading(of form: String, tag: String?, hash: UInt64) -> (lemma: String, upos: String)? {
    typealias Candidate = (lemma: UnsafeBufferPointer<UInt8>, upos: UnsafeBufferPointer<UInt8>, count: Int)
    var best: Candidate?, bestFitting: Candidate?
    // The tag's bytes in place (an array of them was an allocation a new form).
    var tagString = tag ?? ""
    tagString.withUTF8 { tagBytes in
      forEachReading(of: form, hash: hash) { lemma, upos, count in
        if count > best?.count ?? Int.min { best = (lemma, upos, count) }
        if tag != nil, count > bestFitting?.count ?? Int.min, Self.compatible(upos, tagBytes) { bestFitting = (lemma, upos, count) }
      }
    }
    guard let chosen = bestFitting ?? best else { return nil }
    return (Self.string(chosen.lemma), Self.string(chosen.upos))
  }

  /// The lemma of `form` (lower-case) read as part of speech `tag` (UPOS) when given;
  /// `hash` is the FNV-1a of its bytes when known (a token's `hash`).
  public func lemma(of form: String, tag: String? = nil, hash: UInt64? = nil) -> (lemma: String, upos: String, source: LemmaSource) {
    let formHash = hash ?? FNV1a.hash(utf8Of: form)
    let cached = readingCache.value(for: form, hash: Self.readingKey(formHash, tag: tag)) {
      let (lemma, upos, source) = choose(form, tag: tag, hash: formHash)
      return TaggedReading(tag: tag, lemma: lemma, upos: upos, source: source)
    }
    // Another tag's reading under the same 64-bit key: answered, not kept.
    guard cached.tag == tag else { return choose(form, tag: tag, hash: formHash) }
    return (cached.lemma, cached.upos, cached.source)
  }

  private func choose(_ form: String, tag: String?, hash: UInt64) -> Reading {
    // The table itself, not `analyses`' memo: keeping every form's array too cost a cold
    // batch more than the searches it saved (a form comes back under a second tag).
    if let (lemma, upos) = tableReading(of: form, tag: tag, hash: hash) { return (lemma, upos, .table) }
    return applyRules(form, tag: tag)
  }

  private func applyRules(_ form: String, tag: String?) -> Reading {
    // A form of scalars below U+0300 (no byte from 0xCC up in UTF-8: no combining mark) has
    // one character a scalar, and the rules' suffixes too: `hasSuffix` and `count` are then
    // those of the bytes, without the grapheme and canonical-equivalence machinery.
    var form = form
    var identity = false
    // The form's bytes in place (an array of them was an allocation a new form).
    let simple = form.withUTF8 { bytes -> Reading? in
      guard !bytes.contains(where: { $0 >= 0xCC }) else { return nil }
      let characters = bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
      for (k, rule) in rules.enumerated() where ruleSuffixes[k].isSimple {
        let suffix = ruleSuffixes[k]
        guard characters > suffix.characters + 2, bytes.count >= suffix.bytes.count,
          bytes[(bytes.count - suffix.bytes.count)...].elementsEqual(suffix.bytes)
        else { continue }
        if let tag, !Self.compatible(rule.upos, tag) { continue }
        let replacement = rule.replacement == "_" ? "" : rule.replacement
        return (String(decoding: bytes[..<(bytes.count - suffix.bytes.count)], as: UTF8.self) + replacement, rule.upos, .rule)
      }
      identity = allSuffixesSimple
      return nil
    }
    if let simple { return simple }
    if identity { return (form, tag ?? "X", .identity) }
    for rule in rules where form.hasSuffix(rule.suffix) && form.count > rule.suffix.count + 2 {
      if let tag, !Self.compatible(rule.upos, tag) { continue }
      // "_" as replacement: just drop the suffix (plural "s").
      let replacement = rule.replacement == "_" ? "" : rule.replacement
      return (String(form.dropLast(rule.suffix.count)) + replacement, rule.upos, .rule)
    }
    return (form, tag ?? "X", .identity)
  }

  /// The part of speech the context suggests for the word after `previous` (lower-case),
  /// from `lexicons/fr/context-rules.tsv`; nil when the rules say nothing.
  public func contextTag(after previous: String?) -> String? {
    previous.flatMap { contextRules[$0] }
  }

  /// Whether a table reading's UPOS fits a tag (AUX and VERB share lemmas).
  static func compatible(_ upos: String, _ tag: String) -> Bool {
    upos == tag || (upos == "VERB" && tag == "AUX") || (upos == "AUX" && tag == "VERB")
  }

  /// `compatible` on the UTF-8 bytes of the two.
  static func compatible(_ upos: UnsafeBufferPointer<UInt8>, _ tag: UnsafeBufferPointer<UInt8>) -> Bool {
    if upos.elementsEqual(tag) { return true }
    return (upos.elementsEqual(verb) && tag.elementsEqual(aux)) || (upos.elementsEqual(aux) && tag.elementsEqual(verb))
  }
  private static let verb = Array("VERB".utf8), aux = Array("AUX".utf8)
}

private let frenchLemmatizer = Result { () throws(TextError) -> Lemmatizer in
  try Lemmatizer(
    table: DataFile.load("lexicons/fr/lemmas.tsv"), rules: DataFile.load("lexicons/fr/suffix-rules.tsv"),
    context: DataFile.load("lexicons/fr/context-rules.tsv"), index: try? DataFile.load("lexicons/fr/lemmas.index"))
}
