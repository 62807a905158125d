import PrecisText

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Per-sentence features for the learned scorer: position, length, centrality, similarity
/// to the lead, key terms, names and numbers, quotation and dialogue markers, boilerplate
/// signs. Computed by the library so that training (`precis-train features`) and use see
/// exactly the same values. The order of `names` is the model's feature order.
public enum SentenceFeatures {
  /// Feature names, in the order of each row of `rows(for:)`. Appending is compatible with
  /// existing models only if the model lists the names it was trained on (it does).
  public static let names: [String] = [
    "position", "relativePosition", "inversePosition", "isFirst", "isFirstInParagraph", "paragraphIndex",
    "sentenceCount", "words", "characters", "contentRatio",
    "centroid", "centroidRank", "centroidRelative", "textrank",
    "similarityFirst", "similarityLead", "similarityPrevious", "similarityNext",
    "keyTermShare", "keyTermCount", "capitalizedRatio", "numberRatio",
    "hasQuote", "startsWithQuoteOrDash", "isQuestion", "isExclamation", "hasColon", "endsWithEllipsis",
    "meanIDF", "sumIDF", "isHeading", "documentWords", "hasParenthesis", "elisionRatio",
  ]

  /// Whether `text` has a quotation mark (« » " “ ”), a colon, an opening parenthesis: one
  /// pass over its UTF-8 bytes, rather than scans through the string's views.
  static func marks(_ text: String) -> (quote: Bool, colon: Bool, parenthesis: Bool) {
    var text = text
    return text.withUTF8 { bytes in
      guard let base = bytes.baseAddress else { return (false, false, false) }
      let n = bytes.count
      // Each mark found with `memchr`, which reads many bytes at a time.
      func has(_ byte: UInt8) -> Bool { memchr(base, Int32(byte), n) != nil }
      // The lead byte `lead` followed by one of `seconds` (after `middle`, when given).
      func hasSequence(_ lead: UInt8, _ middle: UInt8?, _ seconds: (UInt8, UInt8)) -> Bool {
        var from = 0
        while from < n, let hit = memchr(base + from, Int32(lead), n - from) {
          let i = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
          var j = i + 1
          if let middle {
            guard j < n, bytes[j] == middle else { from = i + 1; continue }
            j += 1
          }
          if j < n && (bytes[j] == seconds.0 || bytes[j] == seconds.1) { return true }
          from = i + 1
        }
        return false
      }
      // « and » are C2 AB and C2 BB; “ and ” are E2 80 9C and E2 80 9D.
      let quote = has(0x22) || hasSequence(0xC2, nil, (0xAB, 0xBB)) || hasSequence(0xE2, 0x80, (0x9C, 0x9D))
      return (quote, has(58), has(40))
    }
  }
  private static let openers = Set("«\"“-–—".unicodeScalars)
  private static let trailing = Set("»”\")] ".unicodeScalars)

  private static func flag(_ value: Bool) -> Double { value ? 1 : 0 }

  /// One row of features per sentence of the context's document.
  public static func rows(for context: ScoringContext) -> [[Double]] {
    let document = context.document
    let sentences = document.sentences
    let n = sentences.count
    guard n > 0 else { return [] }
    let vectors = context.vectors
    let centroid = CentroidScorer().scores(for: document, context: context)
    let textrank = TextRankScorer().scores(for: document, context: context)
    let maxCentroid = max(centroid.max() ?? 0, 1e-9)
    var centroidRank = [Int](repeating: 0, count: n)
    for (rank, index) in centroid.indices.sorted(by: { centroid[$0] > centroid[$1] }).enumerated() { centroidRank[index] = rank }
    // The lead: the first three sentences' summed vector.
    var lead = SparseVector.sum(of: vectors.prefix(3), idCount: context.termCount)
    lead.normalize()
    // The first sentence and the lead spread over dense arrays: each sentence's similarity
    // to them is then a gather over its own terms (see `SparseVector.dot(dense:)`).
    let firstDense = vectors[0].dense(count: context.termCount), leadDense = lead.dense(count: context.termCount)
    // Key terms: the ten terms with the highest weight in the centroid.
    let keyTermList = context.centroidTopTerms(10)
    var isKeyTerm = [Bool](repeating: false, count: context.termCount)
    for id in keyTermList { isKeyTerm[Int(id)] = true }
    let documentWords = sentences.reduce(0) { $0 + $1.wordCount }
    var rows: [[Double]] = []
    rows.reserveCapacity(n)
    for (i, sentence) in sentences.enumerated() {
      let tokens = sentence.tokens
      let count = Double(max(tokens.count, 1))
      // One pass over the tokens, no intermediate arrays (this loop runs for every sentence).
      var contentCount = 0, names = 0, numbers = 0, elisions = 0
      tokens.withUnsafeBufferPointer { tokens in
        for t in tokens.indices {
          if tokens[t].isContent { contentCount += 1 }
          if t > 0 && tokens[t].isCapitalized && tokens[t].kind == .word { names += 1 }
          if tokens[t].kind == .number { numbers += 1 }
          if tokens[t].isElision { elisions += 1 }
        }
      }
      let text = sentence.text
      let first = text.unicodeScalars.first
      let last = text.unicodeScalars.reversed().first { !Self.trailing.contains($0) }
      let termIDs = context.termIDs(of: i)
      var keyCount = 0.0
      var sumIDF = 0.0
      for id in termIDs {
        if isKeyTerm[Int(id)] { keyCount += 1 }
        sumIDF += context.idf(id: id)
      }
      let meanIDF = termIDs.isEmpty ? 0 : sumIDF / Double(termIDs.count)
      var row: [Double] = []
      row.reserveCapacity(Self.names.count)
      // Position.
      row += [Double(i), n > 1 ? Double(i) / Double(n - 1) : 0, 1 / Double(i + 1), flag(i == 0)]
      row += [flag(sentence.isFirstInParagraph), Double(sentence.paragraph), Double(n)]
      // Length.
      row += [Double(tokens.count), Double(sentence.range.count), Double(contentCount) / count]
      // Centrality.
      row += [centroid[i], Double(centroidRank[i]) / Double(n), centroid[i] / maxCentroid, textrank[i] * Double(n)]
      // Similarity to the lead and neighbours.
      row.append(i == 0 ? 1 : vectors[i].dot(dense: firstDense))
      row.append(vectors[i].dot(dense: leadDense))
      row.append(i > 0 ? vectors[i].dot(vectors[i - 1]) : 0)
      row.append(i + 1 < n ? vectors[i].dot(vectors[i + 1]) : 0)
      // Key terms, names, numbers.
      row += [keyTermList.isEmpty ? 0 : keyCount / Double(keyTermList.count), keyCount, Double(names) / count, Double(numbers) / count]
      // Quotation, dialogue, questions, boilerplate signs.
      // Scalars and UTF-8 bytes, not UTF-16: a `String`'s UTF-16 view is slow on accented
      // text.
      let marks = Self.marks(text)
      row.append(flag(marks.quote))
      row.append(flag(first.map { Self.openers.contains($0) } ?? false))
      row += [flag(last == "?"), flag(last == "!"), flag(marks.colon), flag(last == "…" || text.hasSuffix("..."))]
      // Information content.
      row += [meanIDF, sumIDF]
      row += [flag(sentence.isHeading), Double(documentWords), flag(marks.parenthesis), Double(elisions) / count]
      rows.append(row)
    }
    return rows
  }
}
