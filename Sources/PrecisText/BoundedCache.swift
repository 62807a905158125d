import CPrecisData
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A thread-safe memo of string-keyed lookups, bounded in size: once `limit` entries are
/// stored, new keys are computed but not kept. For the in-place table searches (document
/// frequencies, lemmas, lexicon), which cost about a microsecond each and repeat the same
/// few thousand words across the articles of a run.
///
/// An open-addressing table keyed by the 64-bit FNV-1a of the key's UTF-8 bytes, computed
/// once a lookup (or given: a token carries it), and keys compared as bytes on a hash hit: a
/// `Dictionary` would pay for the seeded hasher on top, and compare keys through `==`.
public final class BoundedCache<Value: Sendable>: Sendable {
  @usableFromInline let storage: Mutex<ByteKeyTable<Value>>
  @usableFromInline let limit: Int

  /// Creates an empty cache holding at most `limit` entries.
  public init(limit: Int = 200_000) {
    self.limit = limit
    storage = Mutex(ByteKeyTable())
  }

  /// The cached value for `key`, or `compute()`'s, stored while there is room.
  /// Inlinable so that callers in other modules get code specialised for their value type
  /// (no generic dictionary path).
  @inlinable
  public func value(for key: String, _ compute: () -> Value) -> Value {
    value(for: key, hash: FNV1a.hash(utf8Of: key), compute)
  }

  /// Starts loading the slots where the values of the keys whose FNV-1a are `hashes`
  /// would be, so that the lookups that follow find them in cache: a caller about to look
  /// up a sentence's words asks for all of them first, and their cache misses overlap. A
  /// hint: the table may grow before the lookups, which are correct anyway.
  @inlinable
  public func prefetch(hashes: some Sequence<UInt64>) {
    var chunk = InlineArray<32, UInt64>(repeating: 0)
    var count = 0
    for hash in hashes {
      chunk[count] = hash
      count += 1
      if count == chunk.count {
        prefetch(chunk, count: count)
        count = 0
      }
    }
    if count > 0 { prefetch(chunk, count: count) }
  }

  /// Prefetches the slots of the first `count` hashes of `chunk`, under the lock, so that
  /// the slots cannot be freed by a growing table meanwhile.
  @inlinable
  func prefetch(_ chunk: InlineArray<32, UInt64>, count: Int) {
    storage.withLock { table in
      table.slots.withUnsafeBufferPointer { slots in
        guard let base = slots.baseAddress else { return }
        let mask = slots.count - 1
        for i in 0..<count {
          let raw = chunk[i]
          precis_prefetch(base + (Int(truncatingIfNeeded: raw == 0 ? 1 : raw) & mask))
        }
      }
    }
  }

  /// `value(for:_:)`, given `hash`, the FNV-1a of `key`'s bytes (a token's `hash`).
  @inlinable
  public func value(for key: String, hash rawHash: UInt64, _ compute: () -> Value) -> Value {
    var key = key
    key.makeContiguousUTF8()
    let hash = rawHash == 0 ? 1 : rawHash
    if let known = storage.withLock({ $0.find(key, hash: hash) }) { return known }
    let value = compute()
    storage.withLock { if $0.count < limit { $0.insert(key, hash: hash, value: value) } }
    return value
  }
}

/// The table behind `BoundedCache`: linear probing over one array of slots (hash, key and
/// value side by side, so a probe touches one cache line: three parallel arrays cost three
/// cache misses a lookup), a stored hash of 0 marking an empty slot;
/// grows at three-quarters load. Keys are compared as UTF-8 bytes.
@usableFromInline struct ByteKeyTable<Value>: ~Copyable {
  @usableFromInline struct Slot {
    @usableFromInline var hash: UInt64 = 0
    @usableFromInline var key = ""
    @usableFromInline var value: Value? = nil
    @usableFromInline init() {}
  }
  @usableFromInline var slots: [Slot]
  @usableFromInline var count = 0

  @inlinable init(capacity: Int = 1024) {
    slots = [Slot](repeating: Slot(), count: capacity)
  }

  /// FNV-1a of the key's bytes, never 0.
  @inlinable static func hash(_ key: String) -> UInt64 {
    let hash = FNV1a.hash(utf8Of: key)
    return hash == 0 ? 1 : hash
  }

  @inlinable func find(_ key: String, hash: UInt64) -> Value? {
    slots.withUnsafeBufferPointer { slots in
      let mask = slots.count - 1
      var slot = Int(truncatingIfNeeded: hash) & mask
      while true {
        let stored = slots[slot].hash
        if stored == 0 { return nil }
        if stored == hash && slots[slot].key.hasSameUTF8(as: key) { return slots[slot].value }
        slot = (slot + 1) & mask
      }
    }
  }

  @inlinable mutating func insert(_ key: String, hash: UInt64, value: Value) {
    if 4 * (count + 1) > 3 * slots.count { grow() }
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot].hash != 0 {
      // Another thread computed the same key meanwhile: keep the first.
      if slots[slot].hash == hash && slots[slot].key.hasSameUTF8(as: key) { return }
      slot = (slot + 1) & mask
    }
    slots[slot].hash = hash
    slots[slot].key = key
    slots[slot].value = value
    count += 1
  }

  /// Doubles the table, moving each entry out of its old slot (swapped with an empty one)
  /// rather than copying it. Inlinable, so that it is specialised for the value type: the
  /// generic version goes through value witnesses for every slot, and copies retain and
  /// release every key and value (a batch meets tens of thousands of new words).
  @inlinable mutating func grow() {
    var bigger = [Slot](repeating: Slot(), count: slots.count * 2)
    let mask = bigger.count - 1
    for i in slots.indices where slots[i].hash != 0 {
      var slot = Int(truncatingIfNeeded: slots[i].hash) & mask
      while bigger[slot].hash != 0 { slot = (slot + 1) & mask }
      bigger[slot].hash = slots[i].hash
      swap(&bigger[slot].key, &slots[i].key)
      swap(&bigger[slot].value, &slots[i].value)
    }
    slots = bigger
  }
}

extension String {
  /// Whether the two strings have the same UTF-8 bytes (no Unicode normalisation, unlike
  /// `==`, and faster than comparing the views byte by byte through iterators).
  @inlinable public func hasSameUTF8(as other: String) -> Bool {
    let count = utf8.count
    guard count == other.utf8.count else { return false }
    // memcmp: `elementsEqual` on the buffers runs a byte loop.
    let fast: Bool?? = utf8.withContiguousStorageIfAvailable { x in
      other.utf8.withContiguousStorageIfAvailable { y in
        guard let a = x.baseAddress, let b = y.baseAddress else { return count == 0 }
        return memcmp(a, b, count) == 0
      }
    }
    return (fast ?? nil) ?? utf8.elementsEqual(other.utf8)
  }

  /// Whether the string's UTF-8 bytes sort before `other`'s (the order of Precis's sorted
  /// tables and file lists; `memcmp`, where the views' generic comparison was a tenth of
  /// walking 1,500 articles).
  public func utf8Precedes(_ other: String) -> Bool {
    var a = self, b = other
    return a.withUTF8 { x in
      b.withUTF8 { y in
        let common = min(x.count, y.count)
        if common > 0, let p = x.baseAddress, let q = y.baseAddress {
          let order = memcmp(p, q, common)
          if order != 0 { return order < 0 }
        }
        return x.count < y.count
      }
    }
  }
}
