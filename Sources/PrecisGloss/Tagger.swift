import PrecisText

/// A greedy left-to-right averaged-perceptron part-of-speech tagger (UD UPOS), trained on
/// UD French-Sequoia by `scripts/train_tagger.py`; its weights are compiled into Precis
/// (`models/tagger-fr.bin`, see `TaggerModel`). The features are exactly the trainer's
/// (documented in the header of `models/tagger-fr.tsv`).
///
/// For example:
/// ```swift
/// try Tagger.french().tag(["une", "montre", "connectée"], originals: ["une", "montre", "connectée"])
/// // ["DET", "NOUN", "ADJ"]
/// ```
public struct Tagger: Sendable {
  /// The compiled weights.
  public let model: TaggerModel

  /// The French tagger, loaded on first use.
  public static func french() throws(TextError) -> Tagger { try frenchTagger.get() }

  /// Creates a tagger over a compiled model.
  public init(model: TaggerModel) { self.model = model }

  /// Tags a sentence. `words` are lower-cased with straight apostrophes; `originals` are the
  /// forms as written (for capitalisation and shape features).
  public func tag(_ words: [String], originals: [String]) -> [String] {
    // Features are hashed piece by piece (prefix state + value bytes): building 19 strings
    // per word cost more than everything else in the glossary (measured with perf).
    let bytes = words.map { Array($0.utf8) }
    let boundaries = bytes.map(Self.scalarStarts)
    let tagBytes = model.tags.map { Array($0.utf8) }
    let start = Array("<s>".utf8), start2 = Array("<s2>".utf8), end = Array("</s>".utf8)
    let startBoundaries = Self.scalarStarts(start), endBoundaries = Self.scalarStarts(end)
    func word(_ k: Int) -> [UInt8] { k < 0 ? start : k >= words.count ? end : bytes[k] }
    func starts(_ k: Int) -> [Int] { k < 0 ? startBoundaries : k >= words.count ? endBoundaries : boundaries[k] }
    func suffix(_ b: [UInt8], _ starts: [Int], _ n: Int) -> ArraySlice<UInt8> {
      starts.count > n ? b[starts[starts.count - n]...] : b[...]
    }
    var tags: [String] = []
    tags.reserveCapacity(words.count)
    var p1 = start, p2 = start2
    var scores = [Double](repeating: 0, count: model.tags.count)
    var shape: [UInt8] = []
    let h = Self.prefixes
    for i in words.indices {
      for t in scores.indices { scores[t] = 0 }
      let w = bytes[i], ws = boundaries[i]
      let previous = word(i - 1), next = word(i + 1)
      var t12 = h.t12
      t12.add(p1[...]); t12.add(32); t12.add(p2[...])
      var t1w = h.t1w
      t1w.add(p1[...]); t1w.add(32); t1w.add(w[...])
      let o = originals[i]
      Self.shape(o, into: &shape)
      let capital = o.unicodeScalars.first?.properties.generalCategory == .uppercaseLetter
      // Each feature's hash goes straight into the scores: no strings, no array of hashes.
      model.accumulate(hash: h.bias.value, into: &scores)
      model.accumulate(hash: h.w.with(w[...]), into: &scores)
      model.accumulate(hash: h.s1.with(suffix(w, ws, 1)), into: &scores)
      model.accumulate(hash: h.s2.with(suffix(w, ws, 2)), into: &scores)
      model.accumulate(hash: h.s3.with(suffix(w, ws, 3)), into: &scores)
      model.accumulate(hash: h.s4.with(suffix(w, ws, 4)), into: &scores)
      model.accumulate(hash: h.p3.with(ws.count > 3 ? w[..<ws[3]] : w[...]), into: &scores)
      model.accumulate(hash: h.t1.with(p1[...]), into: &scores)
      model.accumulate(hash: t12.value, into: &scores)
      model.accumulate(hash: t1w.value, into: &scores)
      model.accumulate(hash: h.wm1.with(previous[...]), into: &scores)
      model.accumulate(hash: h.wp1.with(next[...]), into: &scores)
      model.accumulate(hash: h.wp2.with(word(i + 2)[...]), into: &scores)
      model.accumulate(hash: h.s3m1.with(suffix(previous, starts(i - 1), 3)), into: &scores)
      model.accumulate(hash: h.s3p1.with(suffix(next, starts(i + 1), 3)), into: &scores)
      model.accumulate(hash: h.shape.with(shape[...]), into: &scores)
      model.accumulate(hash: h.cap[(capital ? 2 : 0) + (i == 0 ? 0 : 1)], into: &scores)
      model.accumulate(hash: w.contains(45) ? h.hyphOne : h.hyphZero, into: &scores)
      model.accumulate(hash: w.contains { $0 >= 48 && $0 <= 57 } ? h.digitOne : h.digitZero, into: &scores)
      var best = 0
      for t in scores.indices where scores[t] > scores[best] { best = t }
      tags.append(model.tags[best])
      p2 = p1
      p1 = tagBytes[best]
    }
    return tags
  }


