import CPrecisData
/// The hash index of a `SortedTable`'s keys, compiled in beside its table
/// (`lexicons/fr/lemmas.index`, `lexicons/fr-en/lexicon.index`) and rebuilt whenever the
/// table changes (a test fails until it is):
///
///     swift run -c release precis-train index-table lexicons/fr/lemmas.tsv lexicons/fr/lemmas.index
///
/// A search reads the key's bucket, the entries of its keys, and the line of the entry
/// whose fingerprint matches: about three cache misses, where a bisection of the 15 MB
/// lemma table takes eight or more (a cold batch meets tens of thousands of new words).
///
/// Read in place from the file's bytes, so loading it costs nothing. The index names its
/// table's length and a checksum of a sample of its bytes; `init` refuses an index that does
/// not match (a table edited under `PRECIS_DATA`), and the table is then bisected as before.
///
/// Format (little-endian):
///
///     0  "PXIX"             magic
///     4  u32                format version (`version`)
///     8  u64                byte length of the table
///    16  u64                FNV-1a of 64 bytes at every MiB of the table and of its
///                           last 64 bytes (`checksum(of:)`)
///    24  u32 b              bucket bits: a key's bucket is its FNV-1a >> (64 - b)
///    28  u32 n              keys
///    32  (2^b + 1) × u32    where each bucket's entries start (the last: n)
///    ..  n × 6 bytes        entries, bucket by bucket, in table order within a bucket:
///                           u32 byte offset of the key's first line, then u16 the low
///                           16 bits of the key's FNV-1a (a fingerprint: the lines of the
///                           bucket's other keys are mostly not read)
///
/// A line's key is its bytes up to the first tab (the whole line without one).
/// `@unchecked Sendable` because it holds a raw pointer, which Swift does not check; safe:
/// it only reads a `DataFile`'s bytes, which never change and live for the process.
public struct TableIndex: @unchecked Sendable {
  /// Bytes after the header: the bucket starts, then the line offsets.
  private let base: UnsafeRawPointer
  /// The bucket bits: a key's bucket is the top `bits` bits of its FNV-1a.
  private let bits: Int
  /// Entries (keys).
  private let count: Int

  /// Format version this reader understands.
  static let version: UInt32 = 3
  /// The checksum reads 64 bytes at every multiple of this many bytes of the table.
  static let sampleStride = 1 << 20
  /// The index in `file` for `table`, or nil when the file is not an index of this table
  /// (wrong magic or version, sizes that do not add up, another table's length or sample).
  init?(_ file: DataFile, table: UnsafeBufferPointer<UInt8>) {
    guard let body = Self.body(of: file, magic: "PXIX", version: Self.version, table: table), body.count >= 8,
      let start = body.baseAddress
    else { return nil }
    let bits = Int(body.littleEndian(at: 0, as: UInt32.self)), count = Int(body.littleEndian(at: 4, as: UInt32.self))
    guard bits >= 1, bits <= 30, body.count == 8 + 4 * ((1 << bits) + 1) + 6 * count else { return nil }
    self.base = start + 8
    self.bits = bits
    self.count = count
  }

  /// The header of a binary file derived from `table` (this index, the lexicon's prefix
  /// hashes): `magic` (4 ASCII bytes), then little-endian the format `version`, the
  /// table's byte length and its `checksum(of:)`, 24 bytes in all.
  package static func header(magic: String, version: UInt32, table: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    var out = Array(magic.utf8)
    out.appendLittleEndian(version)
    out.appendLittleEndian(UInt64(table.count))
    out.appendLittleEndian(checksum(of: table))
    return out
  }

  /// The bytes after `file`'s `header(magic:version:table:)`, or nil when its header is
  /// not that one (another format, version or table).
  package static func body(of file: DataFile, magic: String, version: UInt32, table: UnsafeBufferPointer<UInt8>) -> UnsafeRawBufferPointer? {
    let bytes = UnsafeRawBufferPointer(file.bytes)
    guard bytes.count >= 24, bytes.prefix(4).elementsEqual(magic.utf8), bytes.littleEndian(at: 4, as: UInt32.self) == version,
      bytes.littleEndian(at: 8, as: UInt64.self) == UInt64(table.count), bytes.littleEndian(at: 16, as: UInt64.self) == checksum(of: table)
    else { return nil }
    return UnsafeRawBufferPointer(rebasing: bytes[24...])
  }

