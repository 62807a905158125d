import PrecisText

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Scores sentences with a small gradient-boosted ranking model trained on OrangeSum
/// (`models/scorer-fr.txt`, built by `scripts/data/train_scorer.py` from the features that
/// `SentenceFeatures` computes). The default scorer of `precis summarize`.
public struct LearnedScorer: SentenceScorer {
  public static let name = "learned"
  /// The model.
  public let model: ScorerModel

  /// Creates the scorer with the French model compiled into Precis.
  ///
  /// - Throws: `TextError.missingData` or `.badData` when the model file is missing,
  ///   corrupt or of a newer version.
  public init() throws(TextError) { model = try ScorerModel.french() }

  /// Creates the scorer with an explicit model.
  public init(model: ScorerModel) { self.model = model }

  public func scores(for document: Document, context: ScoringContext) -> [Double] {
    SentenceFeatures.rows(for: context).map { model.predict($0) }
  }
}

/// A gradient-boosted tree ensemble read from LightGBM's text model format, behind a
/// Precis header:
///
/// ```text
/// # precis-scorer version: 1
/// # features: position,relativePosition,…
/// tree
/// …LightGBM model_to_string() output: Tree=0, split_feature=…, threshold=…,
///   left_child=…, right_child=…, leaf_value=…
/// ```
///
/// Only numerical splits are supported (the trainer uses no categorical features); a value
/// goes left when it is at most the threshold. The model's features are mapped by name to
/// `SentenceFeatures.names`, so a model trained without some features still loads.
public struct ScorerModel: Sendable {
  /// The highest `precis-scorer version` this code reads.
  public static let supportedVersion = 1

  struct Tree: Sendable {
    var feature: [Int32] = []
    var threshold: [Double] = []
    var left: [Int32] = []
    var right: [Int32] = []
    var leaf: [Double] = []
  }

  /// All trees flattened: internal nodes (feature as an index into a `SentenceFeatures`
  /// row, threshold, children: >= 0 a node, < 0 the complement of a leaf) and leaves.
  /// Contiguous arrays keep prediction free of reference counting (an array of per-tree
  /// structs costs more in retain/release than the comparisons).
  let nodeFeature: [Int32]
  let nodeThreshold: [Double]
  let nodeLeft: [Int32]
  let nodeRight: [Int32]
  let leafValue: [Double]
  /// Each tree's root, encoded as a child.
  let roots: [Int32]
  /// Number of trees.
  public var treeCount: Int { roots.count }
  /// The file's `# version:` value, part of cache keys.
  public let version: String

  /// The French model, loaded on first use.
  public static func french() throws(TextError) -> ScorerModel { try frenchModel.get() }

  init(
    nodeFeature: [Int32], nodeThreshold: [Double], nodeLeft: [Int32], nodeRight: [Int32], leafValue: [Double],
    roots: [Int32], version: String
  ) {
    (self.nodeFeature, self.nodeThreshold, self.nodeLeft, self.nodeRight) = (nodeFeature, nodeThreshold, nodeLeft, nodeRight)
    (self.leafValue, self.roots, self.version) = (leafValue, roots, version)
  }

