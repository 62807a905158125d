import CICU

/// Text decoded from the bytes of a file, with the charset it was read in.
public struct DecodedText: Sendable, Equatable {
  /// The text, normalised (NFC, LF line ends), without a byte order mark.
  public let text: String
  /// The charset the bytes were read in: "UTF-8", "windows-1252", "UTF-16LE", …
  public let encoding: String

  /// Whether the input was an HTML page, whose text was extracted (see `HTMLText`).
  public let isHTML: Bool
  /// What a user should know about how the text was read, one message each, without the
  /// file name (the CLI prints `precis: <file>: warning: <message>`): e.g. "2 invalid UTF-8
  /// bytes replaced by U+FFFD (the first at byte offset 1234)". Empty for clean input.
  public let warnings: [String]
  /// The UTF-16 code units of `text` when the decoder made them while normalising, for
  /// `Document(decoded:)`, which need not convert and check the text again.
  let units: [UInt16]?

  /// Creates a decoded text.
  public init(text: String, encoding: String, isHTML: Bool = false, warnings: [String] = []) {
    self.init(text: text, encoding: encoding, isHTML: isHTML, warnings: warnings, units: nil)
  }

  init(text: String, encoding: String, isHTML: Bool, warnings: [String], units: [UInt16]?) {
    self.text = text
    self.encoding = encoding
    self.isHTML = isHTML
    self.warnings = warnings
    self.units = units
  }

  /// Decoded texts are equal when their text, encoding, kind and warnings are (`units`
  /// derive from the text).
  public static func == (a: DecodedText, b: DecodedText) -> Bool {
    a.text == b.text && a.encoding == b.encoding && a.isHTML == b.isHTML && a.warnings == b.warnings
  }
}

/// Turns the bytes of a file into text: UTF-8 (with or without BOM), UTF-16 with a BOM,
/// or an 8-bit charset detected by ICU (French files are often Windows-1252 or
/// ISO-8859-1/-15). Binary data is rejected rather than decoded into garbage.
///
/// Bytes that are not all valid UTF-8 are still read as UTF-8, each invalid byte becoming
/// U+FFFD with one warning in `DecodedText.warnings`, when they start with a UTF-8 BOM or
/// hold at least as many valid multi-byte UTF-8 sequences (2 to 4 bytes, as in `é` = C3 A9)
/// as invalid bytes (bytes in no valid sequence). A damaged UTF-8 article keeps hundreds of
/// valid accented letters against a few bad bytes; Windows-1252 or ISO-8859-1 French has
/// an invalid byte for nearly every accented letter and almost never a valid sequence (it
/// would take a capital such as `Ã` followed by a symbol such as `©`). Other bytes go to
/// the 8-bit charsets. A UTF-8 file cut inside its last character is read up to the cut
/// (encoding "UTF-8 (truncated)").
///
/// For example:
/// ```swift
/// let decoded = try TextDecoder.decode(bytes)
/// print(decoded.encoding)   // "windows-1252"
/// ```
public enum TextDecoder {
  /// The largest input accepted, in bytes (64 MiB): far above any article, low enough
  /// that a mistaken input (a disk image, a video) fails at once instead of exhausting memory.
  /// Read files with `FileBytes.read(path, limit: maximumSize)`, which stops there: checked
  /// only here, an endless input (`/dev/zero`, `yes`) would be read until memory ran out.
  public static let maximumSize = 64 << 20

