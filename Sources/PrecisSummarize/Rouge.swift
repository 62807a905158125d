/// ROUGE-1, ROUGE-2 and ROUGE-L (Lin 2004) between a candidate summary and a reference,
/// computed as Python's `rouge-score` does with no stemming and these tokens: lower-cased
/// maximal runs of Unicode letters and digits, accents kept.
///
/// For example:
/// ```swift
/// let score = Rouge.score(candidate: "Le chat dort.", reference: "Le chat dort bien.")
/// score.rouge1.f   // 0.857…
/// ```
public enum Rouge {
  /// Precision, recall and F1 of one ROUGE variant.
  public struct Measure: Sendable, Equatable {
    /// Precision.
    public var p: Double
    /// Recall.
    public var r: Double
    /// F1.
    public var f: Double

    init(overlap: Double, candidate: Double, reference: Double) {
      p = candidate > 0 ? overlap / candidate : 0
      r = reference > 0 ? overlap / reference : 0
      f = p + r > 0 ? 2 * p * r / (p + r) : 0
    }
  }

  /// ROUGE-1, -2 and -L of one pair.
  public struct Score: Sendable, Equatable {
    /// Unigram overlap.
    public var rouge1: Measure
    /// Bigram overlap.
    public var rouge2: Measure
    /// Longest common subsequence.
    public var rougeL: Measure
  }

  /// Scores `candidate` against `reference`.
  public static func score(candidate: String, reference: String) -> Score {
    let c = tokens(candidate)
    let r = tokens(reference)
    return Score(rouge1: ngram(c, r, 1), rouge2: ngram(c, r, 2), rougeL: lcs(c, r))
  }

  /// Lower-cased runs of letters and digits (Unicode general categories L* and N*).
  public static func tokens(_ text: String) -> [String] {
    var result: [String] = []
    var current = String.UnicodeScalarView()
    for scalar in text.lowercased().unicodeScalars {
      switch scalar.properties.generalCategory {
      case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
        .decimalNumber, .letterNumber, .otherNumber:
        current.append(scalar)
      default:
        if !current.isEmpty {
          result.append(String(current))
          current = String.UnicodeScalarView()
        }
      }
    }
    if !current.isEmpty { result.append(String(current)) }
    return result
  }

  private static func ngram(_ c: [String], _ r: [String], _ n: Int) -> Measure {
    func counts(_ t: [String]) -> [[String]: Int] {
      var result: [[String]: Int] = [:]
      if t.count >= n { for i in 0...(t.count - n) { result[Array(t[i..<(i + n)]), default: 0] += 1 } }
      return result
    }
    let cc = counts(c)
    let rc = counts(r)
    let overlap = cc.reduce(0) { $0 + min($1.value, rc[$1.key] ?? 0) }
    return Measure(overlap: Double(overlap), candidate: Double(max(0, c.count - n + 1)), reference: Double(max(0, r.count - n + 1)))
  }

  private static func lcs(_ c: [String], _ r: [String]) -> Measure {
    guard !c.isEmpty, !r.isEmpty else { return Measure(overlap: 0, candidate: Double(c.count), reference: Double(r.count)) }
    var previous = [Int](repeating: 0, count: r.count + 1)
    var current = previous
    for i in 1...c.count {
      for j in 1...r.count {
        current[j] = c[i - 1] == r[j - 1] ? previous[j - 1] + 1 : max(previous[j], current[j - 1])
      }
      swap(&previous, &current)
    }
    return Measure(overlap: Double(previous[r.count]), candidate: Double(c.count), reference: Double(r.count))
  }
}
