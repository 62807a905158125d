import PrecisText

/// The file that marks a folder holding a batch's output, `.precis-output`, and lists the
/// files Precis wrote there: a later batch never takes them for articles, wherever the
/// folder is (the root of the walk included), while the other files of the folder are
/// walked as usual.
///
/// Its first line says what it is; then one path a line, relative to the folder, with `%`, `"`,
/// `\\`, control characters and bytes outside ASCII written `%HH` (a name may hold a newline).
public enum OutputMarker {
  /// The marker's name.
  public static let name = ".precis-output"
  /// Files a batch writes into every output folder besides the per-article ones.
  public static let summaryFiles = ["index.jsonl", "digest.md", BatchRunner.journalName]
  static let heading = "This folder holds the output of `precis batch`; Precis does not read the files listed below as input."

  /// The marker listing `written`, the summary files and what `previous` (the marker that
  /// was there) listed.
  static func contents(listing written: [String], previous: [UInt8]?) -> [UInt8] {
    var seen = Set<String>()
    var lines = heading + "\n"
    for path in summaryFiles + written + (previous.map(paths) ?? []) where seen.insert(path).inserted {
      lines += encode(path) + "\n"
    }
    return Array(lines.utf8)
  }

  /// The paths a marker's bytes list.
  public static func paths(_ marker: [UInt8]) -> [String] {
    marker.split(separator: 10).dropFirst().map { decode(Array($0)) }
  }

  static func encode(_ path: String) -> String {
    var out = ""
    for byte in FileName.bytes(of: path) {
      if byte == UInt8(ascii: "%") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x7F {
        out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
      } else {
        out.unicodeScalars.append(Unicode.Scalar(byte))
      }
    }
    return out
  }

  static func decode(_ line: [UInt8]) -> String {
    var bytes: [UInt8] = []
    var i = 0
    while i < line.count {
      if line[i] == UInt8(ascii: "%"), i + 2 < line.count, let value = UInt8(String(decoding: line[(i + 1)..<(i + 3)], as: UTF8.self), radix: 16) {
        bytes.append(value)
        i += 3
      } else {
        bytes.append(line[i])
        i += 1
      }
    }
    return FileName.string(fromBytes: bytes)
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
