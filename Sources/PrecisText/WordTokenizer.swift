import CICU

/// Splits a sentence into words and numbers with ICU word boundaries (locale `fr`), then
/// applies French rules: elided articles and pronouns become tokens of their own
/// (`l'équipe` → `l'` `équipe`, with ' or ’), hyphenated words are one token
/// (`États-Unis`, `e-commerce`) except before a clitic pronoun (`dit-il` → `dit` `il`),
/// and numbers keep their separators (`2.600`, `3,5`).
public struct WordTokenizer: Sendable {
  /// Elisions, stop words and clitics.
  public let resources: LanguageResources

  /// Creates a tokenizer.
  public init(resources: LanguageResources) { self.resources = resources }

  /// The tokens of `text[range]`.
  ///
  /// - Parameters:
  ///   - text: The document's UTF-16 text.
  ///   - lowered: The same text lower-cased, unit for unit (same length), or nil to
  ///     lower-case each token separately.
  public func tokens(in text: UnsafeBufferPointer<UInt16>, lowered: UnsafeBufferPointer<UInt16>?, range: Range<Int>) -> [Token] {
    // ICU lengths are int32_t: a longer sentence has no tokens rather than a trap.
    guard let base = text.baseAddress, !range.isEmpty, let length = Int32(exactly: range.count) else { return [] }
    var capacity = range.count / 3 + 16
    while true {
      // The boundaries in temporary memory (on the stack for most sentences): two arrays a
      // sentence were a tenth of a cold pass's allocations (perf probe on malloc).
      let found = withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * capacity) { buffer -> (count: Int, tokens: [Token]?) in
        guard let offsets = buffer.baseAddress else { return (0, []) }
        let statuses = offsets + capacity
        var error: Int32 = 0
        let count = Int(cicu_boundaries(Int32(CICU_BREAK_WORD), base + range.lowerBound, length, offsets, statuses, Int32(capacity), &error))
        if count < 0 { return (0, []) }
        guard count <= capacity else { return (count, nil) }
        return (count, tokens(text, lowered, range, offsets: UnsafeBufferPointer(start: offsets, count: count), statuses: statuses))
      }
      if let tokens = found.tokens { return tokens }
      capacity = found.count
    }
  }

  /// The tokens of `text[range]`, given its word boundaries (`offsets`, from the range's
  /// start) and their rule statuses.
  private func tokens(
    _ text: UnsafeBufferPointer<UInt16>, _ lowered: UnsafeBufferPointer<UInt16>?, _ range: Range<Int>,
    offsets: UnsafeBufferPointer<Int32>, statuses: UnsafePointer<Int32>
  ) -> [Token] {
    var tokens: [Token] = []
    tokens.reserveCapacity(offsets.count / 2)
    var start = range.lowerBound
    // Set when the previous segment was a hyphen glued to the last token.
    var hyphenAfterLast = false
    for (i, offset) in offsets.enumerated() {
      let end = range.lowerBound + Int(offset)
      defer { start = end }
      let status = statuses[i]
      if status < 100 {
        hyphenAfterLast = end - start == 1 && CodeUnit.isHyphen(text[start]) && tokens.last?.range.upperBound == start
          && tokens.last?.isElision == false
        continue
      }
      let kind: Token.Kind = status < 200 ? .number : .word
      let joinHyphen = hyphenAfterLast
      hyphenAfterLast = false
      // Elision: "l'équipe" → "l'" + "équipe".
      var wordStart = start
      if kind == .word, let apostrophe = (start..<end).first(where: { CodeUnit.isApostrophe(text[$0]) }), apostrophe + 1 < end {
        let prefix = norm(text, lowered, start..<(apostrophe + 1))
        if resources.elisions.contains(prefix.norm) {
          tokens.append(make(text, lowered, start..<(apostrophe + 1), prefix, .word, elision: true))
          wordStart = apostrophe + 1
        }
      }
      let form = norm(text, lowered, wordStart..<end)
      if joinHyphen, wordStart == start, let last = tokens.last, !resources.cliticKeys.contains(form.norm),
        !resources.cliticKeys.contains(last.norm)
      {
        let joined = last.range.lowerBound..<end
        tokens[tokens.count - 1] = make(
          text, lowered, joined, norm(text, lowered, joined), last.kind == .number && kind == .number ? .number : .word, elision: false)
        continue
      }
      tokens.append(make(text, lowered, wordStart..<end, form, kind, elision: false))
    }
    return tokens
  }

  private func make(
    _ text: UnsafeBufferPointer<UInt16>, _ lowered: UnsafeBufferPointer<UInt16>?, _ range: Range<Int>, _ norm: Norm,
    _ kind: Token.Kind, elision: Bool
  ) -> Token {
    Token(
      range: range, norm: norm.norm, kind: kind,
      isStopWord: elision || resources.stopWordKeys.contains(norm.norm, hash: norm.hash),
      isCapitalized: CodeUnit.isUpper(text[range.lowerBound]),
      isElision: elision, hash: norm.hash, isWrittenAsNorm: norm.isWritten
    )
  }

  /// A token's norm, the FNV-1a of its bytes, and whether the text is written as the norm.
  private typealias Norm = (norm: String, hash: UInt64, isWritten: Bool)

  private func norm(_ text: UnsafeBufferPointer<UInt16>, _ lowered: UnsafeBufferPointer<UInt16>?, _ range: Range<Int>) -> Norm {
    guard let lowered else {
      let norm = TextNormalizer.lowercase(makeString(text, range)).replacingApostrophes()
      return (norm, FNV1a.hash(utf8Of: norm), false)
    }
    // One pass over the units: apostrophes are straightened on them, before the string is
    // made (scanning the string's scalars for them showed in perf), and the text is written
    // as the norm when lowering changed none of them and none is a curly apostrophe.
    var curly = false, unchanged = true
    for k in range {
      if CodeUnit.isCurlyApostrophe(lowered[k]) { curly = true }
      if text[k] != lowered[k] { unchanged = false }
    }
    guard !curly else {
      let norm = makeString(lowered[range].map { CodeUnit.isCurlyApostrophe($0) ? 39 : $0 })
      return (norm, FNV1a.hash(utf8Of: norm), false)
    }
    var hash = FNV1a()
    let norm = makeString(UnsafeBufferPointer(rebasing: lowered[range]), hashing: &hash)
    return (norm, hash.value, unchanged)
  }
}
