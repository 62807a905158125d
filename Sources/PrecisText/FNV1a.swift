/// 64-bit FNV-1a, computed piece by piece: the tagger's feature hash (`FeatureHash`), the
/// byte hash of memo keys and word sets (`BoundedCache`, `ByteKeySet`, `WordInterner`, the
/// tagger's `VectorCache`), the cache's value checksum. Not for security, and stable across
/// runs and platforms (unlike `Hasher`), so it can be stored.
///
/// ```swift
/// var hash = FNV1a("w=")
/// hash.add("montre".utf8)
/// hash.value   // the hash of "w=montre"
/// ```
public struct FNV1a: Sendable {
  /// The hash so far.
  public var value: UInt64 = 0xcbf2_9ce4_8422_2325

  /// A hash that has consumed nothing (its own initialiser, where `init("")` would walk
  /// the empty string's bytes).
  @inlinable public init() {}

  /// A hash that has consumed `prefix`.
  @inlinable public init(_ prefix: String) { add(prefix.utf8) }

  /// Consumes one byte.
  @inlinable @inline(__always)
  public mutating func add(_ byte: UInt8) {
    value ^= UInt64(byte)
    value = value &* 0x100_0000_01b3
  }

  /// Consumes `bytes`.
  @inlinable @inline(__always)
  public mutating func add(_ bytes: some Sequence<UInt8>) { for byte in bytes { add(byte) } }

  /// The hash of what was consumed followed by `bytes`.
  @inlinable @inline(__always)
  public func with(_ bytes: some Sequence<UInt8>) -> UInt64 {
    var copy = self
    copy.add(bytes)
    return copy.value
  }

  /// The hash of `bytes`.
  @inlinable public static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 { FNV1a().with(bytes) }

  /// Consumes the UTF-8 bytes of `string`, read in place when the string is contiguous
  /// (native strings are; iterating the view byte by byte is slower).
  @inlinable @inline(__always)
  public mutating func add(utf8Of string: String) {
    if string.utf8.withContiguousStorageIfAvailable({ add($0) }) == nil { add(string.utf8) }
  }

  /// The hash of the UTF-8 bytes of `string`.
  @inlinable public static func hash(utf8Of string: String) -> UInt64 {
    var hash = FNV1a()
    hash.add(utf8Of: string)
    return hash.value
  }
}
