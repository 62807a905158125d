/// A pattern for text that is not part of an article: a photo credit, a "Lire aussi"
/// prompt, a script remnant. Rules are data (`lexicons/fr/boilerplate.txt`), one a line:
/// `KIND<TAB>PATTERN`, compared case-insensitively.
public struct BoilerplateRule: Sendable, Equatable {
  /// How a rule matches.
  public enum Kind: String, Sendable, CaseIterable {
    /// A sentence or line that starts with the pattern is dropped.
    case prefix
    /// A sentence or line that contains the pattern is dropped.
    case contains
    /// A sentence or line equal to the pattern (trailing punctuation ignored) is dropped.
    case line
    /// The text from the pattern to the end of its line is cut (script remnants).
    case fragment
    /// A video caption glued to the next paragraph: after the pattern, a space and a source
    /// name ("?par BFMTVCe suspect…"), a sentence boundary is made where the source name
    /// runs into a capitalised word; the caption itself is left to the other rules.
    case caption
  }

  /// How the rule matches.
  public let kind: Kind
  /// The lower-cased pattern.
  public let pattern: String
  /// The pattern as UTF-16 code units, for matching.
  public let patternUnits: [UInt16]
  /// Where the rule comes from ("boilerplate.txt:12"), shown by `--explain`.
  public let origin: String

  /// Creates a rule; `pattern` is lower-cased.
  public init(kind: Kind, pattern: String, origin: String) {
    self.kind = kind
    self.pattern = TextNormalizer.lowercase(pattern)
    self.patternUnits = Array(self.pattern.utf16)
    self.origin = origin
  }

  /// Whether the rule drops the sentence or line at `range` of the lower-cased UTF-16 text
  /// `lowered`. Works on code units: `String.contains` costs more than the rest of the
  /// pipeline together.
  func matches(lowered: UnsafeBufferPointer<UInt16>, range: Range<Int>) -> Bool {
    patternUnits.withUnsafeBufferPointer { Self.matches(kind, $0, lowered: lowered, range: range) }
  }

  /// `matches(lowered:range:)` of a rule of kind `kind` and pattern `needle`.
  @inline(__always)
  static func matches(_ kind: Kind, _ needle: UnsafeBufferPointer<UInt16>, lowered: UnsafeBufferPointer<UInt16>, range: Range<Int>) -> Bool {
    switch kind {
    case .prefix:
      return range.count >= needle.count && occurs(needle, in: lowered, at: range.lowerBound)
    case .contains:
      return DocumentBuilder.find(needle, in: lowered, range) != nil
    case .line:
      var upper = range.upperBound
      while upper > range.lowerBound && !CodeUnit.isLetterOrDigit(lowered[upper - 1]) { upper -= 1 }
      return upper - range.lowerBound == needle.count && occurs(needle, in: lowered, at: range.lowerBound)
    case .fragment, .caption:
      return false
    }
  }

  /// Whether `needle` is in `text` at `position`.
  @inline(__always)
  static func occurs(_ needle: UnsafeBufferPointer<UInt16>, in text: UnsafeBufferPointer<UInt16>, at position: Int) -> Bool {
    guard position + needle.count <= text.count else { return false }
    for k in needle.indices where text[position + k] != needle[k] { return false }
    return true
  }

  /// Loads rules from a data file.
  ///
  /// - Throws: `TextError.badData` naming the line of an unknown kind or a missing pattern.
  public static func load(_ path: String) throws(TextError) -> [BoilerplateRule] {
    let file = try DataFile.load(path)
    var rules: [BoilerplateRule] = []
    let fileName = path.split(separator: "/").last.map(String.init) ?? path
    for (number, line) in file.lines() {
      let fields = line.split(separator: "\t", maxSplits: 1)
      guard fields.count == 2, let kind = Kind(rawValue: String(fields[0])) else {
        let kinds = Kind.allCases.map(\.rawValue).joined(separator: ", ")
        throw .badData(path: path, line: number, problem: "expected KIND<TAB>PATTERN with KIND one of \(kinds)")
      }
      let pattern = fields[1].trimmingWhitespace()
      guard !pattern.isEmpty else { throw .badData(path: path, line: number, problem: "empty pattern") }
      rules.append(BoilerplateRule(kind: kind, pattern: String(pattern), origin: "\(fileName):\(number)"))
    }
    return rules
  }
}

