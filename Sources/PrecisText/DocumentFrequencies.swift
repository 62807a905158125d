import CPrecisData
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Document frequencies of lower-cased terms in a reference corpus (OrangeSum train), used
/// for TF-IDF weights. Stored in `models/df-fr.tsv`: `# documents: N` then `term<TAB>df`
/// lines sorted by the terms' UTF-8 bytes.
///
/// The table is searched in place, by binary search over byte offsets (jump to the middle,
/// back up to the line start, compare), so loading costs nothing: no dictionary of 65,000
/// strings, no index of line starts. That keeps a one-article run of `precis` fast.
public final class DocumentFrequencies: Sendable {
  /// Number of documents the frequencies were counted over.
  public let documentCount: Int
  /// Version of the model file (`# version:` header).
  public let version: String
  private let table: SortedTable
  /// IDFs of the terms already looked up: a binary search costs about 0.3 µs, a cache hit
  /// a tenth of that, and a long run (eval, batch) looks up the same few thousand words
  /// again and again. The IDF is kept, not the count, so a hit costs no logarithm. Bounded
  /// so that a stream of novel words cannot grow it forever.
  private let cache = BoundedCache<Double>()
  /// Lookups so far, until the index is built.
  private let lookups = Atomic<Int>(0)
  /// The address of the index (`IDFIndex`) once built, else 0.
  private let index = Atomic<Int>(0)
  /// Whether the index is built or being built.
  private let indexBuilding = Atomic<Bool>(false)
  /// Lookups before the index is built: a one-article run makes a few hundred and never
  /// pays the 3 ms it takes.
  static let indexThreshold = 4096

  /// The French table, loaded on first use.
  public static func french() throws(TextError) -> DocumentFrequencies { try frenchFrequencies.get() }

  /// Loads a table from a data file.
  ///
  /// - Throws: `.badData` when the header lacks `documents`.
  public init(file: DataFile) throws(TextError) {
    guard let count = file.header("documents").flatMap({ Int($0) }), count > 0 else {
      throw .badData(path: file.path, line: 1, problem: "missing \"# documents: N\" header")
    }
    documentCount = count
    highestIDF = log(Double(1 + count) / Double(1 + 0)) + 1
    version = file.header("version") ?? "0"
    table = SortedTable(file: file)
  }

  /// The number of documents that contain `term` (lower-case), or 0 when unknown.
  public func frequency(of term: String) -> Int {
    table.integer(for: term)
  }

  /// The highest IDF a term can have: that of a term no document contains (kept: every
  /// word the table lacks costs a logarithm otherwise).
  public let highestIDF: Double

  /// Smoothed inverse document frequency: ln((1 + N) / (1 + df)) + 1.
  ///
  /// After `indexThreshold` lookups, every term's IDF is put in an open-addressing table
  /// probed by the 64-bit FNV-1a of the term and read without a lock (a memo hit takes a
  /// lock): the summary and the glossary look up a few hundred terms an article. A slot
  /// names its term's line, whose bytes are compared with the term's on a hash hit, so a
  /// word that shares its hash with a term of the table does not get that term's IDF.
  ///
  /// `hash` is the FNV-1a of the term's bytes when known (a token's `hash`).
  public func idf(_ term: String, hash: UInt64? = nil) -> Double {
    let hash = hash ?? FNV1a.hash(utf8Of: term)
    if let index = IDFIndex(address: index.load(ordering: .acquiring)) {
      return index.idf(term, hash: hash, table: table.file.bytes) ?? highestIDF
    }
    if lookups.add(1, ordering: .relaxed).newValue == Self.indexThreshold { buildIndexOnce() }
    return cache.value(for: term, hash: hash) { log(Double(1 + documentCount) / Double(1 + frequency(of: term))) + 1 }
  }

  /// Starts loading where the IDF of the term whose FNV-1a is `hash` is kept, so that a
  /// later `idf` finds it in cache: a caller about to look up a document's terms asks for
  /// all of them first, and the memory reads overlap instead of waiting one by one. A hint:
  /// does nothing before the index is built.
  @inline(__always)
  public func prefetch(hash: UInt64) {
    IDFIndex(address: index.load(ordering: .acquiring))?.prefetch(hash: hash)
  }

  /// Builds the index now rather than at the `indexThreshold`th lookup: for a run that will
  /// look up many terms (a batch), on a thread with time to spare (the 3 ms build and its
  /// 2 MiB of new pages were a worker's otherwise).
  public func prepareForManyLookups() {
    buildIndexOnce()
  }

  /// Builds the index and publishes it, once whoever asks first.
  private func buildIndexOnce() {
    guard indexBuilding.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
    let built = IDFIndex(table: table) { log(Double(1 + documentCount) / Double(1 + $0)) + 1 }
    index.store(built.address, ordering: .releasing)
  }

  deinit {
    IDFIndex(address: index.load(ordering: .acquiring))?.deallocate()
  }
}

