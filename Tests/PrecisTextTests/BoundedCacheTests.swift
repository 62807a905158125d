import Synchronization
import Testing

@testable import PrecisText

@Suite("BoundedCache")
struct BoundedCacheTests {
  @Test("Computes a key once, keeps it through growth, and tells keys apart by their bytes")
  func memoises() {
    let cache = BoundedCache<Int>()
    let calls = Mutex(0)
    // 5,000 keys make the table grow from 1,024 slots several times.
    let keys = (0..<5000).map { "mot\($0)" } + ["é", "e\u{301}", "", "chaîne logistique"]
    for round in 0..<2 {
      for (i, key) in keys.enumerated() {
        let value = cache.value(for: key) {
          calls.withLock { $0 += 1 }
          return i
        }
        #expect(value == i, "round \(round), key \(key)")
      }
    }
    // NFC "é" and NFD "e\u{301}" are equal as Strings but not as bytes: two entries.
    #expect(calls.withLock { $0 } == keys.count)
  }

  @Test("Tells apart two keys given the same hash, and prefetches while another thread grows the table")
  func forcedCollision() {
    let cache = BoundedCache<String>()
    for key in ["marché", "prix", "marché", "prix"] {
      #expect(cache.value(for: key, hash: 42) { key.uppercased() } == key.uppercased())
    }
    let keys = (0..<6000).map { "clé\($0)" }
    let results = keys.parallelMap(jobs: 2) { key in
      cache.prefetch(hashes: (0..<40).map { UInt64($0) &* FNV1a.hash(utf8Of: key) })
      return cache.value(for: key) { key.uppercased() }
    }
    #expect(results == keys.map { $0.uppercased() })
  }

  @Test("Stops storing at its limit but still answers")
  func bounded() {
    let cache = BoundedCache<Int>(limit: 10)
    let calls = Mutex(0)
    func lookup(_ key: String) -> Int { cache.value(for: key) { calls.withLock { $0 += 1 }; return key.count } }
    for k in 0..<20 { #expect(lookup(String(repeating: "x", count: k + 1)) == k + 1) }
    calls.withLock { $0 = 0 }
    for k in 0..<20 { #expect(lookup(String(repeating: "x", count: k + 1)) == k + 1) }
    // The first ten are kept; the other ten are computed again.
    #expect(calls.withLock { $0 } == 10)
  }

  @Test("Gives every thread the same answers")
  func concurrent() {
    let cache = BoundedCache<String>()
    let keys = (0..<2000).map { "clé\($0 % 700)" }
    let results = keys.parallelMap(jobs: 4) { key in cache.value(for: key) { key.uppercased() } }
    #expect(results == keys.map { $0.uppercased() })
  }
}

@Suite("ByteKeySet and HashSet64")
struct ByteKeySetTests {
  @Test("Holds exactly its members, compared as bytes")
  func members() {
    let words = (0..<3000).map { "mot\($0)" } + ["été", "", "aujourd'hui"]
    let set = ByteKeySet(words)
    for word in words { #expect(set.contains(word), "\(word)") }
    for absent in ["mot3000", "e\u{301}té", "ete", "aujourd’hui", " "] { #expect(!set.contains(absent), "\(absent)") }
  }

  @Test("A word given the hash of a member is not taken for it")
  func forcedCollision() {
    let set = ByteKeySet(["le", "la"])
    #expect(set.contains("le", hash: FNV1a.hash(utf8Of: "le")))
    #expect(!set.contains("zzle", hash: FNV1a.hash(utf8Of: "le")))
    #expect(!set.contains("zzla", hash: FNV1a.hash(utf8Of: "la")))
  }

  @Test("Hashes, zero included, are found and others are not")
  func hashes() {
    var generator = SystemRandomNumberGenerator()
    let values = (0..<5000).map { _ in UInt64.random(in: 1...UInt64.max, using: &generator) }
    let set = HashSet64(values + [0])
    for value in values { #expect(set.contains(value)) }
    #expect(set.contains(0))
    let others = (0..<5000).map { _ in UInt64.random(in: 1...UInt64.max, using: &generator) }.filter { !values.contains($0) }
    #expect(others.allSatisfy { !set.contains($0) })
    #expect(!HashSet64([1, 2, 3]).contains(0))
    // Repeats are dropped as the table is built.
    let repeated = HashSet64(values + values.prefix(100) + [7, 7, 7])
    #expect(values.allSatisfy { repeated.contains($0) } && repeated.contains(7))
    #expect(repeated.slots.filter { $0 != 0 }.count == Set(values + [7]).count)
  }
}

@Suite("WordInterner")
struct WordInternerTests {
  @Test("Gives dense ids in order of first appearance, qualified words apart, through growth")
  func ids() {
    var interner = WordInterner()
    let words = (0..<1000).map { "mot\($0 % 700)" }
    var expected: [String: Int] = [:]
    for word in words {
      let (id, isNew) = interner.intern(word)
      if let known = expected[word] {
        #expect(id == known && !isNew)
      } else {
        #expect(id == expected.count && isNew)
        expected[word] = id
      }
    }
    #expect(interner.count == 700)
    let noun = interner.intern("marché", qualifier: "noun"), name = interner.intern("marché", qualifier: "name")
    #expect(noun.isNew && name.isNew && noun.id != name.id)
    #expect(interner.id(of: "marché", qualifier: "noun") == noun.id)
    #expect(interner.id(of: "marché") == nil)
    #expect(interner.id(of: "mot5") == 5)
    #expect(interner.words[noun.id] == "marché" && interner.qualifiers[name.id] == "name")
  }

  @Test("Two words given the same hash get two ids")
  func forcedCollision() {
    var interner = WordInterner()
    let first = interner.intern("marché", wordHash: 7), second = interner.intern("prix", wordHash: 7)
    #expect(first == (0, true) && second == (1, true))
    #expect(interner.intern("marché", wordHash: 7) == (0, false) && interner.intern("prix", wordHash: 7) == (1, false))
  }
}

@Suite("HashInterner")
struct HashInternerTests {
  @Test("Gives dense ids to hashes in order of first appearance, through growth, as WordInterner does to the words")
  func ids() {
    var hashes = HashInterner(), words = WordInterner()
    for k in 0..<3000 {
      let word = "mot\((k * 7) % 1100)"
      let (id, isNew) = hashes.intern(FNV1a.hash(utf8Of: word))
      let expected = words.intern(word)
      #expect(id == expected.id && isNew == expected.isNew)
    }
    #expect(hashes.count == 1100)
    #expect(hashes.id(of: FNV1a.hash(utf8Of: "mot14")) == words.id(of: "mot14"))
    #expect(hashes.id(of: FNV1a.hash(utf8Of: "absent")) == nil)
    #expect(hashes.intern(0) == (1100, true) && hashes.id(of: 0) == 1100)
  }
}
