import CPrecisData
import PrecisText

/// The weights of an averaged-perceptron part-of-speech tagger in a compact binary layout
/// that is used in place (compiled into Precis, nothing parsed at start-up).
///
/// Layout (little-endian), built by `precis-train compile-tagger` from the trainer's TSV:
/// ```text
/// "PRTG"  u32 version=1  u32 tagCount  u32 slotCount (power of 2)  u32 weightCount
/// tag names: tagCount × 8 bytes, NUL-padded ASCII
/// slots: slotCount × { u64 featureHash (0 = empty)  u32 firstWeight  u32 weightCount }
/// weights: weightCount × { u32 tag  f32 weight }
/// ```
/// Features are hashed with 64-bit FNV-1a over their UTF-8 bytes; open addressing with
/// linear probing. A 64-bit hash makes a collision between two of a few hundred thousand
/// feature strings vanishingly unlikely, so keys are not stored.
public struct TaggerModel: Sendable {
  /// The highest layout version this code reads.
  public static let supportedVersion: UInt32 = 2
  /// The tags, in the trainer's order (ties go to the first).
  public let tags: [String]
  private let file: DataFile
  private let slotCount: Int
  private let slotsOffset: Int
  private let weightsOffset: Int
  private let weightCount: Int
  /// Two bits a feature, from its hash: a probe of the 512 KiB slot table misses the cache,
  /// and most of a
  /// new word's features (its t1w pairs, its context features) are not in the model. The
  /// filter is 32 KiB and lets about one absent feature in 70 through.
  private let filter: HashFilter
  /// The words that have a t1w feature ("t1w=<previous tag> <word>"), by the FNV-1a of
  /// their bytes (version 2 and later; nil before). About 1,500 words have one: a new word
  /// without is spared hashing itself after each of the 19 previous tags and probing for
  /// each.
  private let t1wWords: HashFilter?

