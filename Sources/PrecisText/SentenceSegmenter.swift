import CICU

/// Which sentence splitter to use. Precis's own is the default; the ICU ones are kept as
/// baselines for `scripts/segeval.py` (see docs/SEGMENTATION.md).
public enum SentenceSplitter: String, Sendable, CaseIterable {
  /// ICU sentence breaks corrected with French rules (abbreviations, initials, glued
  /// sentences, ellipses, quotes, dialogue dashes).
  case precis
  /// Plain ICU sentence breaks, locale `fr`.
  case icu
  /// ICU sentence breaks with its standard abbreviation suppressions (`fr@ss=standard`).
  case icuStandard = "icu-standard"
}

/// Splits a paragraph into sentences.
///
/// ICU (`fr@ss=standard`) proposes boundaries; French rules then remove the false ones
/// (after `M.`, `janv.`, initials such as `J. K. Rowling`, before a lower-case word as in
/// `« Pourquoi ? » demande-t-il`) and add the ones ICU misses: sentences glued by scrapers
/// (`domestique.Consternant`), an ellipsis before a capital, a dialogue dash. A closing
/// `»` or `)` stays with the sentence it ends.
public struct SentenceSegmenter: Sendable {
  /// Abbreviations and other language data.
  public let resources: LanguageResources
  /// Which splitter.
  public let splitter: SentenceSplitter

  /// Creates a segmenter.
  public init(resources: LanguageResources, splitter: SentenceSplitter = .precis) {
    self.resources = resources
    self.splitter = splitter
  }

  /// The sentences of `text[range]`, as trimmed, non-empty ranges in order.
  public func sentences(in text: UnsafeBufferPointer<UInt16>, range: Range<Int>) -> [Range<Int>] {
    let kind: Int32 = splitter == .icu ? Int32(CICU_BREAK_SENTENCE) : Int32(CICU_BREAK_SENTENCE_SS)
    let icu = Self.icuBoundaries(kind: kind, text: text, range: range)
    var cuts: [Int]
    if splitter == .precis {
      cuts = []
      var candidates = Set(icu)
      addMissedCandidates(text, range, &candidates)
      var last = range.lowerBound
      for candidate in candidates.sorted() {
        guard let cut = accept(candidate, text, range), cut > last, cut < range.upperBound else { continue }
        cuts.append(cut)
        last = cut
      }
    } else {
      cuts = icu
    }
    var result: [Range<Int>] = []
    var start = range.lowerBound
    for cut in cuts + [range.upperBound] {
      let trimmed = Self.trim(text, start..<cut)
      start = cut
      guard !trimmed.isEmpty else { continue }
      // A piece without any letter or digit (a lone "»" or "…") joins the previous sentence.
      if let previous = result.last, !trimmed.contains(where: { CodeUnit.isLetterOrDigit(text[$0]) }) {
        result[result.count - 1] = previous.lowerBound..<trimmed.upperBound
      } else {
        result.append(trimmed)
      }
    }
    return result
  }

  /// ICU's boundaries inside `range` (absolute offsets), without the final one.
  static func icuBoundaries(kind: Int32, text: UnsafeBufferPointer<UInt16>, range: Range<Int>) -> [Int] {
    guard let base = text.baseAddress, !range.isEmpty else { return [] }
    var capacity = range.count / 16 + 16
    while true {
      var error: Int32 = 0
      var offsets = [Int32](repeating: 0, count: capacity)
      let count = cicu_boundaries(kind, base + range.lowerBound, Int32(range.count), &offsets, nil, Int32(capacity), &error)
      if count < 0 { return [] }
      if Int(count) <= capacity {
        return offsets.prefix(Int(count)).map { range.lowerBound + Int($0) }.filter { $0 < range.upperBound }
      }
      capacity = Int(count)
    }
  }

  static func trim(_ text: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) -> Range<Int> {
    var lower = range.lowerBound
    var upper = range.upperBound
    while lower < upper && CodeUnit.isSpace(text[lower]) { lower += 1 }
    while upper > lower && CodeUnit.isSpace(text[upper - 1]) { upper -= 1 }
    return lower..<upper
  }

  /// Adds the boundaries ICU never proposes: glued sentences, an ellipsis before a capital,
  /// a dialogue dash after a sentence end.
  private func addMissedCandidates(_ u: UnsafeBufferPointer<UInt16>, _ range: Range<Int>, _ candidates: inout Set<Int>) {
    let end = range.upperBound
    var i = range.lowerBound
    while i < end {
      let c = u[i]
      guard CodeUnit.isTerminal(c) else { i += 1; continue }
      // Glued: "domestique.Consternant", "2019.Le", "enquête.«Il" — no space after the terminal.
      var next = i + 1
      while next < end && CodeUnit.isCloser(u[next]) { next += 1 }
      if next < end && next == i + 1 && isGluedBoundary(u, range, terminal: i) {
        candidates.insert(i + 1)
      }
      // After closers and spaces: an ellipsis or a dialogue dash before a new sentence.
      var j = next
      while j < end && (CodeUnit.isSpace(u[j]) || CodeUnit.isCloser(u[j])) { j += 1 }
      if j > next && j < end {
        let isEllipsis = c == 0x2026 || (c == 46 && i >= 2 && u[i - 1] == 46 && u[i - 2] == 46)
        if isEllipsis && startsSentence(u, j, end) { candidates.insert(j) }
        if CodeUnit.isDash(u[j]) && j + 1 < end && CodeUnit.isSpace(u[j + 1]) { candidates.insert(j) }
      }
      i += 1
    }
  }

