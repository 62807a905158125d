/// Errors raised while reading, decoding or preparing a text, with messages written for users.
///
/// Each case carries the context a user needs to act (what was found, where). The CLI
/// prefixes the message with the file name.
public enum TextError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The input has no text at all (zero bytes, or only white space).
  case empty
  /// The input looks like binary data (NUL bytes or control characters), not text.
  case binary(detail: String)
  /// The input is neither UTF-8 nor a charset that could be detected and converted.
  case undecodable(detail: String)
  /// The input is larger than Precis accepts.
  case tooLarge(bytes: Int, limit: Int)
  /// A data file that Precis needs (lexicon, model) is missing or empty.
  case missingData(path: String)
  /// A data file has a line Precis cannot read.
  case badData(path: String, line: Int, problem: String)
  /// ICU reported a failure.
  case icu(operation: String, code: Int32)

  public var description: String {
    switch self {
    case .empty:
      return "no text (the input is empty or white space only)"
    case .binary(let detail):
      return "not a text file (\(detail))"
    case .undecodable(let detail):
      return "neither UTF-8 nor a recognised 8-bit charset (\(detail))"
    case .tooLarge(let bytes, let limit):
      return "too large: \(bytes) bytes, the limit is \(limit) bytes"
    case .missingData(let path):
      return "data file \(path) is missing or empty; rebuild Precis or check PRECIS_DATA"
    case .badData(let path, let line, let problem):
      return "\(path) line \(line): \(problem)"
    case .icu(let operation, let code):
      return "ICU failed during \(operation) (error \(code))"
    }
  }
}