  /// Reads the header of a compiled model.
  ///
  /// - Throws: `TextError.badData` for a file that is not a tagger model, of a newer
  ///   version, or truncated.
  public init(file: DataFile) throws(TextError) {
    self.file = file
    let b = file.bytes
    guard b.count >= 20, b[0] == 0x50, b[1] == 0x52, b[2] == 0x54, b[3] == 0x47 else {
      throw .badData(path: file.path, line: 0, problem: "not a compiled Precis tagger model")
    }
    let version = Self.u32(b, 4)
    guard version <= Self.supportedVersion else {
      throw .badData(path: file.path, line: 0, problem: "tagger model version \(version) is newer than this Precis reads (\(Self.supportedVersion))")
    }
    let tagCount = Int(Self.u32(b, 8))
    slotCount = Int(Self.u32(b, 12))
    weightCount = Int(Self.u32(b, 16))
    var tags: [String] = []
    for t in 0..<tagCount {
      let start = 20 + 8 * t
      guard start + 8 <= b.count else { throw .badData(path: file.path, line: 0, problem: "truncated tag table") }
      tags.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<(start + 8)]).prefix { $0 != 0 }, as: UTF8.self))
    }
    self.tags = tags
    slotsOffset = 20 + 8 * tagCount
    weightsOffset = slotsOffset + 16 * slotCount
    guard slotCount > 0, slotCount & (slotCount - 1) == 0, weightsOffset + 8 * weightCount <= b.count else {
      throw .badData(path: file.path, line: 0, problem: "truncated or inconsistent tagger model")
    }
    var filter = HashFilter(slots: slotCount)
    for slot in 0..<slotCount {
      let hash = Self.u64(b, slotsOffset + 16 * slot)
      if hash != 0 { filter.insert(hash) }
    }
    self.filter = filter
    // Version 2: after the weights, the t1w words' filter (its count of 64-bit words, then them).
    var t1wWords: HashFilter?
    let filterOffset = weightsOffset + 8 * weightCount
    if version >= 2 {
      guard filterOffset + 4 <= b.count else { throw .badData(path: file.path, line: 0, problem: "truncated t1w word filter") }
      let count = Int(Self.u32(b, filterOffset))
      guard count > 0, count & (count - 1) == 0, filterOffset + 4 + 8 * count <= b.count else {
        throw .badData(path: file.path, line: 0, problem: "truncated or inconsistent t1w word filter")
      }
      t1wWords = HashFilter(words: (0..<count).map { Self.u64(b, filterOffset + 4 + 8 * $0) })
    }
    self.t1wWords = t1wWords
  }

  /// False when no t1w feature of the word whose FNV-1a is `wordHash` is in the model.
  @inline(__always)
  func mayHaveT1W(wordHash: UInt64) -> Bool { t1wWords?.mayContain(wordHash) ?? true }

  /// Adds the weights of the feature whose FNV-1a hash is `hash` (see `FeatureHash`).
  @inline(__always)
  public func accumulate(hash rawHash: UInt64, into scores: inout [Double]) {
    scores.withUnsafeMutableBufferPointer { accumulate(hash: rawHash, into: $0) }
  }

  /// Adds the weights of the feature whose hash is `rawHash` to `out` (one score a tag).
  @inline(__always)
  func accumulate(hash rawHash: UInt64, into out: UnsafeMutableBufferPointer<Double>) {
    if let (first, count) = weights(hash: rawHash) { accumulate(first: first, count: count, into: out) }
  }

  /// Where the weights of the feature whose hash is `rawHash` are, as (first, count), or
  /// nil when the model has no such feature.
  @inline(__always)
  public func weights(hash rawHash: UInt64) -> (first: Int, count: Int)? {
    let hash = rawHash == 0 ? 1 : rawHash
    guard filter.mayContain(hash), let base = file.bytes.baseAddress else { return nil }
    let raw = UnsafeRawPointer(base)
    let mask = slotCount - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let offset = slotsOffset + 16 * slot
      // Little-endian loads straight from the embedded bytes (x86-64 and arm64 are both
      // little-endian; the layout is defined little-endian).
      let stored = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
      if stored == 0 { return nil }
      if stored == hash {
        let first = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)))
        let count = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
        return (first, count)
      }
      slot = (slot + 1) & mask
    }
  }

  /// `weights(hash:)` of every hash in `hashes`, written to `places` as first × 65,536 +
  /// count, or -1 for a feature the model lacks (or one too large for that encoding). The
  /// probes overlap: every slot is requested before any is read, then every weight row
  /// before it is added. A new word's block takes about 35 lookups, which one after the
  /// other would each wait on memory.
  func locate(_ hashes: UnsafeBufferPointer<UInt64>, into places: UnsafeMutableBufferPointer<Int>) {
    guard let base = file.bytes.baseAddress else {
      for k in places.indices { places[k] = -1 }
      return
    }
    let raw = UnsafeRawPointer(base), mask = slotCount - 1
    for (k, rawHash) in hashes.enumerated() {
      let hash = rawHash == 0 ? 1 : rawHash
      places[k] = filter.mayContain(hash) ? 0 : -1
      if places[k] == 0 { precis_prefetch(raw + slotsOffset + 16 * (Int(truncatingIfNeeded: hash) & mask)) }
    }
    for (k, hash) in hashes.enumerated() where places[k] == 0 {
      if let (first, count) = weights(hash: hash), count < 0x10000, first < 1 << 36 {
        places[k] = first << 16 | count
        precis_prefetch(raw + weightsOffset + 8 * first)
      } else {
        places[k] = -1
      }
    }
  }

  /// Adds the weights `first..<(first + count)` (from `weights(hash:)`) to `out`.
  @inline(__always)
  func accumulate(first: Int, count: Int, into out: UnsafeMutableBufferPointer<Double>) {
    guard let base = file.bytes.baseAddress, first >= 0, count >= 0, weightsOffset + 8 * (first + count) <= file.bytes.count else { return }
    let raw = UnsafeRawPointer(base)
    for w in first..<(first + count) {
      let at = weightsOffset + 8 * w
      let tag = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
      let weight = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at + 4, as: UInt32.self)))
      if tag < out.count { out[tag] += Double(weight) }
    }
  }

  /// 64-bit FNV-1a of the string's UTF-8 bytes, never 0 (0 marks an empty slot).
  public static func fnv1a(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    return hash == 0 ? 1 : hash
  }

  /// Compiles the trainer's TSV (`feature<TAB>tag<TAB>weight` lines, `# tags: A,B,…`
  /// header) into the binary layout.
  ///
  /// - Throws: `TextError.badData` naming the line of an unknown tag or a bad weight.
  public static func compile(tsv: DataFile) throws(TextError) -> [UInt8] {
    guard let tagLine = tsv.header("tags") else { throw .badData(path: tsv.path, line: 1, problem: "missing \"# tags:\" header") }
    let tags = tagLine.split(separator: ",").map(String.init)
    var byFeature: [String: [(UInt32, Float)]] = [:]
    var order: [String] = []
    for (number, line) in tsv.lines() {
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
      guard fields.count == 3, let tag = tags.firstIndex(of: String(fields[1])), let weight = Float(String(fields[2])) else {
        throw .badData(path: tsv.path, line: number, problem: "expected feature<TAB>tag<TAB>weight with a known tag")
      }
      let feature = String(fields[0])
      if byFeature[feature] == nil { order.append(feature) }
      byFeature[feature, default: []].append((UInt32(tag), weight))
    }
    var slotCount = 1
    while slotCount < order.count * 2 { slotCount <<= 1 }
    let t1wWords = Set(order.compactMap { feature -> String? in
      guard feature.hasPrefix("t1w="), let space = feature.firstIndex(of: " ") else { return nil }
      return String(feature[feature.index(after: space)...])
    })
    var wordSlots = 64
    while wordSlots < t1wWords.count * 2 { wordSlots <<= 1 }
    var wordFilter = HashFilter(slots: wordSlots)
    for word in t1wWords { wordFilter.insert(FNV1a.hash(utf8Of: word)) }
    var slots = [(hash: UInt64, first: UInt32, count: UInt32)](repeating: (0, 0, 0), count: slotCount)
    var weights: [(UInt32, Float)] = []
    for feature in order {
      let hash = fnv1a(feature)
      var slot = Int(truncatingIfNeeded: hash) & (slotCount - 1)
      while slots[slot].hash != 0 {
        if slots[slot].hash == hash { throw .badData(path: tsv.path, line: 0, problem: "hash collision on feature \(feature)") }
        slot = (slot + 1) & (slotCount - 1)
      }
      let list = byFeature[feature] ?? []
      slots[slot] = (hash, UInt32(weights.count), UInt32(list.count))
      weights += list
    }
    var out: [UInt8] = Array("PRTG".utf8)
    func put32(_ v: UInt32) { for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(k)))) } }
    func put64(_ v: UInt64) { for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(k)))) } }
    put32(supportedVersion)
    put32(UInt32(tags.count))
    put32(UInt32(slotCount))
    put32(UInt32(weights.count))
    for tag in tags { out += Array(tag.utf8.prefix(8)) + Array(repeating: 0, count: 8 - min(8, tag.utf8.count)) }
    for slot in slots {
      put64(slot.hash)
      put32(slot.first)
      put32(slot.count)
    }
    for (tag, weight) in weights {
      put32(tag)
      put32(weight.bitPattern)
    }
    put32(UInt32(wordFilter.words.count))
    for word in wordFilter.words { put64(word) }
    return out
  }

  @inline(__always)
  static func u32(_ b: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32 {
    UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
  }

  @inline(__always)
  static func u64(_ b: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt64 {
    UInt64(u32(b, at)) | UInt64(u32(b, at + 4)) << 32
  }
}

/// The tagger's feature hash: 64-bit FNV-1a (see `FNV1a`), so that a feature such as
/// "w=" + word can be hashed without building the string (the tagger's hot path).
public typealias FeatureHash = FNV1a
