#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// File names as the system gives them: bytes, usually UTF-8 but not always.
///
/// Precis carries paths as `String`s. A name that is not UTF-8 (`lat\xE9.txt`, written by a
/// Windows-1252 tool) would lose its bad bytes in a `String` (they become U+FFFD) and then
/// no longer open. So each byte that is not part of valid UTF-8 is kept as one code point,
/// U+10FF00 + the byte: the last 256 code points of plane 16, private use, which no real
/// file name holds. `withCString` turns them back into the original bytes for the system,
/// and `display` shows them as `\xE9` to a user.
///
/// Every call that hands a path to the system (`open`, `stat`, `opendir`, `mkdir`, …) goes
/// through `withCString`; Swift's implicit `String` to `char *` conversion would pass the
/// code points' UTF-8 instead of the bytes.
///
/// For example:
/// ```swift
/// let name = FileName.string(fromBytes: [0x6C, 0x61, 0x74, 0xE9])   // "lat" + U+10FFE9
/// FileName.display(name)                                            // "lat\xE9"
/// FileName.withCString(name) { open($0, O_RDONLY) }                 // opens "lat\xE9"
/// ```
public enum FileName {
  /// The first of the 256 code points that stand for raw bytes.
  static let rawByteBase: UInt32 = 0x10_FF00

  /// The path for the system's bytes `bytes` (no NUL byte among them).
  public static func string(fromBytes bytes: some Collection<UInt8>) -> String {
    if let valid = String(validating: bytes, as: UTF8.self) { return valid }
    let bytes = Array(bytes)
    var scalars = String.UnicodeScalarView()
    var i = 0
    while i < bytes.count {
      let length = bytes.withUnsafeBufferPointer { validSequenceLength($0, at: i) }
      if length == 0 {
        scalars.append(Unicode.Scalar(rawByteBase + UInt32(bytes[i])).unsafelyUnwrapped)
        i += 1
      } else {
        scalars.append(contentsOf: String(decoding: bytes[i..<i + length], as: UTF8.self).unicodeScalars)
        i += length
      }
    }
    return String(scalars)
  }

  /// The system's bytes for `path`.
  public static func bytes(of path: String) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(path.utf8.count)
    for scalar in path.unicodeScalars {
      if let raw = rawByte(scalar) {
        bytes.append(raw)
      } else {
        bytes.append(contentsOf: UTF8.encode(scalar).unsafelyUnwrapped)
      }
    }
    return bytes
  }

  /// Calls `body` with `path` as the system's NUL-terminated bytes.
  package static func withCString<Result>(_ path: String, _ body: (UnsafePointer<CChar>) throws -> Result) rethrows -> Result {
    if !path.unicodeScalars.contains(where: { rawByte($0) != nil }) {
      return try path.withCString(body)
    }
    let bytes = Self.bytes(of: path) + [0]
    return try bytes.withUnsafeBufferPointer { buffer in
      try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress.unsafelyUnwrapped) }
    }
  }

  /// `path` for a message or an output a person reads, on one line: raw bytes as `\xE9`,
  /// control characters (a newline in a name) as `\n`, `\t`, `\r` or `\u{1B}`, and the
  /// backslash itself as `\\` only where it would otherwise be ambiguous (before `x` or `u{`).
  public static func display(_ path: String) -> String {
    var shown = ""
    shown.reserveCapacity(path.utf8.count)
    for scalar in path.unicodeScalars {
      if let raw = rawByte(scalar) {
        shown += "\\x" + hex(raw)
      } else if scalar == "\n" {
        shown += "\\n"
      } else if scalar == "\t" {
        shown += "\\t"
      } else if scalar == "\r" {
        shown += "\\r"
      } else if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
        shown += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      } else {
        shown.unicodeScalars.append(scalar)
      }
    }
    return shown
  }

  /// Whether `path` holds bytes that are not UTF-8.
  public static func hasRawBytes(_ path: String) -> Bool {
    path.unicodeScalars.contains { rawByte($0) != nil }
  }

  private static func rawByte(_ scalar: Unicode.Scalar) -> UInt8? {
    scalar.value >= rawByteBase ? UInt8(truncatingIfNeeded: scalar.value - rawByteBase) : nil
  }

  private static func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
  }

  /// The length of the valid UTF-8 sequence starting at `i`, or 0 when there is none.
  static func validSequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
    let lead = bytes[i]
    if lead < 0x80 { return 1 }
    let length: Int
    var low: UInt8 = 0x80, high: UInt8 = 0xBF  // the range of the second byte
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0: length = 3; low = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED: length = 3; high = 0x9F  // no UTF-16 surrogates
    case 0xF0: length = 4; low = 0x90
    case 0xF1...0xF3: length = 4
    case 0xF4: length = 4; high = 0x8F
    default: return 0
    }
    guard i + length <= bytes.count else { return 0 }
    guard (low...high).contains(bytes[i + 1]) else { return 0 }
    for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 { return 0 }
    return length
  }
}

extension FileName {
  /// The command line's arguments, with names that are not UTF-8 kept (see `FileName`):
  /// `CommandLine.arguments` replaces their bytes with U+FFFD.
  public static var commandLineArguments: [String] {
    (0..<Int(CommandLine.argc)).map { k in
      guard let argument = CommandLine.unsafeArgv[k] else { return "" }
      let length = strlen(argument)
      return argument.withMemoryRebound(to: UInt8.self, capacity: length) {
        string(fromBytes: UnsafeBufferPointer(start: $0, count: length))
      }
    }
  }
}
