import PrecisText

/// Ranks a document's term groups: score = occurrences × the highest IDF among the term's
/// words (1 without document frequencies); highest score first, then by key, then by first
/// appearance.
struct TermRanker: Sendable {
  let frequencies: DocumentFrequencies?

  /// A ranked group of `TermGroups`.
  typealias Ranked = (group: Int, score: Double)

  /// The score of group `group` of `terms` in `document`.
  func score(_ group: Int, of terms: TermGroups, in document: Document) -> Double {
    let first = terms.groups[group]
    var idf: Double?
    let tokens = document.sentences[first.sentence].tokens
    for k in first.wordTokens where !first.contentWordsOnly || !tokens[k].isStopWord {
      let value = frequencies?.idf(tokens[k].norm, hash: tokens[k].hash) ?? 1
      idf = max(idf ?? value, value)
    }
    return Double(terms.counts[group]) * (idf ?? 1)
  }

  /// The groups of `terms` in ranking order, at most `top` of them (nil: all), with their
  /// scores.
  ///
  /// With `top`, groups are scored from the most frequent down, and the scoring stops once
  /// a group's count times the highest IDF any word can have falls below the `top`-th
  /// score so far: no group left can make the list (most terms occur once).
  func ranked(_ terms: TermGroups, top: Int?, in document: Document) -> [Ranked] {
    let groups = terms.groups, counts = terms.counts
    func precedes(_ a: Ranked, _ b: Ranked) -> Bool {
      if a.score != b.score { return a.score > b.score }
      if groups[a.group].key != groups[b.group].key { return groups[a.group].key < groups[b.group].key }
      return a.group < b.group
    }
    guard let top else {
      return groups.indices.map { ($0, score($0, of: terms, in: document)) }.sorted(by: precedes)
    }
    guard top > 0 else { return [] }
    let highestIDF = frequencies?.highestIDF ?? 1
    var best = TopList(capacity: top, by: precedes)
    for group in Self.byCount(counts) {
      if best.isFull, let last = best.elements.last, Double(counts[group]) * highestIDF < last.score { break }
      best.offer((group: group, score: score(group, of: terms, in: document)))
    }
    return best.elements
  }

  /// The indices of `counts`, most frequent first, then in order: a counting sort (counts
  /// are small).
  static func byCount(_ counts: [Int]) -> [Int] {
    let highestCount = counts.max() ?? 0
    var starts = [Int](repeating: 0, count: highestCount + 2)
    for count in counts { starts[highestCount - count + 1] += 1 }
    for k in 1..<starts.count { starts[k] += starts[k - 1] }
    var order = [Int](repeating: 0, count: counts.count)
    for group in counts.indices {
      let slot = highestCount - counts[group]
      order[starts[slot]] = group
      starts[slot] += 1
    }
    return order
  }
}
