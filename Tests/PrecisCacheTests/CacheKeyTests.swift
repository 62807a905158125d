@_spi(Testing) @testable import PrecisCache
import Testing

@Suite("SHA-256")
struct SHA256Tests {
  /// NIST FIPS 180-4 examples, plus lengths around the padding boundaries (55/56 bytes fit
  /// one or need two final blocks), checked against coreutils `sha256sum`.
  static let vectors: [(String, String)] = [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
    (
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
    ),
    (String(repeating: "a", count: 55), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
    (String(repeating: "a", count: 56), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
    (String(repeating: "a", count: 63), "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
    (String(repeating: "a", count: 64), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
    (String(repeating: "a", count: 65), "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
    (String(repeating: "a", count: 119), "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
    (String(repeating: "a", count: 120), "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
  ]

  @Test("Known digests", arguments: vectors)
  func knownDigests(input: String, expected: String) {
    #expect(SHA256.hexDigest(of: input) == expected)
  }

  @Test("One million 'a' (NIST long message)")
  func millionA() {
    let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    #expect(SHA256.hex(SHA256.digest(bytes)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test("Non-contiguous collections hash like arrays; digests are 32 bytes")
  func nonContiguous() {
    let bytes = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    let digest = SHA256.digest(bytes)
    #expect(digest.count == 32)
    #expect(SHA256.digest(bytes.lazy.map { $0 }) == digest)
    #expect(SHA256.digest(bytes[...]) == digest)
    #expect(SHA256.hex([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
  }
}

@Suite("ArticleHash")
struct ArticleHashTests {
  @Test("Outer white space, newlines and no-break spaces included, does not change the hash")
  func trimsOuterWhitespace() {
    let bonjour = "9172e8eec99f144f72eca9a568759580edadb2cfd154857f07e657569493bc44"  // sha256sum of "Bonjour"
    #expect(ArticleHash.of("Bonjour") == bonjour)
    #expect(ArticleHash.of("  \n\tBonjour\n\n") == bonjour)
    #expect(ArticleHash.of("\u{00A0}Bonjour\u{202F}\u{2029}") == bonjour)
  }

  @Test("Inner text, case and accents count")
  func innerTextCounts() {
    #expect(ArticleHash.of("Le chat. Le chien.") != ArticleHash.of("Le chat.  Le chien."))
    #expect(ArticleHash.of("été") != ArticleHash.of("ete"))
    #expect(ArticleHash.of("Été") != ArticleHash.of("été"))
  }

  @Test("Blank text hashes like empty text; hashes are 64 lowercase hex digits")
  func blankText() {
    #expect(ArticleHash.of(" \n ") == ArticleHash.of(""))
    #expect(ArticleHash.of("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(ArticleHash.of("x").allSatisfy { "0123456789abcdef".contains($0) } && ArticleHash.of("x").count == 64)
  }
}

@Suite("CacheKey")
struct CacheKeyTests {
  static func key(
    article: String = "abc", command: String = "summarize",
    parameters: [(String, String)] = [("format", "json"), ("length", "3")], data: String = "v1"
  ) -> CacheKey {
    CacheKey(articleHash: article, command: command, parameters: parameters, dataVersion: data)
  }

  @Test("Each field changes the digest")
  func everyFieldCounts() {
    let base = Self.key()
    let variants = [
      Self.key(article: "abd"), Self.key(command: "gloss"), Self.key(data: "v2"),
      Self.key(parameters: [("format", "text"), ("length", "3")]),
      Self.key(parameters: [("format", "json"), ("length", "3"), ("explain", "true")]),
      Self.key(parameters: [("format", "json")]),
    ]
    for variant in variants { #expect(variant.digest != base.digest) }
    #expect(Set(variants.map(\.digest)).count == variants.count)
    #expect(base.digest.count == 32)
    #expect(base.hexDigest == SHA256.hex(base.digest))
  }

  @Test("The order of parameters does not matter")
  func parameterOrder() {
    let a = Self.key(parameters: [("length", "3"), ("format", "json"), ("algorithm", "textrank")])
    let b = Self.key(parameters: [("algorithm", "textrank"), ("format", "json"), ("length", "3")])
    #expect(a.digest == b.digest)
    #expect(a == b)
    #expect(a.parameters == "algorithm=textrank\nformat=json\nlength=3")
  }

  @Test("Field boundaries are part of the key: moving text between fields changes it")
  func unambiguous() {
    #expect(Self.key(command: "ab", data: "c").digest != Self.key(command: "a", data: "bc").digest)
    #expect(Self.key(parameters: [("a", "b=c")]).digest != Self.key(parameters: [("a=b", "c")]).digest)
    #expect(Self.key(parameters: [("a", "b\nc=d")]).digest != Self.key(parameters: [("a", "b"), ("c", "d")]).digest)
    #expect(Self.key(article: "x", command: "").digest != Self.key(article: "", command: "x").digest)
  }

  @Test("A template makes the same keys as the initialiser, for every article")
  func template() {
    let parameters = [("top", "10"), ("algorithm", "learned"), ("lexicon", "none")]
    let template = CacheKey.Template(command: "batch", parameters: parameters, dataVersion: "v7")
    for article in ["", "abc", String(repeating: "é", count: 40)] {
      let made = template.key(articleHash: article)
      let expected = CacheKey(articleHash: article, command: "batch", parameters: parameters.reversed(), dataVersion: "v7")
      #expect(made.digest == expected.digest)
      #expect(made.articleHash == article && made.command == "batch" && made.dataVersion == "v7")
      #expect(made.parameters == "algorithm=learned\nlexicon=none\ntop=10")
    }
    #expect(template.key(articleHash: "a") != template.key(articleHash: "b"))
  }

  @Test("Keys are stable across runs (the digest of a fixed key is pinned)")
  func stable() {
    // Changing the serialisation invalidates every user's cache: do it on purpose only.
    // The build identity is a field of its own, so another build's keys differ (and a rebuild
    // of the same sources, when reproducible, keeps them).
    let key = CacheKey(articleHash: "abc", command: "summarize", parameters: [("length", "3")], dataVersion: "v1", build: "b7")
    var bytes = Array("precis-cache-key-2".utf8)
    for field in ["abc", "summarize", "v1", "b7", "1", "length", "3"] {
      bytes += withUnsafeBytes(of: UInt64(field.utf8.count).littleEndian) { Array($0) } + Array(field.utf8)
    }
    #expect(key.digest == SHA256.digest(bytes))
  }
}
