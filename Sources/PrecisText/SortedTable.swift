import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A text table whose data lines are sorted by their first field (`key<TAB>…`, compared as
/// UTF-8 bytes), searched in place by binary search over byte offsets. Loading costs
/// nothing — no dictionary, no index — which keeps one-article runs of `precis` fast. Used
/// for the document frequencies, the lemma table and the bilingual lexicon.
///
/// A table shipped with a hash index (`TableIndex`, built by `precis-train index-table`)
/// is searched through it. Otherwise, a process that searches a table thousands of times (a
/// batch meets each new word once) gets a sparse index after `SparseIndex.threshold`
/// searches: the first 16 bytes of every 32nd key, side by side in one small array. A search
/// bisects that array, then one block of 32 lines; a plain binary search of the 15 MB lemma
/// table touches about 20 lines on as many memory pages.
public struct SortedTable: Sendable {
  /// The file.
  public let file: DataFile
  /// Byte offset where the data lines start (after the leading `#` comments).
  public let dataStart: Int
  private let index = SparseIndex()
  private let hashIndex: TableIndex?

  /// Wraps `file`; the leading comment and blank lines are skipped. `index` is the table's
  /// hash index file, used when it matches `file` (see `TableIndex`).
  public init(file: DataFile, index: DataFile? = nil) {
    self.file = file
    hashIndex = index.flatMap { TableIndex($0, table: file.bytes) }
    let bytes = file.bytes
    var offset = 0
    while offset < bytes.count && (bytes[offset] == UInt8(ascii: "#") || bytes[offset] == 10) {
      while offset < bytes.count && bytes[offset] != 10 { offset += 1 }
      offset += 1
    }
    dataStart = min(offset, bytes.count)
  }

  /// Compares `key` with the first field of the line at `start`: < 0 when the key sorts
  /// first, 0 when equal.
  @inline(__always)
  private func compare(_ key: UnsafeBufferPointer<UInt8>, lineAt start: Int, lineEnd: Int) -> Int {
    let bytes = file.bytes
    var i = 0
    while true {
      let b: UInt8 = start + i < lineEnd ? bytes[start + i] : 9
      if i == key.count { return b == 9 ? 0 : -1 }
      if b == 9 { return 1 }
      if key[i] != b { return key[i] < b ? -1 : 1 }
      i += 1
    }
  }

  private func lineBounds(around position: Int, low: Int) -> (start: Int, end: Int) {
    let bytes = file.bytes
    var start = position
    while start > low && bytes[start - 1] != 10 { start -= 1 }
    var end = position
    while end < bytes.count && bytes[end] != 10 { end += 1 }
    return (start, end)
  }

  /// Starts loading what a search for the key whose FNV-1a is `hash` reads first: its
  /// index bucket (`stage` 0), then, a while later, the bucket's entries (`stage` 1). A hint
  /// only; nothing without a hash index.
  public func prefetch(hash: UInt64, stage: Int) {
    hashIndex?.prefetch(hash: hash, stage: stage)
  }

  /// Whether the table is searched through a hash index (see `TableIndex`).
  public var isIndexed: Bool { hashIndex != nil }

  /// Byte range of some line whose key equals `key`, or nil; `hash` is the FNV-1a of the
  /// key's bytes when known.
  private func findLine(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64? = nil) -> (start: Int, end: Int)? {
    if let hashIndex {
      let bytes = file.bytes
      for start in hashIndex.candidates(hash: hash ?? FNV1a.hash(key)) where start >= dataStart && start < bytes.count {
        let (_, end) = lineBounds(around: start, low: start)
        if compare(key, lineAt: start, lineEnd: end) == 0 { return (start, end) }
      }
      return nil
    }
    var low = dataStart
    var high = file.bytes.count
    if let sample = index.sample(of: self) {
      // The block after the last sampled key that sorts at or before `key`.
      let (keyHigh, keyLow) = SparseIndex.prefix(key)
      var lo = 0, hi = sample.starts.count
      while lo < hi {
        let mid = (lo + hi) >> 1
        let order: Int
        if (keyHigh, keyLow) != (sample.prefixes[2 * mid], sample.prefixes[2 * mid + 1]) {
          order = (keyHigh, keyLow) < (sample.prefixes[2 * mid], sample.prefixes[2 * mid + 1]) ? -1 : 1
        } else if key.count < 16 {
          order = 0
        } else {
          let (start, end) = lineBounds(around: sample.starts[mid], low: sample.starts[mid])
          order = compare(key, lineAt: start, lineEnd: end)
        }
        if order < 0 { hi = mid } else { lo = mid + 1 }
      }
      guard lo > 0 else { return nil }
      low = sample.starts[lo - 1]
      high = lo < sample.starts.count ? sample.starts[lo] : high
    }
    while low < high {
      let (start, end) = lineBounds(around: (low + high) >> 1, low: low)
      let order = compare(key, lineAt: start, lineEnd: end)
      if order == 0 { return (start, end) }
      if order < 0 { high = start } else { low = end + 1 }
    }
    return nil
  }

  /// The fields after the key of every line whose key is `key`, in file order; `hash` is
  /// the FNV-1a of the key's bytes when known (a token's `hash`).
  public func rows(for key: String, hash: UInt64? = nil) -> [[String]] {
    var rows: [[String]] = []
    forEachRow(for: key, hash: hash) { line in
      // Fields split on the bytes: `String.split` walks grapheme clusters.
      var fields: [String] = []
      var fieldStart = 0
      for j in 0...line.count where j == line.count || line[j] == 9 {
        fields.append(String(decoding: UnsafeBufferPointer(rebasing: line[fieldStart..<j]), as: UTF8.self))
        fieldStart = j + 1
      }
      rows.append(fields)
    }
    return rows
  }

  /// Calls `body` with the bytes after the key and its tab of every line whose key is
  /// `key`, in file order, without making strings of them (see `rows(for:hash:)`).
  package func forEachRow(for key: String, hash: UInt64? = nil, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    var key = key
    key.withUTF8 { k in
      guard let hit = findLine(k, hash: hash) else { return }
      let bytes = file.bytes
      // Walk back (the hash index names a key's first line already) and forward over
      // neighbouring lines with the same key.
      var first = hit.start
      while hashIndex == nil && first > dataStart {
        let previous = lineBounds(around: first - 1, low: dataStart)
        guard compare(k, lineAt: previous.start, lineEnd: previous.end) == 0 else { break }
        first = previous.start
      }
      var start = first
      while start < bytes.count {
        let (lineStart, lineEnd) = lineBounds(around: start, low: start)
        guard lineEnd > lineStart, compare(k, lineAt: lineStart, lineEnd: lineEnd) == 0 else { break }
        body(UnsafeBufferPointer(rebasing: bytes[min(lineStart + k.count + 1, lineEnd)..<lineEnd]))
        start = lineEnd + 1
      }
    }
  }

  /// The first field after the key, parsed as an integer, for the line whose key is `key`;
  /// 0 when absent. Allocation-free (the hot path of document frequencies).
  public func integer(for key: String) -> Int {
    var key = key
    return key.withUTF8 { k -> Int in
      guard let hit = findLine(k) else { return 0 }
      let bytes = file.bytes
      var value = 0
      var j = hit.start + k.count + 1
      while j < hit.end, bytes[j] >= 48, bytes[j] <= 57 {
        value = value * 10 + Int(bytes[j] - 48)
        j += 1
      }
      return value
    }
  }
}

/// The sparse index of a `SortedTable`, built once the table has been searched `threshold`
/// times, so that one-article runs never pay for it (a full line index cost 1.2 ms a run).
final class SparseIndex: Sendable {
  /// Searches before the index is built.
  static let threshold = 2048
  /// Lines between samples.
  static let stride = 32

  /// Where each sampled line starts, and its key's first 16 bytes (zero-padded, as two
  /// big-endian words, so that comparing words compares bytes).
  struct Sample: Sendable {
    let starts: [Int]
    let prefixes: [UInt64]
  }

  private let state = Mutex<(searches: Int, sample: Sample?)>((0, nil))

  /// The sample, or nil while the table has been searched too few times.
  func sample(of table: SortedTable) -> Sample? {
    let (built, due) = state.withLock { state -> (Sample?, Bool) in
      if let sample = state.sample { return (sample, false) }
      state.searches += 1
      return (nil, state.searches == Self.threshold)
    }
    if let built { return built }
    guard due else { return nil }
    let sample = Self.build(table)
    state.withLock { $0.sample = sample }
    return sample
  }

  /// The first 16 bytes of `key`, zero-padded, as two big-endian words.
  static func prefix(_ key: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
    var high: UInt64 = 0, low: UInt64 = 0
    for i in 0..<16 {
      let byte = i < key.count ? UInt64(key[i]) : 0
      if i < 8 { high |= byte << UInt64(8 * (7 - i)) } else { low |= byte << UInt64(8 * (15 - i)) }
    }
    return (high, low)
  }

  private static func build(_ table: SortedTable) -> Sample {
    let bytes = table.file.bytes
    var starts: [Int] = [], prefixes: [UInt64] = []
    guard let base = bytes.baseAddress else { return Sample(starts: [], prefixes: []) }
    var line = table.dataStart, k = 0
    while line < bytes.count {
      // memchr: a byte loop over the 15 MB lemma table took tens of milliseconds.
      var end = bytes.count
      if let found = memchr(base + line, 10, bytes.count - line) {
        end = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
      }
      if k % stride == 0 {
        var keyEnd = line
        while keyEnd < end && bytes[keyEnd] != 9 { keyEnd += 1 }
        let (high, low) = prefix(UnsafeBufferPointer(rebasing: bytes[line..<keyEnd]))
        starts.append(line)
        prefixes += [high, low]
      }
      k += 1
      line = end + 1
    }
    return Sample(starts: starts, prefixes: prefixes)
  }
}