/// Every term's IDF, in slots of three words: the FNV-1a of the term, the IDF's bits, and
/// where the term's line starts (shifted left 16 bits) with the term's byte length (low 16
/// bits). A power of two of slots, at least twice the terms; an empty slot has hash 0.
/// Written once, then only read.
private struct IDFIndex {
  let slots: UnsafeMutablePointer<UInt64>
  /// Slots, a power of two (stored in the first word of the allocation).
  let count: Int
  static let words = 3

  /// The index at `address` (from `address`), or nil for 0.
  init?(address: Int) {
    guard let base = UnsafeMutablePointer<UInt64>(bitPattern: address) else { return nil }
    count = Int(base[0])
    slots = base + 1
  }

  /// Builds the index of `table`'s lines (`term<TAB>count`), with `idf(count)` for each.
  init(table: SortedTable, idf: (Int) -> Double) {
    let bytes = table.file.bytes
    var lines = 0
    for offset in table.dataStart..<bytes.count where bytes[offset] == 10 { lines += 1 }
    var count = 16
    while count < 2 * (lines + 1) { count <<= 1 }
    let base = UnsafeMutablePointer<UInt64>.allocate(capacity: 1 + Self.words * count)
    base.initialize(repeating: 0, count: 1 + Self.words * count)
    base[0] = UInt64(count)
    slots = base + 1
    self.count = count
    var line = table.dataStart
    while line < bytes.count {
      var hash = FNV1a()
      var k = line
      while k < bytes.count && bytes[k] != 9 && bytes[k] != 10 {
        hash.add(bytes[k])
        k += 1
      }
      let term = line..<k
      var df = 0
      if k < bytes.count && bytes[k] == 9 {
        k += 1
        while k < bytes.count, bytes[k] >= 48, bytes[k] <= 57 {
          df = df * 10 + Int(bytes[k] - 48)
          k += 1
        }
      }
      while k < bytes.count && bytes[k] != 10 { k += 1 }
      // A term too long for the slot's 16 bits of length stays out: its lookups find no
      // slot and fall back to the highest IDF (no term of the table is that long).
      if !term.isEmpty && term.count <= 0xFFFF { insert(Self.key(hash.value), term, idf(df), bytes) }
      line = k + 1
    }
  }

  /// Never 0, which marks an empty slot.
  static func key(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

  var address: Int { Int(bitPattern: slots - 1) }

  /// Whether the term of `slot` has the bytes of `term`.
  private func holds(_ slot: Int, _ term: UnsafeBufferPointer<UInt8>, _ table: UnsafeBufferPointer<UInt8>) -> Bool {
    let place = slots[Self.words * slot + 2]
    let start = Int(place >> 16), length = Int(place & 0xFFFF)
    guard length == term.count, start + length <= table.count else { return false }
    guard let a = term.baseAddress, let b = table.baseAddress else { return length == 0 }
    return memcmp(a, b + start, length) == 0
  }

  /// Keeps the first line of a term, as the table's search finds it.
  private func insert(_ key: UInt64, _ term: Range<Int>, _ idf: Double, _ table: UnsafeBufferPointer<UInt8>) {
    let bytes = UnsafeBufferPointer(rebasing: table[term])
    var slot = Int(truncatingIfNeeded: key) & (count - 1)
    while slots[Self.words * slot] != 0 {
      if slots[Self.words * slot] == key && holds(slot, bytes, table) { return }
      slot = (slot + 1) & (count - 1)
    }
    slots[Self.words * slot] = key
    slots[Self.words * slot + 1] = idf.bitPattern
    slots[Self.words * slot + 2] = UInt64(term.lowerBound) << 16 | UInt64(term.count)
  }

  /// Prefetches the slot where the search for `hash` starts.
  func prefetch(hash: UInt64) {
    precis_prefetch(slots + Self.words * (Int(truncatingIfNeeded: Self.key(hash)) & (count - 1)))
  }

  /// The IDF of `term`, whose FNV-1a is `hash`, or nil when `table` (the bytes the index
  /// was built from) lacks it.
  func idf(_ term: String, hash: UInt64, table: UnsafeBufferPointer<UInt8>) -> Double? {
    let key = Self.key(hash)
    var term = term
    return term.withUTF8 { bytes -> Double? in
      var slot = Int(truncatingIfNeeded: key) & (count - 1)
      while true {
        let stored = slots[Self.words * slot]
        if stored == 0 { return nil }
        if stored == key && holds(slot, bytes, table) { return Double(bitPattern: slots[Self.words * slot + 1]) }
        slot = (slot + 1) & (count - 1)
      }
    }
  }

  func deallocate() { (slots - 1).deallocate() }
}

private let frenchFrequencies = Result { () throws(TextError) -> DocumentFrequencies in
  try DocumentFrequencies(file: DataFile.load("models/df-fr.tsv"))
}
