import PrecisText

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Scores sentences with a small gradient-boosted ranking model trained on OrangeSum
/// (`models/scorer-fr.txt`, built by `scripts/train_scorer.py` from the features that
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
  /// Contiguous arrays keep prediction free of reference counting (measured: walking an
  /// array of per-tree structs cost more in retain/release than the comparisons).
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
    // Parsed on bytes with strtod/strtol: this runs at every start-up, and going through
    // String and Double(String) cost 20 ms for a 300-tree model (measured).
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
      switch key {
      case "num_leaves": leaves = Int(values.first ?? 0)
      case "split_feature": current?.feature = values.map { Int32($0) }
      case "threshold": current?.threshold = values
      case "left_child": current?.left = values.map { Int32($0) }
      case "right_child": current?.right = values.map { Int32($0) }
      case "leaf_value": current?.leaf = values
      case "decision_type":
        // Bit 0 set means a categorical split, which this reader does not implement.
        if values.contains(where: { Int($0) & 1 == 1 }) {
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

  /// The model's score for one row of `SentenceFeatures` (all features, in their order).
  public func predict(_ row: [Double]) -> Double {
    row.withUnsafeBufferPointer { x in
      nodeFeature.withUnsafeBufferPointer { feature in
        nodeThreshold.withUnsafeBufferPointer { threshold in
          nodeLeft.withUnsafeBufferPointer { left in
            nodeRight.withUnsafeBufferPointer { right in
              var sum = 0.0
              for root in roots {
                var node = root
                while node >= 0 {
                  let n = Int(node)
                  node = x[Int(feature[n])] <= threshold[n] ? left[n] : right[n]
                }
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
  try ScorerModel(file: DataFile.load("models/scorer-fr.txt"))
}
