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
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
      roundConstants.withUnsafeBufferPointer { k in
        let count = buffer.count
        let whole = count / 64 * 64
        if let base = buffer.baseAddress {
          for offset in stride(from: 0, to: whole, by: 64) {
            state.compress(base + offset, schedule.baseAddress.unsafelyUnwrapped, k.baseAddress.unsafelyUnwrapped)
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
            state.compress(raw + b * 64, schedule.baseAddress.unsafelyUnwrapped, k.baseAddress.unsafelyUnwrapped)
          }
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
  private static let roundConstants: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
    0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
    0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
    0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
    0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
    0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
    0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
  ]
}
