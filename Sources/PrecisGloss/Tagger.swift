import CPrecisData
import PrecisText

/// A greedy left-to-right averaged-perceptron part-of-speech tagger (UD UPOS), trained on
/// UD French-Sequoia by `scripts/data/train_tagger.py`; its weights are compiled into Precis
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
  public var model: TaggerModel { parts.model }
  /// The model and what is computed from it, in one object: closures in `tag` copy one
  /// reference rather than a dozen for every word.
  private let parts: Parts

  private final class Parts: Sendable {
    let model: TaggerModel
    /// Score vectors that do not depend on the sentence, computed once (see `Vectors`).
    let vectors: Vectors
    /// Per word, the summed weights of the features that depend on that word alone (see
    /// `featureHashes`). A handful of words make most of any text, so this saves most of the
    /// model's table searches (2 a token rather than 19).
    let wordCache: VectorCache

    init(model: TaggerModel) {
      self.model = model
      vectors = Vectors(model: model)
      wordCache = VectorCache(width: Tagger.blockWidth(tags: model.tags.count), limit: 30_000)
    }
  }

  /// The French tagger, loaded on first use.
  public static func french() throws(TextError) -> Tagger { try frenchTagger.get() }

  /// Creates a tagger over a compiled model.
  public init(model: TaggerModel) {
    parts = Parts(model: model)
  }

  /// Tags a sentence. `words` are lower-cased with straight apostrophes; `originals` are the
  /// forms as written (for capitalisation and shape features).
  public func tag(_ words: [String], originals: [String]) -> [String] {
    let keys = words.indices.map { VectorCache.key(words[$0], original: originals[$0], same: words[$0].hasSameUTF8(as: originals[$0])) }
    let capitals = originals.map { Self.isCapitalized($0.unicodeScalars.first) }
    let tags = model.tags
    return tagIndices(
      keys: keys, capitals: capitals, segments: [keys.indices],
      matches: { $1 == VectorCache.WordKey(word: words[$0], original: originals[$0]) },
      strings: { (words[$0], originals[$0]) }
    ).map { tags[$0] }
  }

  /// Whether a word whose first scalar is `first` counts as capitalised (the cap feature):
  /// an upper-case letter (Lu).
  static func isCapitalized(_ first: Unicode.Scalar?) -> Bool {
    guard let first else { return false }
    if first.value < 0x80 { return first.value >= 65 && first.value <= 90 }
    return first.properties.generalCategory == .uppercaseLetter
  }

  /// Doubles in a word's block: its four vectors (see `featureHashes`), then where the model
  /// keeps the t1w weights of the word after each previous tag.
  static func blockWidth(tags: Int) -> Int { 4 * tags + tags + 1 }

  /// Tags a sentence given, for each word, its key (`VectorCache.key`) and whether it is
  /// capitalised as written; `segments` are the sentences: ranges of `keys` that cover them in
  /// order (several sentences in one call take the cache's lock and allocate once);
  /// `strings(i)` gives word `i` and its original, and is called only for words whose
  /// blocks the cache has not kept (so callers need not build the originals of every word);
  /// `matches(i, stored)` tells whether word `i` is the word a kept block with its key was
  /// made for. Returns indices into `model.tags`.
  func tagIndices(
    keys: [UInt64], capitals: [Bool], segments: [Range<Int>], matches: (Int, VectorCache.WordKey) -> Bool,
    strings: (Int) -> (word: String, original: String)
  ) -> [Int] {
    let parts = self.parts
    let model = parts.model, t = model.tags.count, v = parts.vectors
    var tags: [Int] = []
    tags.reserveCapacity(keys.count)
    var scores = [Double](repeating: 0, count: t)
    let compute = { (i: Int, block: UnsafeMutableBufferPointer<Double>) -> VectorCache.WordKey in
      let (word, original) = strings(i)
      Self.wordBlock(word, original: original, model: model, t1wStates: v.t1wStates, into: block)
      return VectorCache.WordKey(word: word, original: original)
    }
    // Each word's block (four vectors: its own features, and its features as the previous,
    // the next and the second next word; then its t1w weights) is read in place.
    parts.wordCache.withBlocks(for: keys, matches: matches, compute: compute) { blocks in
      v.boundary.withUnsafeBufferPointer { boundary in
        v.cap.withUnsafeBufferPointer { cap in
          v.tagPair.withUnsafeBufferPointer { pair in
            scores.withUnsafeMutableBufferPointer { out in
              guard let ends = boundary.baseAddress, let caps = cap.baseAddress, let pairs = pair.baseAddress else { return }
              let rows = ScoreRows(tags: t, boundary: ends, cap: caps, tagPair: pairs)
              for segment in segments {
                tagSentence(segment, blocks: blocks, capitals: capitals, rows: rows, scores: out, into: &tags)
              }
            }
          }
        }
      }
    }
    return tags
  }

  /// The sentence-independent score vectors of `Vectors`, read through pointers.
  private struct ScoreRows {
    let tags: Int
    let boundary: UnsafePointer<Double>, cap: UnsafePointer<Double>, tagPair: UnsafePointer<Double>
  }

  /// Tags the words `segment` (one sentence) whose blocks are `blocks`, appending each
  /// one's tag index to `tags`; `scores` is room for one score a tag.
  private func tagSentence(
    _ segment: Range<Int>, blocks block: [UnsafePointer<Double>], capitals: [Bool], rows: ScoreRows,
    scores out: UnsafeMutableBufferPointer<Double>, into tags: inout [Int]
  ) {
    guard let o = out.baseAddress else { return }
    let model = parts.model, t = rows.tags, ends = rows.boundary
    let first = segment.lowerBound, end = segment.upperBound
    var p1 = 0, p2 = 0  // tag index + 1; 0 is the sentence start ("<s>"; "<s2>" for p2 at the first word)
    for i in segment {
      // The block of the word four ahead requested now (its vectors and t1w places, 5 ×
      // tags doubles; in the next sentence too): blocks lie scattered over megabytes.
      if i + 4 < block.count {
        let ahead = UnsafeRawPointer(block[i + 4])
        var offset = 0
        while offset < 5 * t * 8 {
          precis_prefetch(ahead + offset)
          offset += 64
        }
      }
      let capRow = rows.cap + t * ((capitals[i] ? 2 : 0) + (i == first ? 0 : 1))
      let pairRow = rows.tagPair + t * (p1 * (t + 2) + (i == first ? 0 : p2 + 1))
      let own = block[i]
      let previous = i > first ? block[i - 1] + t : ends
      let next = i + 1 < end ? block[i + 1] + 2 * t : ends + t
      let next2 = i + 2 < end ? block[i + 2] + 3 * t : ends + 2 * t
      for k in 0..<t {
        o[k] = own[k] + capRow[k] + pairRow[k] + previous[k] + next[k] + next2[k]
      }
      // The t1w feature ("t1w=<previous tag> <word>"), found when the block was made.
      let t1w = Int(own[4 * t + p1])
      if t1w >= 0 { model.accumulate(first: t1w >> 16, count: t1w & 0xFFFF, into: out) }
      // The first highest score, chosen by selects rather than a branch a tag.
      var best = 0, bestScore = o[0]
      for k in 1..<t {
        let score = o[k], better = score > bestScore
        best = better ? k : best
        bestScore = better ? score : bestScore
      }
      tags.append(best)
      p2 = p1
      p1 = best + 1
    }
  }

  /// A word's block: the weights of its features (`featureHashes`), four vectors, then for
  /// each previous tag p1 (0 for "<s>", then the tags) where the model keeps the weights of
  /// "t1w=<p1> <word>", as first × 65,536 + count, or -1 when it has none (a hash and a
  /// probe of the model a token before).
  ///
  /// Written into `block` (zeros, `blockWidth` doubles, given by the caller): the word's
  /// bytes, scalar starts, shape and hashes live on the stack (five arrays a new word were a
  /// sixth of a cold pass's allocations, and the block's own array one more).
  static func wordBlock(
    _ word: String, original: String, model: TaggerModel, t1wStates: [UInt64], into block: UnsafeMutableBufferPointer<Double>
  ) {
    let t = model.tags.count, vectors = 4 * t
    precondition(block.count == vectors + t1wStates.count)
    var word = word
    word.withUTF8 { w in
      // The hashes of the word's features (`featureHashes`), then of its t1w pairs, looked
      // up together (`TaggerModel.locate`).
      let count = featureCount + t1wStates.count
      withUnsafeTemporaryAllocation(of: UInt64.self, capacity: count) { hashes in
        withUnsafeTemporaryAllocation(of: Int.self, capacity: featureCount) { targets in
          withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { places in
            featureHashes(w, original: original, hashes: hashes, vectors: targets)
            // Most words have no t1w feature in the model: their 19 hashes are not made.
            let t1w = model.mayHaveT1W(wordHash: FNV1a.hash(w))
            if t1w {
              for (k, state) in t1wStates.enumerated() {
                var hash = FeatureHash()
                hash.value = state
                hash.add(w)
                hashes[featureCount + k] = hash.value
              }
            }
            let asked = t1w ? count : featureCount
            model.locate(UnsafeBufferPointer(rebasing: hashes[..<asked]), into: places)
            for k in asked..<count { places[k] = -1 }
            for k in 0..<featureCount where places[k] >= 0 {
              let vector = UnsafeMutableBufferPointer(rebasing: block[(targets[k] * t)..<((targets[k] + 1) * t)])
              model.accumulate(first: places[k] >> 16, count: places[k] & 0xFFFF, into: vector)
            }
            for k in t1wStates.indices { block[vectors + k] = Double(places[featureCount + k]) }
          }
        }
      }
    }
  }

  /// Features a word has (see `featureHashes`).
  static let featureCount = 15

  /// The hashes of the features of one word (UTF-8 `w`, written `original`) into `hashes`,
  /// and the vector each adds to into `vectors` (`featureCount` of each): its own (0: bias,
  /// word, suffixes, prefix, shape, hyphen, digit), then as the previous word (1: w-1,
  /// s3-1), the next (2: w+1, s3+1) and the second next (3: w+2).
  static func featureHashes(
    _ w: UnsafeBufferPointer<UInt8>, original: String, hashes: UnsafeMutableBufferPointer<UInt64>,
    vectors: UnsafeMutableBufferPointer<Int>
  ) {
    let h = Self.prefixes
    withUnsafeTemporaryAllocation(of: Int.self, capacity: max(w.count, 1)) { startsBuffer in
      // Byte offsets where each Unicode scalar starts.
      var scalars = 0
      for (k, byte) in w.enumerated() where byte & 0xC0 != 0x80 {
        startsBuffer[scalars] = k
        scalars += 1
      }
      let starts = UnsafeBufferPointer(rebasing: startsBuffer[..<scalars])
      func suffix(_ n: Int) -> Slice<UnsafeBufferPointer<UInt8>> { starts.count > n ? w[starts[starts.count - n]...] : w[...] }
      let last3 = suffix(3)
      var k = 0
      func add(_ hash: UInt64, _ vector: Int) {
        hashes[k] = hash
        vectors[k] = vector
        k += 1
      }
      add(h.bias.value, 0)
      add(h.w.with(w), 0)
      add(h.s1.with(suffix(1)), 0)
      add(h.s2.with(suffix(2)), 0)
      add(h.s3.with(last3), 0)
      add(h.s4.with(suffix(4)), 0)
      add(h.p3.with(starts.count > 3 ? w[..<starts[3]] : w[...]), 0)
      var shapeHash = h.shape
      shape(original) { shapeHash.add($0) }
      add(shapeHash.value, 0)
      add(w.contains(45) ? h.hyphOne : h.hyphZero, 0)
      add(w.contains { $0 >= 48 && $0 <= 57 } ? h.digitOne : h.digitZero, 0)
      add(h.wm1.with(w), 1)
      add(h.s3m1.with(last3), 1)
      add(h.wp1.with(w), 2)
      add(h.s3p1.with(last3), 2)
      add(h.wp2.with(w), 3)
      assert(k == featureCount)
    }
  }

  /// A word's weights as the previous, next and second next word (3 × `tags.count`).
  static func contextVectors(_ w: [UInt8], model: TaggerModel) -> [Double] {
    let t = model.tags.count
    var out = [Double](repeating: 0, count: 3 * t)
    var hashes = [UInt64](repeating: 0, count: featureCount), targets = [Int](repeating: 0, count: featureCount)
    w.withUnsafeBufferPointer { w in
      hashes.withUnsafeMutableBufferPointer { hashes in
        targets.withUnsafeMutableBufferPointer { targets in
          featureHashes(w, original: String(decoding: w, as: UTF8.self), hashes: hashes, vectors: targets)
        }
      }
    }
    out.withUnsafeMutableBufferPointer { out in
      for (hash, vector) in zip(hashes, targets) where vector > 0 {
        model.accumulate(hash: hash, into: UnsafeMutableBufferPointer(rebasing: out[((vector - 1) * t)..<(vector * t)]))
      }
    }
    return out
  }

  /// Score vectors computed once per model: sentence boundaries as context words, the
  /// capitalisation feature, and the previous-tag features (t1, t12) for every pair of tags.
  struct Vectors: Sendable {
    /// "<s>" as the previous word, "</s>" as the next and as the second next: 3 × tags.
    let boundary: [Double]
    /// The cap feature's four values (cap=0F, 0M, 1F, 1M), each tags long.
    let cap: [Double]
    /// t1 + t12 for (previous tag p1, the one before p2), each tags long, at row
    /// p1 × (tags + 2) + p2, where p1 = 0 is "<s>" and tags follow; p2 = 0 is "<s2>", 1 is
    /// "<s>", then the tags.
    let tagPair: [Double]
    /// The t1w feature's hash state after "t1w=<previous tag> ", by p1 as above.
    let t1wStates: [UInt64]

    init(model: TaggerModel) {
      let t = model.tags.count, h = Tagger.prefixes
      func vector(_ hashes: [UInt64]) -> [Double] {
        var v = [Double](repeating: 0, count: t)
        for hash in hashes { model.accumulate(hash: hash, into: &v) }
        return v
      }
      let start = Array("<s>".utf8), start2 = Array("<s2>".utf8), end = Array("</s>".utf8)
      let endContext = Tagger.contextVectors(end, model: model)
      boundary = Array(Tagger.contextVectors(start, model: model)[0..<t]) + Array(endContext[t..<(3 * t)])
      cap = h.cap.flatMap { vector([$0]) }
      let tagBytes = model.tags.map { Array($0.utf8) }
      let firsts = [start] + tagBytes, seconds = [start2, start] + tagBytes
      var pairs: [Double] = []
      for p1 in firsts {
        for p2 in seconds {
          var t12 = h.t12
          t12.add(p1[...]); t12.add(32); t12.add(p2[...])
          pairs += vector([h.t1.with(p1[...]), t12.value])
        }
      }
      tagPair = pairs
      t1wStates = firsts.map { p1 in
        var state = h.t1w
        state.add(p1[...])
        state.add(32)
        return state.value
      }
    }
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

  /// The shape of `o`, its UTF-8 bytes given one by one to `byte` (no string is built):
  /// Lu → X, Ll → x, ASCII digit → d, other scalars kept; runs of one symbol longer than 2
  /// cut to 2 ("Paris" → "Xxx", "2019" → "dd").
  static func shape(_ o: String, _ byte: (UInt8) -> Void) {
    var last: Unicode.Scalar? = nil
    var run = 0
    for scalar in o.unicodeScalars {
      let mapped: Unicode.Scalar
      let v = scalar.value
      if v < 128 {
        // ASCII fast path, without the Unicode property lookup.
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
      if let encoded = UTF8.encode(mapped) { for unit in encoded { byte(unit) } }
    }
  }

}

private let frenchTagger = Result { () throws(TextError) -> Tagger in
  Tagger(model: try TaggerModel(file: DataFile.load("models/tagger-fr.bin")))
}
