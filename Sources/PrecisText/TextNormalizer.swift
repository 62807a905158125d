import CICU

/// Canonical forms of text: NFC with LF line ends for storage and display, lower-case and
/// accent-folded forms for matching.
///
/// For example:
/// ```swift
/// TextNormalizer.normalize("Cafe\u{301}\r\n")   // "Café\n"
/// TextNormalizer.fold("Été")                     // "ete"
/// ```
public enum TextNormalizer {
  /// Returns `text` in NFC with CRLF and lone CR turned into LF, so that equivalent inputs
  /// (NFD, Windows line ends) give identical documents.
  public static func normalize(_ text: String) -> String { normalizedUnits(text).text }

  /// The normalised text and its UTF-16 code units. Text that is already normal (the usual
  /// case) is returned as is, without building a new string.
  static func normalizedUnits(_ text: String) -> (text: String, units: [UInt16]) {
    var units = utf16Units(of: text)
    var changed = false
    if units.contains(13) {
      var out = [UInt16]()
      out.reserveCapacity(units.count)
      var i = 0
      while i < units.count {
        let u = units[i]
        if u == 13 {
          out.append(10)
          if i + 1 < units.count && units[i + 1] == 10 { i += 1 }
        } else {
          out.append(u)
        }
        i += 1
      }
      units = out
      changed = true
    }
    // ICU takes at most Int32.max units: a longer text is left as it is (not normalised).
    let isNFC = units.withUnsafeBufferPointer { buffer -> Bool in
      guard let length = Int32(exactly: buffer.count) else { return true }
      return cicu_is_nfc(buffer.baseAddress, length) == 1
    }
    if !isNFC {
      if let nfc = try? units.withUnsafeBufferPointer({ buffer throws(TextError) in
        try transformUTF16(buffer, operation: "NFC normalisation") { cicu_to_nfc($0, $1, $2, $3, $4) }
      }) {
        units = nfc
        changed = true
      }
    }
    return (changed ? makeString(units) : text, units)
  }

  /// Lower-cases `text` with French rules (accents kept).
  public static func lowercase(_ text: String) -> String {
    let units = utf16Units(of: text)
    let out = try? units.withUnsafeBufferPointer { buffer throws(TextError) in
      try transformUTF16(buffer, operation: "lower-casing") { cicu_to_lower($0, $1, $2, $3, $4) }
    }
    return out.map { makeString($0) } ?? text.lowercased()
  }

  /// Lower-cases `text` and removes its accents, for matching that ignores both
  /// ("Élysée" and "elysee" fold to the same string).
  public static func fold(_ text: String) -> String {
    let units = utf16Units(of: text)
    let out = try? units.withUnsafeBufferPointer { buffer throws(TextError) in
      try transformUTF16(buffer, operation: "folding") { cicu_fold($0, $1, $2, $3, $4) }
    }
    return out.map { makeString($0) } ?? text.lowercased()
  }
}
