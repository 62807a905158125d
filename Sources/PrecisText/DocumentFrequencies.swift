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
public final class DocumentFrequencies: @unchecked Sendable {
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
  /// keyed by the 64-bit FNV-1a of the term, read without a lock: a memo hit (hash, lock,
  /// probe, key comparison) cost about 100 ns, and the summary and the glossary look up
  /// a few hundred terms an article (5% of summary + glossary in perf). Keys are not
  /// stored: a term absent from the table would have to share a 64-bit hash with one of
  /// its 65,000 terms, the bet the tagger model makes too.
  ///
  /// `hash` is the FNV-1a of the term's bytes when known (a token's `hash`).
  public func idf(_ term: String, hash: UInt64? = nil) -> Double {
    let hash = hash ?? FNV1a.hash(utf8Of: term)
    if let table = IDFIndex(address: index.load(ordering: .acquiring)) { return table.idf(hash: hash) ?? highestIDF }
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

/// Every term's IDF, in slots of (FNV-1a of the term, IDF bits), a power of two of them,
/// at least twice the terms; an empty slot has hash 0. Written once, then only read.
private struct IDFIndex {
  let slots: UnsafeMutablePointer<UInt64>
  /// Slots, a power of two (stored in the first word of the allocation).
  let count: Int

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
    let base = UnsafeMutablePointer<UInt64>.allocate(capacity: 1 + 2 * count)
    base.initialize(repeating: 0, count: 1 + 2 * count)
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
      var df = 0
      if k < bytes.count && bytes[k] == 9 {
        k += 1
        while k < bytes.count, bytes[k] >= 48, bytes[k] <= 57 {
          df = df * 10 + Int(bytes[k] - 48)
          k += 1
        }
      }
      while k < bytes.count && bytes[k] != 10 { k += 1 }
      if k > line { insert(Self.key(hash.value), idf(df)) }
      line = k + 1
    }
  }

  /// Never 0, which marks an empty slot.
  static func key(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

  var address: Int { Int(bitPattern: slots - 1) }

  /// Keeps the first line of a term, as the table's search finds it.
  private func insert(_ key: UInt64, _ idf: Double) {
    var slot = Int(truncatingIfNeeded: key) & (count - 1)
    while slots[2 * slot] != 0 {
      if slots[2 * slot] == key { return }
      slot = (slot + 1) & (count - 1)
    }
    slots[2 * slot] = key
    slots[2 * slot + 1] = idf.bitPattern
  }

  /// Prefetches the slot where the search for `hash` starts.
  func prefetch(hash: UInt64) {
    precis_prefetch(slots + 2 * (Int(truncatingIfNeeded: Self.key(hash)) & (count - 1)))
  }

  /// The IDF of the term whose FNV-1a is `hash`, or nil when the table lacks it.
  func idf(hash: UInt64) -> Double? {
    let key = Self.key(hash)
    var slot = Int(truncatingIfNeeded: key) & (count - 1)
    while true {
      let stored = slots[2 * slot]
      if stored == key { return Double(bitPattern: slots[2 * slot + 1]) }
      if stored == 0 { return nil }
      slot = (slot + 1) & (count - 1)
    }
  }

  func deallocate() { (slots - 1).deallocate() }
}

private let frenchFrequencies = Result { () throws(TextError) -> DocumentFrequencies in
  try DocumentFrequencies(file: DataFile.load("models/df-fr.tsv"))
}