/// Finds rules by the first UTF-16 unit of their pattern: a bitmap of the patterns' first
/// units says where a match may start, and only the rules starting with that unit are tried
/// (22 separate searches cost more than tokenizing). Used for the
/// `contains` rules (tried at every unit of a sentence) and for the `prefix` and `line` rules
/// (tried at its first unit). Rules keep their file order within a first unit.
public struct RuleIndex: Sendable {
  private var bits = [UInt64](repeating: 0, count: 1024)
  /// The patterns' first two units, by their low bytes (65,536 bits): most positions of a
  /// sentence start with a letter some pattern starts with, but few with its first two
  /// (looking up the rules at each of them would be wasted).
  private var pairs = [UInt64](repeating: 0, count: 1024)
  /// First units of one-unit patterns, which the pair bits cannot tell.
  private var singles: [UInt16] = []
  /// Distinct first units (a short list searched in place: a dictionary lookup hashed
  /// every unit that passed the bitmap), and for each the range of `candidates` that holds
  /// its rules in file order.
  private var firsts: [UInt16] = []
  private var groups: [Range<Int>] = []
  /// The rules, as a kind and a place in `units`, which holds every pattern end to end.
  /// Matching reads no reference-counted value: copying rules out of the index, which the
  /// workers share, would retain and release their strings and arrays, and those counts
  /// would go from core to core.
  private var candidates: [Candidate] = []
  private var units: [UInt16] = []
  private var rules: [BoilerplateRule] = []

  private struct Candidate {
    let kind: BoilerplateRule.Kind
    let start: Int
    let count: Int
    let rule: Int
  }

  /// Indexes the rules of `rules` whose kind is in `kinds`.
  public init(_ rules: [BoilerplateRule], kinds: Set<BoilerplateRule.Kind> = [.contains]) {
    var grouped: [[BoilerplateRule]] = []
    for rule in rules where kinds.contains(rule.kind) {
      guard let first = rule.patternUnits.first else { continue }
      bits[Int(first >> 6)] |= 1 << UInt64(first & 63)
      if rule.patternUnits.count > 1 {
        let pair = Self.pair(first, rule.patternUnits[1])
        pairs[pair >> 6] |= 1 << UInt64(pair & 63)
      } else if !singles.contains(first) {
        singles.append(first)
      }
      if let k = firsts.firstIndex(of: first) {
        grouped[k].append(rule)
      } else {
        firsts.append(first)
        grouped.append([rule])
      }
    }
    for group in grouped {
      let lower = candidates.count
      for rule in group {
        candidates.append(Candidate(kind: rule.kind, start: units.count, count: rule.patternUnits.count, rule: self.rules.count))
        units += rule.patternUnits
        self.rules.append(rule)
      }
      groups.append(lower..<candidates.count)
    }
  }

  /// Whether some pattern starts with `unit`.
  @inline(__always)
  public func mayStart(_ unit: UInt16) -> Bool { bits[Int(unit >> 6)] & (1 << UInt64(unit & 63)) != 0 }

  /// Whether some pattern may start at `position` of `text`, told by its first two units
  /// (false positives possible, no false negatives).
  @inline(__always)
  package func mayStart(at position: Int, in text: UnsafeBufferPointer<UInt16>) -> Bool {
    let first = text[position]
    guard mayStart(first) else { return false }
    if !singles.isEmpty && singles.contains(first) { return true }
    guard position + 1 < text.count else { return false }
    let pair = Self.pair(first, text[position + 1])
    return pairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0
  }

  @inline(__always)
  private static func pair(_ first: UInt16, _ second: UInt16) -> Int { Int(first & 0xFF) << 8 | Int(second & 0xFF) }

  /// The first rule, in file order, whose pattern starts at `range.lowerBound` of the
  /// lower-cased `text` and that matches `range` there (`BoilerplateRule.matches`): for the
  /// `prefix` and `line` rules.
  func firstRule(matching text: UnsafeBufferPointer<UInt16>, range: Range<Int>) -> BoilerplateRule? {
    guard range.lowerBound < range.upperBound else { return nil }
    return firstRule(startingWith: text[range.lowerBound]) { BoilerplateRule.matches($0, $1, lowered: text, range: range) }
  }

  /// The first rule, in file order, whose pattern occurs at `position` of the lower-cased
  /// `text`: for the `contains` rules.
  @inline(__always)
  func firstRule(occurringIn text: UnsafeBufferPointer<UInt16>, at position: Int) -> BoilerplateRule? {
    firstRule(startingWith: text[position]) { BoilerplateRule.occurs($1, in: text, at: position) }
  }

  @inline(__always)
  private func firstRule(
    startingWith unit: UInt16, where accepts: (BoilerplateRule.Kind, UnsafeBufferPointer<UInt16>) -> Bool
  ) -> BoilerplateRule? {
    guard mayStart(unit), let k = firsts.firstIndex(of: unit) else { return nil }
    let found = candidates.withUnsafeBufferPointer { candidates in
      units.withUnsafeBufferPointer { units in
        groups[k].first { c in
          accepts(candidates[c].kind, UnsafeBufferPointer(rebasing: units[candidates[c].start..<(candidates[c].start + candidates[c].count)]))
        }.map { candidates[$0].rule }
      }
    }
    return found.map { rules[$0] }
  }
}
