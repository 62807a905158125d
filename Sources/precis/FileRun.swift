import ArgumentParser
import PrecisText

/// One file's output and the warnings about it.
struct FileOutput {
  var text: String
  var warnings: [String] = []
}

/// Runs a command over its files, as `head` and `cat` do.
enum FileRun {
  /// Runs `body` on each of `files` ("-" when none). One file: its output as is. Several:
  /// text under a `==> name <==` header (a blank line between files), JSON as one object a
  /// line. Warnings go to stderr as `precis: <file>: warning: …`. A failing file is one line
  /// on stderr and the others go on; the status is 0 when all succeed, 1 when some failed,
  /// the first failure's own status when all failed.
  static func each(_ files: [String], json: Bool, _ body: (String) throws(InputFailure) -> FileOutput) throws {
    let files = files.isEmpty ? ["-"] : files
    var failures: [InputFailure] = []
    var printed = 0
    for file in files {
      let name = FileName.display(InputReader.displayName(file))
      do throws(InputFailure) {
        let output = try body(file)
        for warning in output.warnings { Console.err("precis: \(name): warning: \(warning)") }
        if files.count == 1 {
          Console.out(output.text)
        } else if json {
          Console.out(JSONText.compact(output.text) + "\n")
        } else {
          Console.out((printed > 0 ? "\n" : "") + "==> \(name) <==\n" + output.text)
        }
        printed += 1
      } catch {
        // A missing or broken data file fails every file the same way: once is enough.
        if error.status == ExitStatus.internalError { throw Console.report(error) }
        failures.append(error)
        _ = Console.report(error)
      }
    }
    guard let first = failures.first else { return }
    throw ExitCode(failures.count == files.count ? first.status : ExitStatus.someFailed)
  }
}

/// Cached outputs carry their warnings, so that a cache hit warns as the first run did:
/// each warning is a line starting with U+0001 before the output. Commands that use it put
/// `wrapVersion` in their cache key, so that entries written without warnings are not read.
enum CachedWarnings {
  static let wrapVersion = ("warnings", "1")

  static func wrap(_ output: FileOutput) -> String {
    output.warnings.map { "\u{1}\($0)\n" }.joined() + output.text
  }

  static func unwrap(_ cached: String) -> FileOutput {
    var warnings: [String] = []
    var rest = Substring(cached)
    while rest.first == "\u{1}", let end = rest.firstIndex(of: "\n") {
      warnings.append(String(rest[rest.index(after: rest.startIndex)..<end]))
      rest = rest[rest.index(after: end)...]
    }
    return FileOutput(text: String(rest), warnings: warnings)
  }
}

/// The language warning of every command.
enum LanguageWarning {
  /// The warning for `document`, if it does not look French; `consequence` says what the
  /// command did about it.
  static func of(_ document: Document, _ consequence: String = "processed anyway") -> [String] {
    LanguageCheck.looksFrench(document) ? [] : ["does not look like French text (few French function words); \(consequence)"]
  }

  /// The JSON `warnings` field of an article's output: the decoder's and the language
  /// check's, none for a French article read without trouble (its output is then unchanged).
  static func field(_ warnings: [String]) -> [(String, JSONValue)] {
    warnings.isEmpty ? [] : [("warnings", .array(warnings.map { .string($0) }))]
  }
}

/// JSON text helpers.
enum JSONText {
  /// `json` on one line: the white space outside strings removed (JSON lines output).
  static func compact(_ json: String) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(json.utf8.count)
    var inString = false, escaped = false
    for byte in json.utf8 {
      if inString {
        out.append(byte)
        if escaped {
          escaped = false
        } else if byte == UInt8(ascii: "\\") {
          escaped = true
        } else if byte == UInt8(ascii: "\"") {
          inString = false
        }
      } else if byte == UInt8(ascii: "\"") {
        inString = true
        out.append(byte)
      } else if ![UInt8(ascii: " "), 10, 13, 9].contains(byte) {
        out.append(byte)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
