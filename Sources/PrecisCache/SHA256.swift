// SHA-256 (FIPS 180-4) for cache keys: on the x86 SHA extensions when the processor has
// them (Sources/CSHA256, ten times faster), else in plain Swift.
//
// Why not a dependency: swift-crypto compiles BoringSSL (about +90 s to a clean build) and a
// module map over libcrypto adds a system dependency. Never use `Hasher` for keys: it is
// seeded per process.

import CSHA256

/// The SHA-256 hash function.
///
/// For example:
///
/// ```swift
/// SHA256.hexDigest(of: "abc")
/// // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// ```
public enum SHA256 {
  /// The 32-byte digest of `bytes`.
  public static func digest(_ bytes: some Collection<UInt8>) -> [UInt8] {
    if let digest = bytes.withContiguousStorageIfAvailable({ digest(UnsafeRawBufferPointer($0)) }) {
      return digest
    }
    return Array(bytes).withUnsafeBytes { digest($0) }
  }

  /// The 32-byte digest of the bytes in `buffer`.
  public static func digest(_ buffer: UnsafeRawBufferPointer) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: 32)
    let done = out.withUnsafeMutableBufferPointer { digest in
      precis_sha256_hardware(buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), buffer.count, digest.baseAddress) == 1
    }
    return done ? out : portableDigest(buffer)
  }

  /// `digest(_:)` in Swift, for processors without SHA extensions (and to test those).
  static func portableDigest(_ buffer: UnsafeRawBufferPointer) -> [UInt8] {
    var state = State()
    let k = Self.roundConstants
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
      let count = buffer.count
      let whole = count / 64 * 64
      if let base = buffer.baseAddress {
        for offset in stride(from: 0, to: whole, by: 64) {
          state.compress(base + offset, schedule.baseAddress.unsafelyUnwrapped, k)
        }
      }
      // The tail, 0x80, zeros and the length in bits fill one or two last blocks.
      withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { tail in
        tail.initialize(repeating: 0)
        let rest = count - whole
        for i in 0..<rest { tail[i] = buffer[whole + i] }
        tail[rest] = 0x80
        let blocks = rest < 56 ? 1 : 2
        let bits = UInt64(count) &* 8
        for i in 0..<8 { tail[blocks * 64 - 1 - i] = UInt8(truncatingIfNeeded: bits &>> (8 * UInt64(i))) }
        let raw = UnsafeRawPointer(tail.baseAddress.unsafelyUnwrapped)
        for b in 0..<blocks {
          state.compress(raw + b * 64, schedule.baseAddress.unsafelyUnwrapped, k)
        }
      }
    }
    return state.bytes
  }

  /// The lowercase hexadecimal form of `bytes`, two digits a byte.
  public static func hex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.underestimatedCount * 2)
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 15)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The lowercase hexadecimal digest of the UTF-8 bytes of `string`.
  public static func hexDigest(of string: String) -> String {
    hex(digest(string.utf8))
  }

  /// The eight working words, initialised to the standard initial hash value.
  private struct State {
    var h0: UInt32 = 0x6a09_e667, h1: UInt32 = 0xbb67_ae85, h2: UInt32 = 0x3c6e_f372, h3: UInt32 = 0xa54f_f53a
    var h4: UInt32 = 0x510e_527f, h5: UInt32 = 0x9b05_688c, h6: UInt32 = 0x1f83_d9ab, h7: UInt32 = 0x5be0_cd19

    var bytes: [UInt8] {
      var out: [UInt8] = []
      out.reserveCapacity(32)
      for word in [h0, h1, h2, h3, h4, h5, h6, h7] {
        out += [
          UInt8(word >> 24), UInt8(truncatingIfNeeded: word >> 16), UInt8(truncatingIfNeeded: word >> 8),
          UInt8(truncatingIfNeeded: word),
        ]
      }
      return out
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }

    /// Mixes one 64-byte block into the state; `w` is scratch space for 64 words.
    @inline(__always)
    mutating func compress(_ block: UnsafeRawPointer, _ w: UnsafeMutablePointer<UInt32>, _ k: UnsafePointer<UInt32>) {
      for i in 0..<16 { w[i] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)) }
      for i in 16..<64 {
        let s0 = Self.rotr(w[i - 15], 7) ^ Self.rotr(w[i - 15], 18) ^ (w[i - 15] &>> 3)
        let s1 = Self.rotr(w[i - 2], 17) ^ Self.rotr(w[i - 2], 19) ^ (w[i - 2] &>> 10)
        w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
      }
      var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
      for i in 0..<64 {
        let t1 = h &+ (Self.rotr(e, 6) ^ Self.rotr(e, 11) ^ Self.rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ k[i] &+ w[i]
        let t2 = (Self.rotr(a, 2) ^ Self.rotr(a, 13) ^ Self.rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
        (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
      }
      h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d; h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
    }
  }

  /// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
  /// The 64 round constants, from `CSHA256` (one table for both implementations).
  private static var roundConstants: UnsafePointer<UInt32> { precis_sha256_round_constants() }
}
