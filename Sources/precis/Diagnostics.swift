import ArgumentParser
import PrecisText

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Version of the tool, shown by `--version`.
enum PrecisVersion {
  static let string = "0.1.0"
}

/// Exit statuses, documented in README.md and `precis --help`.
enum ExitStatus {
  static let someFailed: Int32 = 1
  static let usage: Int32 = 64
  static let notText: Int32 = 65
  static let unreadable: Int32 = 66
  static let noText: Int32 = 67
  static let internalError: Int32 = 70
  static let outputError: Int32 = 74
  static let interrupted: Int32 = 130
}

/// A failure about one input, reported as `precis: <file>: <message>`.
struct InputFailure: Error {
  let file: String
  let message: String
  let status: Int32

  init(file: String, _ error: TextError) {
    self.init(file: file, message: error.description, status: Self.status(of: error))
  }

  /// A failure of the data file at `path` (a `FileName` string; a user lexicon), which the
  /// message names once: `precis: lex.tsv: line 3: …`, not `precis: lex.tsv: lex.tsv line 3: …`.
  init(dataFile path: String, _ error: TextError) {
    var message = error.description
    if case .badData(path, let line, let problem) = error { message = line == 0 ? problem : "line \(line): \(problem)" }
    self.init(file: FileName.display(path), message: message, status: Self.status(of: error))
  }

  private static func status(of error: TextError) -> Int32 {
    switch error {
    case .empty: return ExitStatus.noText
    case .binary, .undecodable, .tooLarge: return ExitStatus.notText
    case .missingData, .badData, .icu: return ExitStatus.internalError
    }
  }

  init(file: String, _ error: FileBytes.ReadError) {
    self.file = file
    // An input over the size limit is readable but refused, as `TextError.tooLarge` is.
    if case .tooLarge = error {
      (message, status) = ("\(error)", ExitStatus.notText)
    } else {
      (message, status) = ("cannot read: \(error)", ExitStatus.unreadable)
    }
  }

  init(file: String, message: String, status: Int32) {
    self.file = file
    self.message = message
    self.status = status
  }
}

/// Writes to stdout and stderr; only this type prints.
enum Console {
  /// Writes `text` to standard output. A closed pipe (`precis … | head`) ends the
  /// process quietly with status 0, as ripgrep does; another write error exits 74.
  static func out(_ text: String) {
    var text = text
    let ok = text.withUTF8 { buffer -> Bool in
      var offset = 0
      while offset < buffer.count {
        let n = write(1, buffer.baseAddress! + offset, buffer.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          if errno == EPIPE { exit(0) }
          return false
        }
        offset += n
      }
      return true
    }
    if !ok {
      err("precis: cannot write the output: \(String(cString: strerror(errno)))")
      exit(ExitStatus.outputError)
    }
  }

  /// Writes one line to standard error.
  static func err(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
  }

  /// Reports a failure on stderr and returns the exit code for it.
  static func report(_ failure: InputFailure) -> ExitCode {
    err("precis: \(failure.file): \(failure.message)")
    return ExitCode(failure.status)
  }

  /// Whether standard error is a terminal (for progress output).
  static var stderrIsTerminal: Bool { isatty(2) == 1 }
  /// Whether standard input is a terminal.
  static var stdinIsTerminal: Bool { isatty(0) == 1 }
}

/// Reads and decodes one input file ("-" is standard input).
enum InputReader {
  /// The name of `path` in messages.
  static func displayName(_ path: String) -> String { path == "-" ? "<stdin>" : FileName.display(path) }

  /// Reads, decodes and prepares one article.
  ///
  /// - Parameter requireSentences: fail (status 67) when cleaning leaves no sentence.
  static func document(_ path: String, options: DocumentOptions = DocumentOptions(), requireSentences: Bool = true) throws(InputFailure) -> (decoded: DecodedText, document: Document) {
    let decoded = try read(path)
    return (decoded, try document(decoded, name: displayName(path), options: options, requireSentences: requireSentences))
  }

  /// Prepares a decoded article; `name` is the file's name in messages.
  static func document(_ decoded: DecodedText, name: String, options: DocumentOptions = DocumentOptions(), requireSentences: Bool = true) throws(InputFailure) -> Document {
    let document: Document
    do {
      document = try Document(decoded: decoded, options: options)
    } catch {
      throw InputFailure(file: name, error)
    }
    // One rule for every command: nothing to print is status 67, not an empty output.
    if requireSentences && !document.sentences.contains(where: { !$0.tokens.isEmpty }) {
      let message = hasWords(decoded.text)
        ? "no sentence left after cleaning (\(document.dropped.count) dropped)"
        : "no words (the input is punctuation or symbols only)"
      throw InputFailure(file: name, message: message, status: ExitStatus.noText)
    }
    return document
  }

  /// Whether `text` has a letter or a digit.
  static func hasWords(_ text: String) -> Bool {
    text.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
  }

  static func read(_ path: String) throws(InputFailure) -> DecodedText {
    let name = displayName(path)
    if path == "-" && Console.stdinIsTerminal {
      Console.err("precis: reading the article from standard input (end with Ctrl-D)")
    }
    let bytes: [UInt8]
    do {
      bytes = try FileBytes.read(path, limit: TextDecoder.maximumSize)
    } catch {
      throw InputFailure(file: name, error)
    }
    do {
      let decoded = try TextDecoder.decode(bytes)
      for warning in decoded.warnings { Console.err("precis: \(name): warning: \(warning)") }
      return decoded
    } catch {
      throw InputFailure(file: name, error)
    }
  }
}