  /// Parses a model file.
  ///
  /// - Throws: `TextError.badData` naming the line at fault, for a newer format version,
  ///   an unknown feature, a categorical split or a malformed tree.
  public init(file: DataFile) throws(TextError) {
    let path = file.path
    guard let formatText = file.header("precis-scorer version"), let format = Int(formatText) else {
      throw .badData(path: path, line: 1, problem: "not a Precis scorer model (no \"# precis-scorer version: N\" header)")
    }
    guard format <= Self.supportedVersion else {
      throw .badData(path: path, line: 1, problem: "model format version \(format) is newer than this Precis reads (\(Self.supportedVersion)); update Precis")
    }
    guard let featureList = file.header("features") else {
      throw .badData(path: path, line: 1, problem: "missing \"# features:\" header")
    }
    var indices: [Int] = []
    for name in featureList.split(separator: ",") {
      guard let index = SentenceFeatures.names.firstIndex(of: String(name)) else {
        throw .badData(path: path, line: 1, problem: "the model uses feature \"\(name)\", which this version of Precis does not compute")
      }
      indices.append(index)
    }
    version = file.header("version") ?? "0"
    var trees: [Tree] = []
    var current: Tree?
    var leaves = 0
    func finish(_ line: Int) throws(TextError) {
      guard let tree = current else { return }
      let internalNodes = tree.feature.count
      guard tree.leaf.count == leaves, tree.threshold.count == internalNodes, tree.left.count == internalNodes,
        tree.right.count == internalNodes, leaves == internalNodes + 1,
        tree.feature.allSatisfy({ $0 >= 0 && Int($0) < indices.count }),
        (tree.left + tree.right).allSatisfy({ $0 < 0 ? Int(~$0) < leaves : Int($0) < internalNodes })
      else { throw .badData(path: path, line: line, problem: "malformed tree \(trees.count)") }
      trees.append(tree)
      current = nil
    }
    // Parsed on bytes with strtod/strtol: this runs at every start-up, where going through
    // String and Double(String) takes milliseconds for a 300-tree model.
    let bytes = file.bytes
    guard let base = bytes.baseAddress else { throw .missingData(path: path) }
    var offset = 0
    var number = 0
    while offset < bytes.count {
      number += 1
      let lineStart = offset
      while offset < bytes.count && bytes[offset] != 10 { offset += 1 }
      let lineEnd = offset
      offset += 1
      guard lineEnd > lineStart, bytes[lineStart] != UInt8(ascii: "#") else { continue }
      let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
      if line.starts(with: Self.treeKey) {
        try finish(number)
        current = Tree()
        leaves = 0
        continue
      }
      if line.starts(with: Self.endKey) { break }
      guard current != nil, let equals = line.firstIndex(of: UInt8(ascii: "=")) else { continue }
      let key = String(decoding: UnsafeBufferPointer(rebasing: line[..<equals]), as: UTF8.self)
      guard Self.keys.contains(key) else { continue }
      let values = try Self.numbers(base, from: lineStart + equals + 1, to: lineEnd, path: path, line: number)
      // The values as whole numbers: converting one that is not, or is out of range, traps.
      func integers() throws(TextError) -> [Int32] {
        try values.map { (value) throws(TextError) -> Int32 in
          guard let integer = Int32(exactly: value) else {
            throw .badData(path: path, line: number, problem: "expected a whole number, found \(value)")
          }
          return integer
        }
      }
      switch key {
      case "num_leaves": leaves = Int(try integers().first ?? 0)
      case "split_feature": current?.feature = try integers()
      case "threshold": current?.threshold = values
      case "left_child": current?.left = try integers()
      case "right_child": current?.right = try integers()
      case "leaf_value": current?.leaf = values
      case "decision_type":
        // Bit 0 set means a categorical split, which this reader does not implement.
        if try integers().contains(where: { $0 & 1 == 1 }) {
          throw .badData(path: path, line: number, problem: "categorical splits are not supported")
        }
      default: break
      }
    }
    try finish(0)
    guard !trees.isEmpty else { throw .badData(path: path, line: 1, problem: "the model has no trees") }
    var feature: [Int32] = [], threshold: [Double] = [], left: [Int32] = [], right: [Int32] = []
    var leafValues: [Double] = [], roots: [Int32] = []
    for tree in trees {
      let nodeBase = Int32(feature.count), leafBase = Int32(leafValues.count)
      func child(_ c: Int32) -> Int32 { c >= 0 ? nodeBase + c : ~(leafBase + ~c) }
      roots.append(tree.feature.isEmpty ? ~leafBase : nodeBase)
      feature += tree.feature.map { Int32(indices[Int($0)]) }
      threshold += tree.threshold
      left += tree.left.map(child)
      right += tree.right.map(child)
      leafValues += tree.leaf
    }
    (nodeFeature, nodeThreshold, nodeLeft, nodeRight, leafValue, self.roots) = (feature, threshold, left, right, leafValues, roots)
  }

