/// A JSON value with ordered object keys, written without Foundation so output is
/// deterministic (golden files) and start-up stays lean.
public indirect enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case integer(Int)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  /// Values are equal when they serialise alike.
  public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }

  /// The value as JSON text. `indent` > 0 pretty-prints with that many spaces a level.
  public func serialized(indent: Int = 0) -> String {
    var out = ""
    // A batch writes a few kilobytes an article: growing the string by doubling from
    // empty copied it half a dozen times.
    out.reserveCapacity(1024)
    write(to: &out, indent: indent, level: 0)
    return out
  }

  /// `object` (an object serialised with `indent`) with `fields` put first: how cached
  /// output gets the fields that differ between equivalent inputs (the file name).
  ///
  /// ```swift
  /// JSONValue.prepending([("file", .string("a.txt"))], to: #"{"n":1}"#, indent: 0)  // {"file":"a.txt","n":1}
  /// ```
  public static func prepending(_ fields: [(String, JSONValue)], to object: String, indent: Int) -> String {
    guard !fields.isEmpty else { return object }
    let head = JSONValue.object(fields).serialized(indent: indent)
    // Both are objects: drop the closing brace of the head and the opening one of the body.
    guard object.hasPrefix("{"), object != "{}", head.hasSuffix("}") else { return head }
    let headFields = indent > 0 ? head.dropLast(2) : head.dropLast()  // without "\n}" or "}"
    let bodyFields = object.dropFirst(indent > 0 ? 2 : 1)  // without "{\n" or "{"
    return headFields + (indent > 0 ? ",\n" : ",") + bodyFields
  }

  private func write(to out: inout String, indent: Int, level: Int) {
    // Compact output (batch files, the cache) appends no padding and no newlines, and
    // builds no padding strings (perf: serialising was 4% of a batch run on one thread).
    let newline = indent > 0 ? "\n" : ""
    let pad = indent > 0 ? String(repeating: " ", count: indent * (level + 1)) : ""
    let closePad = indent > 0 ? String(repeating: " ", count: indent * level) : ""
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .integer(let i): out += String(i)
    case .number(let d):
      if d.isNaN || d.isInfinite {
        out += "null"
      } else if d == d.rounded() && abs(d) < 1e15 {
        out += String(Int(d))
      } else {
        // Six significant decimals keep golden files stable across platforms.
        out += JSONValue.format(d)
      }
    case .string(let s): JSONValue.writeString(s, to: &out)
    case .array(let items):
      if items.isEmpty { out += "[]"; return }
      out += "["
      out += newline
      for (i, item) in items.enumerated() {
        out += pad
        item.write(to: &out, indent: indent, level: level + 1)
        if i + 1 < items.count { out += "," }
        out += newline
      }
      out += closePad
      out += "]"
    case .object(let pairs):
      if pairs.isEmpty { out += "{}"; return }
      out += "{"
      out += newline
      for (i, (key, value)) in pairs.enumerated() {
        out += pad
        JSONValue.writeString(key, to: &out)
        out += indent > 0 ? ": " : ":"
        value.write(to: &out, indent: indent, level: level + 1)
        if i + 1 < pairs.count { out += "," }
        out += newline
      }
      out += closePad
      out += "}"
    }
  }

  /// A number with at most six decimals, without a trailing ".0".
  public static func format(_ d: Double) -> String {
    let scaled = (d * 1_000_000).rounded() / 1_000_000
    var s = String(scaled)
    if s.contains("e") { return s }
    if s.hasSuffix(".0") { s.removeLast(2) }
    return s
  }

  /// Whether `s` holds a character JSON output escapes: a control character, `"`, `\\`,
  /// or U+2028/U+2029 (E2 80 A8/A9 in UTF-8).
  private static func needsEscape(_ s: String) -> Bool {
    var s = s
    return s.withUTF8 { bytes in
      // One comparison a byte for the common case, in place (iterating the view and
      // carrying the two previous bytes showed in perf).
      for k in bytes.indices {
        let byte = bytes[k]
        if byte < 0x20 || byte == 0x22 || byte == 0x5C { return true }
        if byte == 0xE2 && k + 2 < bytes.count && bytes[k + 1] == 0x80 && (bytes[k + 2] == 0xA8 || bytes[k + 2] == 0xA9) {
          return true
        }
      }
      return false
    }
  }

  private static func writeString(_ s: String, to out: inout String) {
    // Most strings need no escape: append them whole (scalar by scalar showed in perf).
    if !needsEscape(s) {
      out += "\""
      out += s
      out += "\""
      return
    }
    out += "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}
