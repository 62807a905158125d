/// A JSON value with ordered object keys, written without Foundation so output is
/// deterministic (golden files) and start-up stays lean. Not `indirect`: arrays already hold
/// their elements out of line, and an indirect enum puts every value in a heap box.
public enum JSONValue: Sendable, Equatable {
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
    // Written as UTF-8 bytes, then made a string once: appending to a `String` piece by
    // piece goes through its growth and flag bookkeeping every time, and a batch writes a
    // few kilobytes an article.
    var out = JSONBytes(indent: indent)
    out.bytes.reserveCapacity(1024)
    write(to: &out, level: 0)
    return String(decoding: out.bytes, as: UTF8.self)
  }

  /// `object` (an object serialised with `indent`) with `fields` put first: how cached
  /// output gets the fields that differ between equivalent inputs (the file name).
  ///
  /// ```swift
  /// JSONValue.prepending([("file", .string("a.txt"))], to: #"{"n":1}"#, indent: 0)  // {"file":"a.txt","n":1}
  /// ```
  public static func prepending(_ fields: [(String, JSONValue)], to object: String, indent: Int) -> String {
    guard !fields.isEmpty else { return object }
    if indent == 0 {
      var out: [UInt8] = []
      appendPrepending(fields, to: object, into: &out)
      return String(decoding: out, as: UTF8.self)
    }
    let head = JSONValue.object(fields).serialized(indent: indent)
    // Both are objects: drop the closing brace of the head and the opening one of the body.
    guard object.hasPrefix("{"), object != "{}", head.hasSuffix("}") else { return head }
    return head.dropLast(2) + ",\n" + object.dropFirst(2)  // without "\n}" and "{\n"
  }

  /// `prepending(fields, to: object, indent: 0)`, appended to `out` as UTF-8 bytes: output
  /// put together from several cached objects is then written once, not copied at each level.
  public static func appendPrepending(_ fields: [(String, JSONValue)], to object: String, into out: inout [UInt8]) {
    guard !fields.isEmpty else {
      out.append(contentsOf: object.utf8)
      return
    }
    // Both are objects: the head without its closing brace, the body without its opening one.
    // Copied from the strings' buffers: a slice of a `String.UTF8View` is copied byte by
    // byte.
    var head = JSONValue.object(fields).serialized(), body = object
    guard body.hasPrefix("{"), body != "{}" else {
      head.withUTF8 { out.append(contentsOf: $0) }
      return
    }
    head.withUTF8 { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0.dropLast())) }
    out.append(UInt8(ascii: ","))
    body.withUTF8 { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0.dropFirst())) }
  }

  private func write(to out: inout JSONBytes, level: Int) {
    // Compact output (batch files, the cache) appends no padding and no newlines.
    switch self {
    case .null: out.append("null")
    case .bool(let b): out.append(b ? "true" : "false")
    case .integer(let i): out.append(String(i))
    case .number(let d):
      if d.isNaN || d.isInfinite {
        out.append("null")
      } else if d == d.rounded() && abs(d) < 1e15 {
        out.append(String(Int(d)))
      } else {
        // Six significant decimals keep golden files stable across platforms.
        out.append(JSONValue.format(d))
      }
    case .string(let s): out.appendQuoted(s)
    case .array(let items):
      if items.isEmpty { out.append("[]"); return }
      out.append(UInt8(ascii: "["))
      for (i, item) in items.enumerated() {
        out.newline(level: level + 1)
        item.write(to: &out, level: level + 1)
        if i + 1 < items.count { out.append(UInt8(ascii: ",")) }
      }
      out.newline(level: level)
      out.append(UInt8(ascii: "]"))
    case .object(let pairs):
      if pairs.isEmpty { out.append("{}"); return }
      out.append(UInt8(ascii: "{"))
      for (i, (key, value)) in pairs.enumerated() {
        out.newline(level: level + 1)
        out.appendQuoted(key)
        out.append(out.indent > 0 ? ": " : ":")
        value.write(to: &out, level: level + 1)
        if i + 1 < pairs.count { out.append(UInt8(ascii: ",")) }
      }
      out.newline(level: level)
      out.append(UInt8(ascii: "}"))
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
}

/// JSON text being written, as UTF-8 bytes.
private struct JSONBytes {
  var bytes: [UInt8] = []
  /// Spaces a level; 0 for compact output (no newlines, no padding).
  let indent: Int

  init(indent: Int) { self.indent = indent }

  mutating func append(_ byte: UInt8) { bytes.append(byte) }

  mutating func append(_ text: String) {
    var text = text
    text.withUTF8 { bytes.append(contentsOf: $0) }
  }

  /// A newline and the padding of `level` (nothing when compact).
  mutating func newline(level: Int) {
    guard indent > 0 else { return }
    bytes.append(10)
    bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
  }

  /// `s` as a JSON string: quoted, with `"`, `\\`, control characters and U+2028/U+2029
  /// (E2 80 A8/A9) escaped.
  mutating func appendQuoted(_ s: String) {
    var s = s
    s.withUTF8 { utf8 in
      bytes.append(UInt8(ascii: "\""))
      // Runs of bytes that need no escape are copied whole (most strings are one run).
      var run = 0, k = 0
      while k < utf8.count {
        let byte = utf8[k]
        let separator = byte == 0xE2 && k + 2 < utf8.count && utf8[k + 1] == 0x80 && (utf8[k + 2] == 0xA8 || utf8[k + 2] == 0xA9)
        guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || separator else {
          k += 1
          continue
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<k]))
        switch byte {
        case UInt8(ascii: "\""): append("\\\"")
        case UInt8(ascii: "\\"): append("\\\\")
        case 10: append("\\n")
        case 13: append("\\r")
        case 9: append("\\t")
        case 0xE2:
          append(utf8[k + 2] == 0xA8 ? "\\u2028" : "\\u2029")
          k += 2
        default: append("\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16))
        }
        k += 1
        run = k
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<utf8.count]))
      bytes.append(UInt8(ascii: "\""))
    }
  }
}