  private static let treeKey = Array("Tree=".utf8)
  private static let endKey = Array("end of trees".utf8)
  private static let keys: Set<String> = ["num_leaves", "split_feature", "threshold", "left_child", "right_child", "leaf_value", "decision_type"]

  /// Space-separated numbers between `from` and `to` (a line's values).
  private static func numbers(_ base: UnsafePointer<UInt8>, from: Int, to: Int, path: String, line: Int) throws(TextError) -> [Double] {
    var values: [Double] = []
    var position = from
    while position < to {
      if base[position] == 32 { position += 1; continue }
      let start = UnsafeMutableRawPointer(mutating: base + position).assumingMemoryBound(to: CChar.self)
      var end: UnsafeMutablePointer<CChar>? = nil
      let value = strtod(start, &end)
      guard let end, end != start else {
        throw .badData(path: path, line: line, problem: "expected a number at column \(position - from + 1)")
      }
      values.append(value)
      position += end - start
    }
    return values
  }

  /// The model's score for one row of `SentenceFeatures` (all features, in their order);
  /// 0 for a row too short to hold them.
  ///
  /// Trees are walked four at a time, each step chosen without a branch: one tree at a
  /// time, every step waits for the previous one and half the comparisons mispredict. Leaves are
  /// added in the trees' order, so the sum is the same to the last bit.
  public func predict(_ row: [Double]) -> Double {
    guard row.count >= SentenceFeatures.names.count else { return 0 }
    return row.withUnsafeBufferPointer { x in
      nodeFeature.withUnsafeBufferPointer { feature in
        nodeThreshold.withUnsafeBufferPointer { threshold in
          nodeLeft.withUnsafeBufferPointer { left in
            nodeRight.withUnsafeBufferPointer { right in
              // One step down from `node`; a leaf (negative) stays where it is.
              @inline(__always) func step(_ node: Int32) -> Int32 {
                let n = Int(max(node, 0))
                let next = x[Int(feature[n])] <= threshold[n] ? left[n] : right[n]
                return node >= 0 ? next : node
              }
              var sum = 0.0
              var t = 0
              if !feature.isEmpty {
                while t + 4 <= roots.count {
                  var a = roots[t], b = roots[t + 1], c = roots[t + 2], d = roots[t + 3]
                  while (a & b & c & d) >= 0 {  // until all four are leaves
                    a = step(a)
                    b = step(b)
                    c = step(c)
                    d = step(d)
                  }
                  sum += leafValue[Int(~a)]
                  sum += leafValue[Int(~b)]
                  sum += leafValue[Int(~c)]
                  sum += leafValue[Int(~d)]
                  t += 4
                }
              }
              for root in roots[t...] {
                var node = root
                while node >= 0 { node = step(node) }
                sum += leafValue[Int(~node)]
              }
              return sum
            }
          }
        }
      }
    }
  }
}

private let frenchModel = Result { () throws(TextError) -> ScorerModel in
  try ScorerModel(binary: DataFile.load("models/scorer-fr.bin"))
}

// MARK: - Compiled form

