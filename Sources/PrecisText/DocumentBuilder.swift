import CICU

/// Builds a `Document`: paragraphs, fragment cuts, sentences, tokens, then cleaning.
struct DocumentBuilder {
  let text: String
  /// The UTF-16 code units of `text`, known to be normalised (see `DecodedText`), if given.
  var units: [UInt16]? = nil
  let resources: LanguageResources
  let frequencies: DocumentFrequencies?
  let options: DocumentOptions

  /// A sentence before indices are assigned.
  private struct Draft {
    let range: Range<Int>
    let paragraph: Int
    let isFirstInParagraph: Bool
    let tokens: [Token]
  }

  func build() -> Document {
    let (normalized, utf16) = units.map { (text, $0) } ?? TextNormalizer.normalizedUnits(text)
    var lowered = (try? utf16.withUnsafeBufferPointer { buffer throws(TextError) in
      try transformUTF16(buffer, operation: "lower-casing") { cicu_to_lower($0, $1, $2, $3, $4) }
    }) ?? []
    if lowered.count != utf16.count { lowered = [] }
    return utf16.withUnsafeBufferPointer { u in
      lowered.withUnsafeBufferPointer { l in
        build(normalized, utf16, u, l.count == u.count ? l : nil)
      }
    }
  }

  private func build(
    _ normalized: String, _ utf16: [UInt16], _ u: UnsafeBufferPointer<UInt16>, _ lowered: UnsafeBufferPointer<UInt16>?
  ) -> Document {
    var dropped: [DroppedText] = []
    func drop(_ range: Range<Int>, _ reason: String) {
      dropped.append(DroppedText(range: range, text: makeString(u, range), reason: reason))
    }
    // Paragraphs: non-empty trimmed lines, with script remnants cut off.
    var paragraphs: [Range<Int>] = []
    var lineStart = 0
    for i in 0...u.count where i == u.count || u[i] == 10 {
      var line = SentenceSegmenter.trim(u, lineStart..<i)
      lineStart = i + 1
      if options.clean, let lowered, let (cut, rule) = firstFragment(lowered, line) {
        drop(cut..<line.upperBound, "\(rule.origin) (fragment \"\(rule.pattern)\")")
        line = SentenceSegmenter.trim(u, line.lowerBound..<cut)
      }
      if !line.isEmpty { paragraphs.append(line) }
    }
    let segmenter = SentenceSegmenter(resources: resources, splitter: options.splitter)
    let tokenizer = WordTokenizer(resources: resources)
    var drafts: [Draft] = []
    for (p, paragraph) in paragraphs.enumerated() {
      var first = true
      var pieces: [Range<Int>] = []
      var pieceStart = paragraph.lowerBound
      if options.clean, let lowered {
        for cut in captionCuts(u, lowered, paragraph) where cut > pieceStart {
          pieces.append(pieceStart..<cut)
          pieceStart = cut
        }
      }
      pieces.append(pieceStart..<paragraph.upperBound)
      for range in pieces.flatMap({ segmenter.sentences(in: u, range: $0) }) {
        let tokens = tokenizer.tokens(in: u, lowered: lowered, range: range)
        if options.clean, let reason = boilerplateReason(u, lowered, range, tokens) {
          drop(range, reason)
          continue
        }
        drafts.append(Draft(range: range, paragraph: p, isFirstInParagraph: first, tokens: tokens))
        first = false
      }
    }
    if options.clean {
      let teasers = trailingTeasers(drafts, u)
      for (paragraph, reason) in teasers.sorted(by: { $0.key < $1.key }) {
        drop(paragraphs[paragraph], reason)
      }
      drafts.removeAll { teasers[$0.paragraph] != nil }
    }
    var sentencesInParagraph: [Int: Int] = [:]
    for draft in drafts { sentencesInParagraph[draft.paragraph, default: 0] += 1 }
    let sentences = drafts.enumerated().map { index, draft in
      Sentence(
        index: index, range: draft.range, paragraph: draft.paragraph, isFirstInParagraph: draft.isFirstInParagraph,
        isHeading: sentencesInParagraph[draft.paragraph] == 1 && paragraphs.count > 1 && draft.tokens.count <= Self.headingWords
          && !endsWithTerminal(u, draft.range),
        text: makeString(u, draft.range), tokens: draft.tokens)
    }
    dropped.sort { $0.range.lowerBound < $1.range.lowerBound }
    return Document(text: normalized, utf16: utf16, paragraphs: paragraphs, sentences: sentences, dropped: dropped)
  }

