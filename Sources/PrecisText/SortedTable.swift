/// A text table whose data lines are sorted by their first field (`key<TAB>…`, compared as
/// UTF-8 bytes), searched in place by binary search over byte offsets. Loading costs
/// nothing — no dictionary, no index — which keeps one-article runs of `precis` fast. Used
/// for the document frequencies, the lemma table and the bilingual lexicon.
public struct SortedTable: Sendable {
  /// The file.
  public let file: DataFile
  /// Byte offset where the data lines start (after the leading `#` comments).
  public let dataStart: Int

  /// Wraps `file`; the leading comment and blank lines are skipped.
  public init(file: DataFile) {
    self.file = file
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

  /// Byte range of some line whose key equals `key`, or nil.
  private func findLine(_ key: UnsafeBufferPointer<UInt8>) -> (start: Int, end: Int)? {
    var low = dataStart
    var high = file.bytes.count
    while low < high {
      let (start, end) = lineBounds(around: (low + high) >> 1, low: low)
      let order = compare(key, lineAt: start, lineEnd: end)
      if order == 0 { return (start, end) }
      if order < 0 { high = start } else { low = end + 1 }
    }
    return nil
  }

  /// The fields after the key of every line whose key is `key`, in file order.
  public func rows(for key: String) -> [[String]] {
    var key = key
    return key.withUTF8 { k -> [[String]] in
      guard let hit = findLine(k) else { return [] }
      let bytes = file.bytes
      // Walk back and forward over neighbouring lines with the same key.
      var first = hit.start
      while first > dataStart {
        let previous = lineBounds(around: first - 1, low: dataStart)
        guard compare(k, lineAt: previous.start, lineEnd: previous.end) == 0 else { break }
        first = previous.start
      }
      var rows: [[String]] = []
      var start = first
      while start < bytes.count {
        let (lineStart, lineEnd) = lineBounds(around: start, low: start)
        guard lineEnd > lineStart, compare(k, lineAt: lineStart, lineEnd: lineEnd) == 0 else { break }
        // Fields split on the bytes: `String.split` walks grapheme clusters (perf: the
        // first sight of each word in a batch).
        var fields: [String] = []
        var fieldStart = min(lineStart + k.count + 1, lineEnd)
        for j in fieldStart...lineEnd where j == lineEnd || bytes[j] == 9 {
          fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[fieldStart..<j]), as: UTF8.self))
          fieldStart = j + 1
        }
        rows.append(fields)
        start = lineEnd + 1
      }
      return rows
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