  /// Hash states after each feature's prefix.
  struct Prefixes: Sendable {
    let bias = FeatureHash("b"), w = FeatureHash("w="), s1 = FeatureHash("s1="), s2 = FeatureHash("s2=")
    let s3 = FeatureHash("s3="), s4 = FeatureHash("s4="), p3 = FeatureHash("p3="), t1 = FeatureHash("t1=")
    let t12 = FeatureHash("t12="), t1w = FeatureHash("t1w="), wm1 = FeatureHash("w-1="), wp1 = FeatureHash("w+1=")
    let wp2 = FeatureHash("w+2="), s3m1 = FeatureHash("s3-1="), s3p1 = FeatureHash("s3+1="), shape = FeatureHash("shape=")
    /// Whole features with few values, hashed once: cap=0F, 0M, 1F, 1M; hyph=0/1; digit=0/1.
    let cap = ["cap=0F", "cap=0M", "cap=1F", "cap=1M"].map { FeatureHash($0).value }
    let hyphZero = FeatureHash("hyph=0").value, hyphOne = FeatureHash("hyph=1").value
    let digitZero = FeatureHash("digit=0").value, digitOne = FeatureHash("digit=1").value
  }

  static let prefixes = Prefixes()

  /// Byte offsets where each Unicode scalar of UTF-8 `bytes` starts.
  static func scalarStarts(_ bytes: [UInt8]) -> [Int] {
    var starts: [Int] = []
    starts.reserveCapacity(bytes.count)
    for (k, byte) in bytes.enumerated() where byte & 0xC0 != 0x80 { starts.append(k) }
    return starts
  }

  static func last3(_ w: String) -> String { String(String.UnicodeScalarView(w.unicodeScalars.suffix(3))) }

  /// `shape(o)` as UTF-8 bytes in a reused buffer.
  static func shape(_ o: String, into buffer: inout [UInt8]) {
    buffer.removeAll(keepingCapacity: true)
    buffer.append(contentsOf: shape(o).utf8)
  }

  /// Lu → X, Ll → x, ASCII digit → d, other scalars kept; runs of one symbol longer than 2
  /// cut to 2 ("Paris" → "Xxx", "2019" → "dd").
  static func shape(_ o: String) -> String {
    var out = String.UnicodeScalarView()
    var last: Unicode.Scalar? = nil
    var run = 0
    for scalar in o.unicodeScalars {
      let mapped: Unicode.Scalar
      let v = scalar.value
      if v < 128 {
        // ASCII fast path (the Unicode property lookup showed in perf).
        mapped = v >= 65 && v <= 90 ? "X" : v >= 97 && v <= 122 ? "x" : v >= 48 && v <= 57 ? "d" : scalar
      } else {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter: mapped = "X"
        case .lowercaseLetter: mapped = "x"
        default: mapped = scalar
        }
      }
      if mapped == last {
        run += 1
        if run > 2 { continue }
      } else {
        run = 1
        last = mapped
      }
      out.append(mapped)
    }
    return String(out)
  }
}

private let frenchTagger = Result { () throws(TextError) -> Tagger in
  Tagger(model: try TaggerModel(file: DataFile.load("models/tagger-fr.bin")))
}