extension ScorerModel {
  /// The model's trees in a binary layout read without parsing numbers (a one-article
  /// `precis summarize` spent 0.85 ms parsing the text model). Built by
  /// `precis-train compile-scorer`; a test checks that the committed binary is the
  /// compilation of the committed text.
  ///
  /// Layout (little-endian): "PRSC", u32 layout version 1, u32 nodes, u32 leaves, u32 trees,
  /// u32 byte length + UTF-8 model version, u32 byte length + UTF-8 comma-separated feature
  /// names, then i32 node feature (index into those names), f64 thresholds, i32 left,
  /// i32 right, f64 leaf values, i32 roots.
  public func compiled() -> [UInt8] {
    var out = Array("PRSC".utf8)
    func u32(_ v: UInt32) { for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(k)))) } }
    func u64(_ v: UInt64) { for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(k)))) } }
    func text(_ s: String) {
      u32(UInt32(s.utf8.count))
      out += Array(s.utf8)
    }
    u32(1)
    u32(UInt32(nodeFeature.count))
    u32(UInt32(leafValue.count))
    u32(UInt32(roots.count))
    text(version)
    // Only the features the model uses, in SentenceFeatures order.
    let used = Array(Set(nodeFeature)).sorted()
    text(used.map { SentenceFeatures.names[Int($0)] }.joined(separator: ","))
    for f in nodeFeature { u32(UInt32(bitPattern: Int32(used.firstIndex(of: f) ?? 0))) }
    for t in nodeThreshold { u64(t.bitPattern) }
    for l in nodeLeft { u32(UInt32(bitPattern: l)) }
    for r in nodeRight { u32(UInt32(bitPattern: r)) }
    for v in leafValue { u64(v.bitPattern) }
    for r in roots { u32(UInt32(bitPattern: r)) }
    return out
  }

  /// Reads a compiled model (see `compiled()`).
  ///
  /// - Throws: `TextError.badData` for a file that is not a compiled scorer, of a newer
  ///   layout, truncated, or naming a feature this Precis does not compute.
  public init(binary file: DataFile) throws(TextError) {
    let b = file.bytes
    var offset = 0
    func fail(_ problem: String) -> TextError { .badData(path: file.path, line: 0, problem: problem) }
    func u32() throws(TextError) -> UInt32 {
      guard offset + 4 <= b.count else { throw fail("truncated compiled model") }
      defer { offset += 4 }
      return UInt32(b[offset]) | UInt32(b[offset + 1]) << 8 | UInt32(b[offset + 2]) << 16 | UInt32(b[offset + 3]) << 24
    }
    func u64() throws(TextError) -> UInt64 { UInt64(try u32()) | UInt64(try u32()) << 32 }
    func text() throws(TextError) -> String {
      let n = Int(try u32())
      guard offset + n <= b.count else { throw fail("truncated compiled model") }
      defer { offset += n }
      return String(decoding: UnsafeBufferPointer(rebasing: b[offset..<(offset + n)]), as: UTF8.self)
    }
    guard b.count >= 4, b[0] == 0x50, b[1] == 0x52, b[2] == 0x53, b[3] == 0x43 else { throw fail("not a compiled Precis scorer model") }
    offset = 4
    let layout = try u32()
    guard layout <= 1 else { throw fail("compiled model layout \(layout) is newer than this Precis reads (1); update Precis") }
    let nodes = Int(try u32()), leaves = Int(try u32()), trees = Int(try u32())
    let version = try text()
    var mapping: [Int32] = []
    for name in try text().split(separator: ",") {
      guard let index = SentenceFeatures.names.firstIndex(of: String(name)) else {
        throw fail("the model uses feature \"\(name)\", which this version of Precis does not compute")
      }
      mapping.append(Int32(index))
    }
    var feature: [Int32] = [], threshold: [Double] = [], left: [Int32] = [], right: [Int32] = []
    var leafValues: [Double] = [], roots: [Int32] = []
    for _ in 0..<nodes {
      let f = Int(try u32())
      guard f < mapping.count else { throw fail("feature index out of range") }
      feature.append(mapping[f])
    }
    for _ in 0..<nodes { threshold.append(Double(bitPattern: try u64())) }
    for _ in 0..<nodes { left.append(Int32(bitPattern: try u32())) }
    for _ in 0..<nodes { right.append(Int32(bitPattern: try u32())) }
    for _ in 0..<leaves { leafValues.append(Double(bitPattern: try u64())) }
    for _ in 0..<trees { roots.append(Int32(bitPattern: try u32())) }
    let childOK = { (c: Int32) in c >= 0 ? Int(c) < nodes : Int(~c) < leaves }
    guard trees > 0, (left + right + roots).allSatisfy(childOK) else { throw fail("malformed compiled model") }
    self.init(
      nodeFeature: feature, nodeThreshold: threshold, nodeLeft: left, nodeRight: right, leafValue: leafValues, roots: roots,
      version: version)
  }
}
