import CICU

/// Which sentence splitter to use. Precis's own is the default; the ICU ones are kept as
/// baselines for `scripts/eval/segeval.py` (see docs/SEGMENTATION.md).
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
/// ICU (plain `fr`) proposes boundaries; French rules then remove the false ones
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
    // Precis builds on plain ICU: the `ss=standard` suppressions also swallow real
    // boundaries ("à assumer. Certaines"), and our abbreviation list covers French better.
    let kind: Int32 = splitter == .icuStandard ? Int32(CICU_BREAK_SENTENCE_SS) : Int32(CICU_BREAK_SENTENCE)
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
    var pendingStart: Int? = nil
    for cut in cuts + [range.upperBound] {
      var trimmed = Self.trim(text, start..<cut)
      start = cut
      guard !trimmed.isEmpty else { continue }
      if let pending = pendingStart {
        trimmed = pending..<trimmed.upperBound
        pendingStart = nil
      }
      // A piece without any letter or digit joins a neighbour: an opening one ("(...)",
      // "«") the next sentence, any other (a lone "»" or "…") the previous one.
      if !trimmed.contains(where: { CodeUnit.isLetterOrDigit(text[$0]) }) {
        if CodeUnit.isOpener(text[trimmed.lowerBound]) && cut < range.upperBound {
          pendingStart = trimmed.lowerBound
          continue
        }
        if let previous = result.last {
          result[result.count - 1] = previous.lowerBound..<trimmed.upperBound
          continue
        }
      }
      result.append(trimmed)
    }
    if let pending = pendingStart { result.append(pending..<Self.trim(text, pending..<range.upperBound).upperBound) }
    return result
  }

  /// ICU's boundaries inside `range` (absolute offsets), without the final one.
  static func icuBoundaries(kind: Int32, text: UnsafeBufferPointer<UInt16>, range: Range<Int>) -> [Int] {
    // ICU lengths are int32_t: a longer paragraph gets no ICU boundary (Precis's own rules
    // still cut it) rather than a trap on the conversion.
    guard let base = text.baseAddress, !range.isEmpty, let length = Int32(exactly: range.count) else { return [] }
    var capacity = range.count / 16 + 16
    while true {
      var error: Int32 = 0
      var offsets = [Int32](repeating: 0, count: capacity)
      let count = cicu_boundaries(kind, base + range.lowerBound, length, &offsets, nil, Int32(capacity), &error)
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
    // Straight quotes in `range.lowerBound..<i`, counted as `i` advances: counting them
    // again at each terminal made a paragraph of `a." ` repeated quadratic.
    var quotesBefore = 0
    while i < end {
      let c = u[i]
      guard CodeUnit.isTerminal(c) else {
        if c == 34 { quotesBefore += 1 }
        i += 1
        continue
      }
      // Glued: "domestique.Consternant", "2019.Le", "enquête.«Il" — no space after the terminal.
      var next = i + 1
      while next < end && CodeUnit.isCloser(u[next]) { next += 1 }
      // Closing quotes right after the terminal stay with it; a straight quote closes when
      // an odd number of them precede it in the paragraph.
      var glued = i + 1, quotes = quotesBefore
      while glued < end && (CodeUnit.isCloser(u[glued]) || (u[glued] == 34 && quotes % 2 == 1)) {
        if u[glued] == 34 { quotes += 1 }
        glued += 1
      }
      if glued < end && isGluedBoundary(u, range, terminal: i, start: glued) {
        candidates.insert(glued)
      }
      // After closers and spaces: an ellipsis, a number, or a dialogue dash after a sentence end.
      var j = next
      while j < end && (CodeUnit.isSpace(u[j]) || CodeUnit.isCloser(u[j])) { j += 1 }
      if j < end {
        let ellipsisStart = c == 0x2026 ? i : (c == 46 && i >= 2 && u[i - 1] == 46 && u[i - 2] == 46) ? i - 2 : -1
        // "(...)" and "[…]" mark a cut inside a quotation, not a sentence end.
        let bracketed = ellipsisStart > range.lowerBound && CodeUnit.isOpener(u[ellipsisStart - 1])
        if j > next && ellipsisStart >= 0 && !bracketed && startsSentence(u, j, end) { candidates.insert(j) }
        if j > next && c == 46 && ellipsisStart < 0 && (CodeUnit.isDigit(u[j]) || CodeUnit.isLower(u[j])) { candidates.insert(j) }
        if CodeUnit.isDash(u[j]) && j + 1 < end && CodeUnit.isSpace(u[j + 1]) && (j > next || CodeUnit.isDash(u[j]) && j == i + 1) {
          candidates.insert(j)
        }
      }
      i += 1
    }
  }

  /// Whether the text at `start`, right after the terminal at `terminal` and its closing
  /// quotes, starts a new sentence although no space separates them.
  private func isGluedBoundary(_ u: UnsafeBufferPointer<UInt16>, _ range: Range<Int>, terminal: Int, start: Int) -> Bool {
    let end = range.upperBound
    guard terminal > range.lowerBound else { return false }
    let before = u[terminal - 1]
    // An upper-case letter before the period counts unless it is an initial ("J.Dupont").
    let upperNotInitial = CodeUnit.isUpper(before) && terminal - 2 >= range.lowerBound
      && !CodeUnit.isSpace(u[terminal - 2]) && u[terminal - 2] != 46 && !CodeUnit.isHyphen(u[terminal - 2])
    guard CodeUnit.isLower(before) || CodeUnit.isDigit(before) || CodeUnit.isCloser(before) || before == 34 || upperNotInitial
    else { return false }
    var j = start
    if j < end && CodeUnit.isOpener(u[j]) {
      j += 1
      while j < end && CodeUnit.isSpace(u[j]) { j += 1 }
    }
    guard j + 1 < end, CodeUnit.isUpper(u[j]) else { return false }
    let after = u[j + 1]
    // "À travers", "A 14h25": a one-letter word is a capitalised French preposition;
    // "M. Ping" a title; "PEKIN", "STS-101" a word in capitals.
    let shortWord = (u[j] == 0xC0 || u[j] == 65) && CodeUnit.isSpace(after)
    let title = after == 46 && CodeUnit.isLower(before)
    let capitals = CodeUnit.isUpper(after) && CodeUnit.isLower(before)
    guard CodeUnit.isLower(after) || CodeUnit.isApostrophe(after) || shortWord || title || capitals else { return false }
    // Not inside a web address or an e-mail: look at the word to the left, up to
    // `addressWindow` units (the whole word made a run of glued sentences without spaces,
    // "la.Ba.Bc.…", quadratic in its length).
    var k = terminal - 1
    let floor = max(range.lowerBound, terminal - Self.addressWindow)
    while k > floor && !CodeUnit.isSpace(u[k - 1]) { k -= 1 }
    // On the code units, ASCII letters lower-cased: `String.contains` took 4% of building
    // a document (perf).
    let left = (k..<terminal).map { u[$0] >= 65 && u[$0] <= 90 ? u[$0] + 32 : u[$0] }
    return left.withUnsafeBufferPointer { l in
      let all = 0..<l.count
      let endsWithWWW = l.count >= 3 && l[(l.count - 3)...].elementsEqual(Self.www)
      return !endsWithWWW && Self.addressMarks.allSatisfy { DocumentBuilder.find($0, in: l, all) == nil }
    }
  }

  /// How far back from a glued period an address mark is looked for, in UTF-16 units.
  static let addressWindow = 256

  /// How far back from a period an abbreviation or initials are looked for, in UTF-16 units:
  /// far beyond the longest abbreviation (11) or a run of initials.
  static let abbreviationWindow = 64

  /// "www" at the end of the word, or any of "www.", "://" and "@" in it, marks an address.
  private static let www = Array("www".utf16), addressMarks = ["www.", "://", "@"].map { Array($0.utf16) }

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
    // An opening quote or bracket right before the boundary belongs to the next sentence
    // (glued "acier.«Tu", "batterie.\"Verdun").
    while cut - 2 >= range.lowerBound && CodeUnit.isOpener(u[cut - 1]) && !CodeUnit.isSpace(u[cut]) && CodeUnit.isTerminal(u[cut - 2]) {
      cut -= 1
    }
    // What ends the previous sentence?
    var k = cut - 1
    while k > range.lowerBound && (CodeUnit.isSpace(u[k]) || CodeUnit.isCloser(u[k]) || u[k] == 34) { k -= 1 }
    let terminal = u[k]
    // What starts the next one?
    var n = cut
    while n < end && (CodeUnit.isSpace(u[n]) || CodeUnit.isOpener(u[n]) || CodeUnit.isDash(u[n])) { n += 1 }
    guard n < end else { return nil }
    // A list or dialogue dash after a sentence end starts a sentence whatever its case.
    var d = cut
    while d < end && CodeUnit.isSpace(u[d]) { d += 1 }
    let dashed = d + 1 < end && CodeUnit.isDash(u[d]) && CodeUnit.isSpace(u[d + 1])
    let nextIsLower = CodeUnit.isLower(u[n]) && !dashed
    // ICU also breaks after a closing quote or an opener with no sentence end before it;
    // Precis only splits after . ! ? …
    guard CodeUnit.isTerminal(terminal) else { return nil }
    let isPeriod = terminal == 46 && !(k >= 1 && u[k - 1] == 46)
    // After ? ! or an ellipsis a lower-case word continues the sentence ("« Pourquoi ? »
    // demande-t-il"); after a period it starts one only after a real word (a typo or a
    // lower-cased "à"), which the abbreviation checks below decide.
    if nextIsLower && !isPeriod { return nil }
    guard isPeriod else { return cut }
    // A period: is the word before it an abbreviation or an initial? Only its last
    // `abbreviationWindow` units are read: each candidate reading the whole word, and making a
    // string from each period in it, made a run of glued sentences without spaces cubic.
    var w = k
    let floor = max(range.lowerBound, k - Self.abbreviationWindow)
    while w > floor && !CodeUnit.isSpace(u[w - 1]) && !CodeUnit.isOpener(u[w - 1]) { w -= 1 }
    let wholeWord = w == range.lowerBound || CodeUnit.isSpace(u[w - 1]) || CodeUnit.isOpener(u[w - 1])
    if nextIsLower {
      let letters = (w..<k).allSatisfy { CodeUnit.isLetter(u[$0]) }
      guard letters && k - w >= 3 && CodeUnit.isLower(u[k - 1]) else { return nil }
    }
    // Glued text ("monde.M. Ping") holds several words: try the part after each period too.
    var starts = wholeWord ? [w] : []
    for p in w..<k where u[p] == 46 && p + 1 < k && CodeUnit.isUpper(u[p + 1]) { starts.append(p + 1) }
    for start in starts {
      let word = makeString(u, start..<(k + 1))
      if resources.abbreviationKeys.contains(word) { return nil }
      if resources.ambiguousAbbreviationKeys.contains(word) { return CodeUnit.isUpper(u[n]) || dashed ? cut : nil }
      if Self.isInitial(word) && CodeUnit.isUpper(u[n]) { return nil }
    }
    return cut
  }

  /// Initials: "J.", "J.-P.", "J.A.", "H.R.F.": capital letters each followed by a period,
  /// possibly joined by hyphens.
  static func isInitial(_ word: String) -> Bool {
    // Most words fail at once: a lower-case ASCII first letter, or no period second.
    if let first = word.utf8.first, first < 0x80, !(65...90).contains(first) { return false }
    let scalars = Array(word.unicodeScalars)
    guard scalars.count >= 2 else { return false }
    var i = 0
    while i < scalars.count {
      guard scalars[i].properties.isUppercase, i + 1 < scalars.count, scalars[i + 1] == "." else { return false }
      i += 2
      if i < scalars.count && scalars[i] == "-" { i += 1 }
    }
    return true
  }
}