  /// FNV-1a of the first 64 bytes of every MiB of `table` and of its last 64 bytes: a few
  /// pages read at start-up rather than every page of the 15 MB lemma table, and it
  /// changes with most edits that keep the length.
  package static func checksum(of table: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash = FNV1a()
    for start in Array(stride(from: 0, to: table.count, by: sampleStride)) + [max(0, table.count - 64)] {
      for offset in start..<min(start + 64, table.count) { hash.add(table[offset]) }
    }
    return hash.value
  }

  @inline(__always)
  private func load<T: FixedWidthInteger>(_ offset: Int, as type: T.Type) -> Int {
    Int(T(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self)))
  }

  /// Starts loading `hash`'s bucket (`stage` 0), or, once it is loaded, the bucket's
  /// entries (`stage` 1): a search is three dependent cache misses (bucket, entries, line),
  /// and a caller that knows its keys ahead can overlap the first two.
  @inline(__always)
  func prefetch(hash: UInt64, stage: Int) {
    let bucket = Int(truncatingIfNeeded: hash >> UInt64(64 - bits))
    if stage == 0 {
      precis_prefetch(base + 4 * bucket)
    } else {
      let first = min(load(4 * bucket, as: UInt32.self), count)
      precis_prefetch(base + 4 * ((1 << bits) + 1) + 6 * first)
    }
  }

  /// Byte offsets of the first lines of the keys in `hash`'s bucket whose fingerprint
  /// (low 16 bits of the FNV-1a) is `hash`'s: the key's line, if the table has the key,
  /// and rarely another.
  @inline(__always)
  func candidates(hash: UInt64) -> some Sequence<Int> {
    let bucket = Int(truncatingIfNeeded: hash >> UInt64(64 - bits))
    let first = min(load(4 * bucket, as: UInt32.self), count), end = min(load(4 * bucket + 4, as: UInt32.self), count)
    let entries = 4 * ((1 << bits) + 1), fingerprint = Int(hash & 0xFFFF)
    return (first..<max(first, end)).lazy
      .filter { load(entries + 6 * $0 + 4, as: UInt16.self) == fingerprint }
      .map { load(entries + 6 * $0, as: UInt32.self) }
  }

  /// The index of `table` (a `SortedTable`'s file: leading `#` comment and blank lines,
  /// then lines sorted by key), in the format above.
  package static func build(table: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    // Every distinct key's hash and first line, in table order.
    var entries: [(hash: UInt64, offset: Int)] = []
    let dataStart = SortedTable(file: DataFile(path: "", bytes: table)).dataStart
    var line = dataStart
    var previous: ArraySlice<UInt8>?
    while line < table.count {
      var end = line, keyEnd = -1
      while end < table.count && table[end] != 10 {
        if keyEnd < 0 && table[end] == 9 { keyEnd = end }
        end += 1
      }
      let key = Array(table[line..<(keyEnd < 0 ? end : keyEnd)])[...]
      if end > line && key != previous {
        entries.append((FNV1a.hash(key), line))
        previous = key
      }
      line = end + 1
    }
    var bits = 4
    while (1 << bits) * 2 < entries.count { bits += 1 }
    var buckets = [[Int]](repeating: [], count: 1 << bits)
    for (n, entry) in entries.enumerated() { buckets[Int(entry.hash >> UInt64(64 - bits))].append(n) }
    var out = header(magic: "PXIX", version: version, table: table)
    out.appendLittleEndian(UInt32(bits))
    out.appendLittleEndian(UInt32(entries.count))
    var start = 0
    for bucket in buckets {
      out.appendLittleEndian(UInt32(start))
      start += bucket.count
    }
    out.appendLittleEndian(UInt32(start))
    for bucket in buckets {
      for n in bucket {
        out.appendLittleEndian(UInt32(entries[n].offset))
        out.appendLittleEndian(UInt16(truncatingIfNeeded: entries[n].hash))
      }
    }
    return out
  }
}

extension [UInt8] {
  /// Appends `value`'s bytes, least significant first (the byte order of Precis's binary
  /// data files).
  public mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
    Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
  }
}

extension UnsafeRawBufferPointer {
  /// The little-endian integer at `offset` (which must leave room for it), at any alignment.
  @inlinable package func littleEndian<T: FixedWidthInteger>(at offset: Int, as type: T.Type) -> T {
    T(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
  }
}