  /// Whether the text right after the terminal at `terminal` starts a new sentence although
  /// no space separates them.
  private func isGluedBoundary(_ u: UnsafeBufferPointer<UInt16>, _ range: Range<Int>, terminal: Int) -> Bool {
    let end = range.upperBound
    guard terminal > range.lowerBound else { return false }
    let before = u[terminal - 1]
    guard CodeUnit.isLower(before) || CodeUnit.isDigit(before) || CodeUnit.isCloser(before) || before == 34 else { return false }
    var j = terminal + 1
    if j < end && (CodeUnit.isOpener(u[j])) { j += 1 }
    guard j + 1 < end, CodeUnit.isUpper(u[j]) else { return false }
    let after = u[j + 1]
    guard CodeUnit.isLower(after) || CodeUnit.isApostrophe(after) else { return false }
    // Not inside a web address or an e-mail: look at the word to the left.
    var k = terminal - 1
    while k > range.lowerBound && !CodeUnit.isSpace(u[k - 1]) { k -= 1 }
    let left = makeString(u, k..<terminal).lowercased()
    if left.contains("www") || left.contains("http") || left.contains("@") || left.contains("/") { return false }
    return true
  }

  /// Whether a sentence can start at `j`: a capital, a digit, or an opening quote or dash.
  private func startsSentence(_ u: UnsafeBufferPointer<UInt16>, _ j: Int, _ end: Int) -> Bool {
    var k = j
    while k < end && (CodeUnit.isOpener(u[k]) || CodeUnit.isDash(u[k]) || CodeUnit.isSpace(u[k])) { k += 1 }
    guard k < end else { return false }
    return CodeUnit.isUpper(u[k]) || CodeUnit.isDigit(u[k])
  }

  /// Decides whether `candidate` is a sentence boundary; returns where the next sentence
  /// starts (after closing quotes that belong to the previous one), or nil.
  private func accept(_ candidate: Int, _ u: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) -> Int? {
    let end = range.upperBound
    var cut = candidate
    // Closing quotes and brackets after the boundary belong to the sentence before it.
    var j = cut
    while j < end {
      while j < end && CodeUnit.isSpace(u[j]) { j += 1 }
      guard j < end else { break }
      let c = u[j]
      let closingStraightQuote = c == 34 && (j + 1 == end || CodeUnit.isSpace(u[j + 1]) || CodeUnit.isTerminal(u[j + 1]) || u[j + 1] == 44)
      if CodeUnit.isCloser(c) || closingStraightQuote {
        j += 1
        cut = j
      } else {
        break
      }
    }
    guard cut < end else { return nil }
    // What ends the previous sentence?
    var k = cut - 1
    while k > range.lowerBound && (CodeUnit.isSpace(u[k]) || CodeUnit.isCloser(u[k]) || u[k] == 34) { k -= 1 }
    let terminal = u[k]
    // What starts the next one?
    var n = cut
    while n < end && (CodeUnit.isSpace(u[n]) || CodeUnit.isOpener(u[n]) || CodeUnit.isDash(u[n])) { n += 1 }
    guard n < end else { return nil }
    let nextIsLower = CodeUnit.isLower(u[n])
    guard CodeUnit.isTerminal(terminal) else {
      // ICU breaks without a terminal only at odd separators; keep those before a capital.
      return nextIsLower ? nil : cut
    }
    if nextIsLower { return nil }
    guard terminal == 46, !(k >= 1 && u[k - 1] == 46) else { return cut }
    // A period: is the word before it an abbreviation or an initial?
    var w = k
    while w > range.lowerBound && !CodeUnit.isSpace(u[w - 1]) && !CodeUnit.isOpener(u[w - 1]) { w -= 1 }
    let word = makeString(u, w..<(k + 1))
    if resources.abbreviations.contains(word) { return nil }
    if resources.ambiguousAbbreviations.contains(word) { return CodeUnit.isUpper(u[n]) ? cut : nil }
    if Self.isInitial(word) && CodeUnit.isUpper(u[n]) { return nil }
    return cut
  }

  /// "J.", "J.-C." or "J.-P.": a capital letter (or two joined by a hyphen) and a period.
  static func isInitial(_ word: String) -> Bool {
    let scalars = Array(word.unicodeScalars)
    if scalars.count == 2 { return scalars[0].properties.isUppercase && scalars[1] == "." }
    if scalars.count == 5 {
      return scalars[0].properties.isUppercase && scalars[1] == "." && scalars[2] == "-"
        && scalars[3].properties.isUppercase && scalars[4] == "."
    }
    return false
  }
}
