import Testing

@testable import PrecisText

@Suite("Searching UTF-16 units")
struct UnitSearchTests {
  /// The definition `DocumentBuilder.find` must agree with: every start, one by one.
  static func reference(_ needle: [UInt16], _ haystack: [UInt16], _ range: Range<Int>) -> Int? {
    guard !needle.isEmpty, needle.count <= range.count else { return nil }
    return range.lowerBound > range.upperBound - needle.count
      ? nil : (range.lowerBound...(range.upperBound - needle.count)).first { start in
        needle.indices.allSatisfy { haystack[start + $0] == needle[$0] }
      }
  }

  @Test("find and firstIndex agree with a search start by start, at every alignment and range", arguments: 0..<4)
  func agreesWithReference(seed: Int) {
    var state = UInt64(seed + 7) &* 0x9E37_79B9_7F4A_7C15
    func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(n))
    }
    // A small alphabet, so that needles occur, partly, often; units above 0xFF too.
    let alphabet: [UInt16] = [97, 98, 32, 0xE9, 0x2019, 0x1E9E]
    for _ in 0..<400 {
      let haystack = (0..<next(40)).map { _ in alphabet[next(alphabet.count)] }
      let needle = (0..<(1 + next(3))).map { _ in alphabet[next(alphabet.count)] }
      let lower = haystack.isEmpty ? 0 : next(haystack.count + 1)
      let range = lower..<(lower + next(haystack.count - lower + 1))
      let (found, first) = haystack.withUnsafeBufferPointer { buffer in
        (DocumentBuilder.find(needle, in: buffer, range), DocumentBuilder.firstIndex(of: needle[0], in: buffer, range))
      }
      #expect(found == Self.reference(needle, haystack, range), "\(needle) in \(haystack)[\(range)]")
      #expect(first == range.first { haystack[$0] == needle[0] }, "\(needle[0]) in \(haystack)[\(range)]")
    }
  }
}