  /// Decodes `bytes`.
  ///
  /// - Throws: `TextError.empty` when there is no text, `.binary` for binary data,
  ///   `.undecodable` when no charset fits, `.tooLarge` above `maximumSize`.
  public static func decode(_ bytes: [UInt8]) throws(TextError) -> DecodedText {
    if bytes.count > maximumSize { throw .tooLarge(bytes: bytes.count, limit: maximumSize) }
    let decoded = try decodeUnnormalised(bytes)
    var (text, units) = TextNormalizer.normalizedUnits(decoded.text)
    let isHTML = HTMLText.looksLikeHTML(text)
    if isHTML { text = HTMLText.extract(text) }
    if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) { throw .empty }
    return DecodedText(
      text: text, encoding: decoded.encoding, isHTML: isHTML, warnings: decoded.warnings, units: isHTML ? nil : units)
  }

  private static func decodeUnnormalised(_ bytes: [UInt8]) throws(TextError) -> DecodedText {
    if bytes.isEmpty { throw .empty }
    // UTF-16 is only accepted with a byte order mark: without one it cannot be told from binary.
    if bytes.count >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE {
      return DecodedText(text: decodeUTF16(bytes.dropFirst(2), bigEndian: false), encoding: "UTF-16LE")
    }
    if bytes.count >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF {
      return DecodedText(text: decodeUTF16(bytes.dropFirst(2), bigEndian: true), encoding: "UTF-16BE")
    }
    var body = bytes[...]
    let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    if hasBOM { body = bytes.dropFirst(3) }
    if let kind = binarySignature(body) { throw .binary(detail: kind) }
    if let text = String(validating: body, as: UTF8.self) {
      return DecodedText(text: text, encoding: "UTF-8")
    }
    // A UTF-8 file cut in the middle of a character (a truncated download): keep what is whole.
    if let cut = incompleteUTF8Tail(body), let text = String(validating: body.dropLast(cut), as: UTF8.self) {
      return DecodedText(text: text, encoding: "UTF-8 (truncated)")
    }
    let damage = UTF8Damage(body)
    if hasBOM || damage.validMultiByte >= damage.invalidBytes {
      let plural = damage.invalidBytes == 1 ? "byte" : "bytes"
      let warning = "\(damage.invalidBytes) invalid UTF-8 \(plural) replaced by U+FFFD (the first at byte offset \(damage.firstInvalid))"
      return DecodedText(text: String(decoding: body, as: UTF8.self), encoding: "UTF-8", warnings: [warning])
    }
    return try decodeEightBit(Array(body))
  }

  /// Names what kind of binary data `bytes` looks like, or returns nil for text.
  /// File signatures of common binary formats (a table built once: an array literal here
  /// was built for every file).
  private static let magic: [(prefix: [UInt8], name: String)] = [
    ([0x25, 0x50, 0x44, 0x46], "a PDF document"), ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
    ([0xFF, 0xD8, 0xFF], "a JPEG image"), ([0x1F, 0x8B], "gzip-compressed data"),
    ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive or Office document"), ([0x7F, 0x45, 0x4C, 0x46], "an executable"),
    ([0x47, 0x49, 0x46, 0x38], "a GIF image"), ([0x53, 0x51, 0x4C, 0x69, 0x74, 0x65], "an SQLite database"),
  ]

  static func binarySignature(_ bytes: ArraySlice<UInt8>) -> String? {
    for entry in magic where bytes.starts(with: entry.prefix) {
      return "it looks like \(entry.name)"
    }
    // Control characters other than tab, LF, VT, FF, CR and ESC are rare in text; a NUL byte
    // never occurs in UTF-8 or 8-bit text. Look at the first 64 KiB (through a buffer,
    // without the slice's checked iteration).
    let head = bytes.prefix(65_536)
    let controls = head.withUnsafeBufferPointer { buffer -> Int? in
      var controls = 0
      for byte in buffer {
        if byte == 0 { return nil }
        if byte < 32 && !(9...13).contains(byte) && byte != 27 { controls += 1 }
      }
      return controls
    }
    guard let controls else { return "it contains NUL bytes" }
    if !head.isEmpty && controls * 100 > head.count { return "\(controls) control characters in the first \(head.count) bytes" }
    return nil
  }

  /// The length (1–3) of an incomplete multi-byte sequence ending `bytes`, or nil.
  static func incompleteUTF8Tail(_ bytes: ArraySlice<UInt8>) -> Int? {
    for length in 1...3 where bytes.count >= length {
      let lead = bytes[bytes.endIndex - length]
      let needed = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xC2 && lead <= 0xDF ? 2 : 0
      if needed > length && bytes.suffix(length - 1).allSatisfy({ $0 & 0xC0 == 0x80 }) { return length }
      if lead & 0xC0 != 0x80 { return nil }
    }
    return nil
  }

  /// The offset in `bytes` of the first byte in no valid UTF-8 sequence, or nil for UTF-8.
  public static func firstInvalidUTF8Offset(_ bytes: ArraySlice<UInt8>) -> Int? {
    let damage = UTF8Damage(bytes)
    return damage.invalidBytes == 0 ? nil : damage.firstInvalid
  }

  /// How far bytes that are not valid UTF-8 are from it: the counts the decoding rule
  /// (see `TextDecoder`) weighs, and where the first invalid byte is (an offset in the
  /// file, the BOM included).
  struct UTF8Damage {
    var validMultiByte = 0, invalidBytes = 0, firstInvalid = -1

    init(_ bytes: ArraySlice<UInt8>) {
      let start = bytes.startIndex
      bytes.withUnsafeBufferPointer { buffer in
        var i = 0
        while i < buffer.count {
          let length = FileName.validSequenceLength(buffer, at: i)
          if length == 0 {
            if invalidBytes == 0 { firstInvalid = start + i }
            invalidBytes += 1
          } else if length > 1 {
            validMultiByte += 1
          }
          i += max(length, 1)
        }
      }
    }
  }

  private static func decodeUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> String {
    var units = [UInt16]()
    units.reserveCapacity(bytes.count / 2)
    var i = bytes.startIndex
    while i + 1 < bytes.endIndex {
      let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
      units.append(bigEndian ? (a << 8 | b) : (b << 8 | a))
      i += 2
    }
    return makeString(units)
  }

  /// Latin charsets a French file may be in, tried in this order when ICU's guess is one of
  /// them or is unsure: Windows-1252 is a superset of ISO-8859-1's printable range.
  private static let westernCharsets = ["windows-1252", "ISO-8859-15", "ISO-8859-1"]

  private static func decodeEightBit(_ bytes: [UInt8]) throws(TextError) -> DecodedText {
    var name = [CChar](repeating: 0, count: 64)
    let confidence = bytes.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) {
        cicu_detect_charset($0.baseAddress, Int32(min($0.count, 1 << 20)), &name, Int32(name.count))
      }
    }
    let detected = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var candidates = westernCharsets
    if confidence >= 50 && !detected.isEmpty && !westernCharsets.contains(detected) {
      candidates.insert(detected, at: 0)
    } else if detected == "ISO-8859-15" {
      candidates = ["ISO-8859-15", "windows-1252", "ISO-8859-1"]
    }
    for charset in candidates {
      if let text = convert(bytes, from: charset) {
        return DecodedText(text: text, encoding: charset)
      }
    }
    throw .undecodable(detail: detected.isEmpty ? "invalid UTF-8" : "invalid UTF-8; ICU guessed \(detected)")
  }

  private static func convert(_ bytes: [UInt8], from charset: String) -> String? {
    let units = try? bytes.withUnsafeBufferPointer { buffer throws(TextError) in
      var capacity = bytes.count + 16
      for _ in 0..<2 {
        var error: Int32 = 0
        var written: Int32 = 0
        let output = [UInt16](unsafeUninitializedCapacity: capacity) { out, count in
          written = buffer.withMemoryRebound(to: CChar.self) {
            cicu_convert_to_utf16(charset, $0.baseAddress, Int32($0.count), out.baseAddress, Int32(capacity), &error)
          }
          count = (written >= 0 && Int(written) <= capacity) ? Int(written) : 0
        }
        if written < 0 || error > 0 { throw TextError.icu(operation: "charset conversion", code: error) }
        if Int(written) <= capacity { return output }
        capacity = Int(written)
      }
      throw TextError.icu(operation: "charset conversion", code: -1)
    }
    return units.map { makeString($0) }
  }
}