  /// The earliest `fragment` rule occurrence in `line`, as (offset, rule).
  private func firstFragment(_ lowered: UnsafeBufferPointer<UInt16>, _ line: Range<Int>) -> (Int, BoilerplateRule)? {
    var best: (Int, BoilerplateRule)?
    for rule in resources.fragmentRules {
      if let at = Self.find(rule.patternUnits, in: lowered, line), at < (best?.0 ?? Int.max) { best = (at, rule) }
    }
    return best
  }

  /// Where glued video captions end ("?par BFMTV|Ce suspect…"): after a `caption` rule's
  /// pattern and a space, the first place within 40 characters where a letter runs into a
  /// capitalised word (the source name ends, the next paragraph begins).
  private func captionCuts(_ u: UnsafeBufferPointer<UInt16>, _ lowered: UnsafeBufferPointer<UInt16>, _ paragraph: Range<Int>) -> [Int] {
    var cuts: [Int] = []
    let rules = resources.captionRules
    guard let last = rules.first?.patternUnits.last, rules.allSatisfy({ $0.patternUnits.last == last }) else {
      return rules.isEmpty ? [] : captionCutsSlow(u, lowered, paragraph, rules)
    }
    // All caption patterns end alike ("…par"): look for "<last unit> " once, then check which
    // pattern ends there. One pass instead of one per rule.
    var i = paragraph.lowerBound
    while i + 1 < paragraph.upperBound {
      guard let at = Self.firstIndex(of: last, in: lowered, i..<(paragraph.upperBound - 1)) else { break }
      i = at
      defer { i += 1 }
      guard u[i + 1] == 32 else { continue }
      for rule in rules {
        let n = rule.patternUnits.count
        guard i + 1 - n >= paragraph.lowerBound,
          rule.patternUnits.indices.allSatisfy({ lowered[i + 1 - n + $0] == rule.patternUnits[$0] })
        else { continue }
        if let cut = captionEnd(u, from: i + 1, paragraph) { cuts.append(cut) }
        break
      }
    }
    return cuts
  }

  /// Caption cuts for rules whose patterns end differently: one search per rule.
  private func captionCutsSlow(
    _ u: UnsafeBufferPointer<UInt16>, _ lowered: UnsafeBufferPointer<UInt16>, _ paragraph: Range<Int>, _ rules: [BoilerplateRule]
  ) -> [Int] {
    var cuts: [Int] = []
    for rule in rules {
      var from = paragraph.lowerBound
      while let at = Self.find(rule.patternUnits, in: lowered, from..<paragraph.upperBound) {
        from = at + rule.patternUnits.count
        guard from < paragraph.upperBound, u[from] == 32 else { continue }
        if let cut = captionEnd(u, from: from, paragraph) { cuts.append(cut) }
      }
    }
    return cuts.sorted()
  }

  /// After a caption's "par " (the space at `from`), where the source name runs into a
  /// capitalised word or an opening quote, within 40 characters.
  private func captionEnd(_ u: UnsafeBufferPointer<UInt16>, from: Int, _ paragraph: Range<Int>) -> Int? {
    var p = from + 2
    while p + 1 < paragraph.upperBound && p < from + 40 {
      let word = CodeUnit.isUpper(u[p]) && (CodeUnit.isLower(u[p + 1]) || CodeUnit.isApostrophe(u[p + 1]))
      let quote = (u[p] == 34 || u[p] == 0xAB) && CodeUnit.isUpper(u[p + 1])
      if CodeUnit.isLetter(u[p - 1]) && (word || quote) { return p }
      p += 1
    }
    return nil
  }

