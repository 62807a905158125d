/// Character classes over UTF-16 code units, for the scanners of the segmenter, the
/// tokenizer and the glossary. Surrogate halves (characters outside the BMP) count as
/// "other".
public enum CodeUnit {
  /// The scalar of a BMP unit, or nil for a surrogate half.
  public static func scalar(_ u: UInt16) -> Unicode.Scalar? { Unicode.Scalar(u) }

  /// White space, including no-break and thin spaces.
  public static func isSpace(_ u: UInt16) -> Bool {
    u == 32 || u == 9 || u == 10 || u == 13 || u == 0xA0 || u == 0x202F || u == 0x2009 || u == 0x2007
      || u == 0x200B || u == 0x3000 || (u >= 0x2000 && u <= 0x200A)
  }

  /// An upper-case letter.
  public static func isUpper(_ u: UInt16) -> Bool {
    if u < 128 { return u >= 65 && u <= 90 }
    return scalar(u)?.properties.isUppercase ?? false
  }

  /// A lower-case letter.
  public static func isLower(_ u: UInt16) -> Bool {
    if u < 128 { return u >= 97 && u <= 122 }
    return scalar(u)?.properties.isLowercase ?? false
  }

  /// A letter of any script.
  public static func isLetter(_ u: UInt16) -> Bool {
    if u < 128 { return (u >= 65 && u <= 90) || (u >= 97 && u <= 122) }
    return scalar(u)?.properties.isAlphabetic ?? false
  }

  /// An ASCII digit.
  public static func isDigit(_ u: UInt16) -> Bool { u >= 48 && u <= 57 }

  /// A letter or an ASCII digit.
  public static func isLetterOrDigit(_ u: UInt16) -> Bool { isDigit(u) || isLetter(u) }

  /// Sentence-final punctuation: . ! ? … and their full-width forms.
  public static func isTerminal(_ u: UInt16) -> Bool {
    // ASCII by a bit mask of ! . ? (33, 46, 63), the rest from U+2026 up: most units of a
    // text are told apart in two comparisons (the scan for missed sentence boundaries runs
    // over every unit).
    if u < 64 { return (0x8000_4002_0000_0000 as UInt64) >> UInt64(u) & 1 != 0 }
    return u >= 0x2026 && (u == 0x2026 || u == 0xFF01 || u == 0xFF1F || u == 0xFF0E)
  }

  /// Closing quotes and brackets that stay with the sentence they end.
  public static func isCloser(_ u: UInt16) -> Bool {
    u == 0xBB || u == 0x201D || u == 41 || u == 93 || u == 0x2019 || u == 0x203A
  }

  /// Opening quotes and brackets that may start a sentence.
  public static func isOpener(_ u: UInt16) -> Bool {
    u == 0xAB || u == 0x201C || u == 40 || u == 91 || u == 0x2018 || u == 0x2039 || u == 34 || u == 0x201E
  }

  /// A hyphen-minus, en dash, em dash or figure dash (dialogue and list dashes).
  public static func isDash(_ u: UInt16) -> Bool { u == 45 || u == 0x2013 || u == 0x2014 || u == 0x2012 }

  /// A straight, typographic or modifier-letter apostrophe.
  public static func isApostrophe(_ u: UInt16) -> Bool { u == 39 || u == 0x2019 || u == 0x02BC }

  /// An apostrophe that normalised forms write as ' (’, ʼ, ‘).
  @inline(__always)
  public static func isCurlyApostrophe(_ u: UInt16) -> Bool { u == 0x2019 || u == 0x02BC || u == 0x2018 }

  /// A hyphen inside a word (États-Unis, dit-il).
  public static func isHyphen(_ u: UInt16) -> Bool { u == 45 || u == 0x2011 || u == 0x2010 }
}
