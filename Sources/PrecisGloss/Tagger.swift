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
  public let model: TaggerModel

  /// The French tagger, loaded on first use.
  public static func french() throws(TextError) -> Tagger { try frenchTagger.get() }

  /// Creates a tagger over a compiled model.
  public init(model: TaggerModel) { self.model = model }

  /// Tags a sentence. `words` are lower-cased with straight apostrophes; `originals` are the
  /// forms as written (for capitalisation and shape features).
  public func tag(_ words: [String], originals: [String]) -> [String] {
    var tags: [String] = []
    tags.reserveCapacity(words.count)
    var p1 = "<s>", p2 = "<s2>"
    var scores = [Double](repeating: 0, count: model.tags.count)
    func word(_ k: Int) -> String { k < 0 ? "<s>" : k >= words.count ? "</s>" : words[k] }
    for i in words.indices {
      for t in scores.indices { scores[t] = 0 }
      let w = words[i]
      let o = originals[i]
      let scalars = Array(w.unicodeScalars)
      func suffix(_ n: Int) -> String { String(String.UnicodeScalarView(scalars.suffix(n))) }
      let features = [
        "b", "w=" + w, "s1=" + suffix(1), "s2=" + suffix(2), "s3=" + suffix(3), "s4=" + suffix(4),
        "p3=" + String(String.UnicodeScalarView(scalars.prefix(3))),
        "t1=" + p1, "t12=" + p1 + " " + p2, "t1w=" + p1 + " " + w,
        "w-1=" + word(i - 1), "w+1=" + word(i + 1), "w+2=" + word(i + 2),
        "s3-1=" + Self.last3(word(i - 1)), "s3+1=" + Self.last3(word(i + 1)),
        "shape=" + Self.shape(o),
        "cap=" + (o.unicodeScalars.first?.properties.generalCategory == .uppercaseLetter ? "1" : "0") + (i == 0 ? "F" : "M"),
        "hyph=" + (w.contains("-") ? "1" : "0"),
        "digit=" + (w.utf8.contains { $0 >= 48 && $0 <= 57 } ? "1" : "0"),
      ]
      for feature in features { model.accumulate(feature, into: &scores) }
      var best = 0
      for t in scores.indices where scores[t] > scores[best] { best = t }
      let tag = model.tags[best]
      tags.append(tag)
      p2 = p1
      p1 = tag
    }
    return tags
  }

  static func last3(_ w: String) -> String { String(String.UnicodeScalarView(w.unicodeScalars.suffix(3))) }

  /// Lu → X, Ll → x, ASCII digit → d, other scalars kept; runs of one symbol longer than 2
  /// cut to 2 ("Paris" → "Xxx", "2019" → "dd").
  static func shape(_ o: String) -> String {
    var out = String.UnicodeScalarView()
    var last: Unicode.Scalar? = nil
    var run = 0
    for scalar in o.unicodeScalars {
      let mapped: Unicode.Scalar
      switch scalar.properties.generalCategory {
      case .uppercaseLetter: mapped = "X"
      case .lowercaseLetter: mapped = "x"
      default: mapped = ("0"..."9").contains(scalar) ? "d" : scalar
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