  /// Offset of the first occurrence of `needle` in `haystack[range]`.
  static func find(_ needle: [UInt16], in haystack: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) -> Int? {
    needle.withUnsafeBufferPointer { find($0, in: haystack, range) }
  }

  /// `find` of a needle read in place.
  static func find(_ needle: UnsafeBufferPointer<UInt16>, in haystack: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) -> Int? {
    guard let first = needle.first, needle.count <= range.count else { return nil }
    var i = range.lowerBound
    let last = range.upperBound - needle.count
    while i <= last {
      // The next place of the first unit, eight units at a time rather than unit by unit:
      // this runs over every line, twice for the fragment rules.
      guard let at = firstIndex(of: first, in: haystack, i..<(last + 1)) else { return nil }
      i = at
      var k = 1
      while k < needle.count && haystack[i + k] == needle[k] { k += 1 }
      if k == needle.count { return i }
      i += 1
    }
    return nil
  }

  /// The first index of `unit` in `buffer[range]`, compared eight units at a time.
  static func firstIndex(of unit: UInt16, in buffer: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) -> Int? {
    guard let base = buffer.baseAddress else { return nil }
    var i = range.lowerBound
    let wanted = SIMD8<UInt16>(repeating: unit)
    while i + 8 <= range.upperBound {
      let units = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD8<UInt16>.self)
      let hits = units .== wanted
      if any(hits) {
        for k in 0..<8 where hits[k] { return i + k }
      }
      i += 8
    }
    while i < range.upperBound {
      if buffer[i] == unit { return i }
      i += 1
    }
    return nil
  }

  /// Why a sentence is not article text, or nil when it is.
  private func boilerplateReason(_ u: UnsafeBufferPointer<UInt16>, _ lowered: UnsafeBufferPointer<UInt16>?, _ range: Range<Int>, _ tokens: [Token]) -> String? {
    if !tokens.contains(where: { $0.kind == .word }) { return "no words" }
    if let lowered { return boilerplateReason(lowered: UnsafeBufferPointer(rebasing: lowered[range])) }
    let units = Array(TextNormalizer.lowercase(makeString(u, range)).utf16)
    return units.withUnsafeBufferPointer { boilerplateReason(lowered: $0) }
  }

  /// Why the lower-cased sentence `l` is not article text, or nil.
  private func boilerplateReason(lowered l: UnsafeBufferPointer<UInt16>) -> String? {
    guard !l.isEmpty else { return nil }
    let isURL = !l.contains(32) && (l.starts(with: Self.http) || l.starts(with: Self.https) || l.starts(with: Self.www))
    if isURL { return "bare URL" }
    let all = 0..<l.count
    // `prefix` and `line` rules can only match a sentence that starts like their pattern.
    if let rule = resources.leadMatcher.firstRule(matching: l, range: all) { return Self.reason(rule) }
    // `contains` rules: one pass over the sentence, trying only the rules whose pattern
    // starts with the unit at hand.
    for j in all where resources.containsMatcher.mayStart(at: j, in: l) {
      if let rule = resources.containsMatcher.firstRule(occurringIn: l, at: j) { return Self.reason(rule) }
    }
    return nil
  }

  private static func reason(_ rule: BoilerplateRule) -> String { "\(rule.origin) (\(rule.kind.rawValue) \"\(rule.pattern)\")" }

  private static let http = Array("http://".utf16), https = Array("https://".utf16), www = Array("www.".utf16)

  /// Paragraphs at the end of the article that are about other subjects: teasers of other
  /// articles, as news sites append them. Walking back from the last paragraph, a paragraph
  /// is a teaser while the share of its content (weighted by IDF) that also occurs in the
  /// article's first half is below `teaserCohesion`, or below `cutTeaserCohesion` when it is cut
  /// short by an ellipsis. Only articles of four paragraphs or more are examined, and at
  /// most their second half; a single such paragraph is kept unless it is cut short.
  private func trailingTeasers(_ drafts: [Draft], _ u: UnsafeBufferPointer<UInt16>) -> [Int: String] {
    var paragraphCount = 0
    var lastParagraph = -1
    for draft in drafts where draft.paragraph != lastParagraph {
      paragraphCount += 1
      lastParagraph = draft.paragraph
    }
    guard paragraphCount >= 4 else { return [:] }
    // Each paragraph's distinct content words, in order of first appearance, told apart by
    // their tokens' hashes (a set of strings would hash every word again with the seeded
    // hasher).
    var order: [Int] = []
    var terms: [Int: [Token]] = [:]
    var seen: [Int: Set<UInt64>] = [:]
    // Each paragraph's last sentence, kept here: looking it up in `drafts` for each paragraph
    // walked was quadratic in the number of paragraphs.
    var lastSentence: [Int: Range<Int>] = [:]
    for draft in drafts {
      if terms[draft.paragraph] == nil { order.append(draft.paragraph) }
      lastSentence[draft.paragraph] = draft.range
      for token in draft.tokens where token.isContent && token.kind == .word && token.norm.count > 1 {
        if seen[draft.paragraph, default: []].insert(token.hash).inserted { terms[draft.paragraph, default: []].append(token) }
      }
    }
    guard order.count >= 4 else { return [:] }
    func weight(_ term: Token) -> Double { frequencies?.idf(term.norm, hash: term.hash) ?? 1 }
    var result: [Int: String] = [:]
    var cutCount = 0
    var position = order.count - 1
    // The article's head: teasers are compared with it, not with each other (two teasers
    // about the same other story share words).
    var head = Set<UInt64>()
    for p in order[..<(order.count / 2)] { head.formUnion(seen[p] ?? []) }
    while position >= order.count / 2 {
      let paragraph = order[position]
      let own = terms[paragraph] ?? []
      let total = own.reduce(0) { $0 + weight($1) }
      let shared = own.filter { head.contains($0.hash) }.reduce(0) { $0 + weight($1) }
      let cohesion = total > 0 ? shared / total : 0
      let isCut = lastSentence[paragraph].map { endsWithEllipsis(u, $0) } ?? false
      guard cohesion < (isCut ? Self.cutTeaserCohesion : Self.teaserCohesion) else { break }
      let percent = Int((cohesion * 100).rounded())
      result[paragraph] = "teaser: trailing paragraph shares \(percent)% of its weight with the article\(isCut ? ", cut by an ellipsis" : "")"
      if isCut { cutCount += 1 }
      position -= 1
    }
    // Sites append teasers as lists: a lone off-topic last paragraph is more likely the
    // article's own ending, unless it is cut short like a teaser.
    if result.count < 2 && cutCount == 0 { return [:] }
    return result
  }

  /// Cohesion below which a trailing paragraph is a teaser (tuned on examples/; see docs/CLEANING.md).
  static let teaserCohesion = 0.15
  /// The same for a paragraph that ends with an ellipsis, as cut-off teasers do.
  static let cutTeaserCohesion = 0.3

  /// Longest line, in words, that counts as a heading when it has no final punctuation.
  static let headingWords = 15

  private func endsWithTerminal(_ u: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) -> Bool {
    var k = range.upperBound - 1
    while k > range.lowerBound && (CodeUnit.isCloser(u[k]) || CodeUnit.isSpace(u[k]) || u[k] == 34) { k -= 1 }
    return CodeUnit.isTerminal(u[k])
  }

  private func endsWithEllipsis(_ u: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) -> Bool {
    var k = range.upperBound - 1
    while k > range.lowerBound && (CodeUnit.isCloser(u[k]) || CodeUnit.isSpace(u[k])) { k -= 1 }
    return u[k] == 0x2026 || (k >= 2 && u[k] == 46 && u[k - 1] == 46 && u[k - 2] == 46)
  }
}

