// SHA-256 (FIPS 180-4) for cache keys, from OpenSSL's libcrypto (Sources/CLibcrypto). Never
// use `Hasher` for keys: it is seeded per process.

import CLibcrypto

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

  private static func digest(_ buffer: UnsafeRawBufferPointer) -> [UInt8] {
    [UInt8](unsafeUninitializedCapacity: Int(SHA256_DIGEST_LENGTH)) { out, count in
      clibcrypto_sha256(buffer.baseAddress, buffer.count, out.baseAddress)
      count = Int(SHA256_DIGEST_LENGTH)
    }
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
}
