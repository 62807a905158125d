import ArgumentParser

/// Usage errors as one line on stderr, `precis: <problem>`, with a hint, exit 64.
///
/// ArgumentParser prints the error, a blank line and a usage line that runs over 200
/// characters; it reads `--sentences -1` as a missing value followed by an option; and it
/// does not suggest a subcommand for a misspelt one. Help, `help` and `--version` keep
/// ArgumentParser's own output (stdout, status 0).
enum Usage {
  /// The subcommands' names, for suggestions and hints.
  static var commandNames: [String] { Precis.configuration.subcommands.map { $0._commandName } }

  /// The one line for a parse or validation `error` of `arguments`.
  static func line(for error: Error, arguments: [String]) -> String {
    if let negative = negativeValue(in: arguments) { return negative }
    let command = arguments.first.flatMap { commandNames.contains($0) ? $0 : nil }
    if command == nil, let first = arguments.first, !first.hasPrefix("-"), first != "help" {
      let suggestion = closest(to: first, among: commandNames).map { "; did you mean '\($0)'?" } ?? "; see 'precis --help'"
      return "precis: unknown command '\(first)'\(suggestion)"
    }
    if let command, let sub = arguments.dropFirst().first, !sub.hasPrefix("-"), let names = subcommandNames(of: command),
      !names.contains(sub)
    {
      let suggestion = closest(to: sub, among: names).map { "; did you mean '\($0)'?" } ?? "; see 'precis help \(command)'"
      return "precis: unknown command '\(command) \(sub)'\(suggestion)"
    }
    var message = Precis.message(for: error).split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? "usage error"
    if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
    // ArgumentParser's sentences, joined into one clause each: "…'. Did you mean '--words'?".
    message = message.replacing(". Did you mean", with: "; did you mean").replacing(". Please provide one of", with: "; expected one of")
    while message.hasSuffix(".") { message.removeLast() }
    if message.hasSuffix("?") { return "precis: \(lowercasingFirst(message))" }
    let hint = command.map { "see 'precis help \($0)'" } ?? "see 'precis --help'"
    return "precis: \(lowercasingFirst(message)); \(hint)"
  }

  /// The names of `command`'s own subcommands (`cache stats`), or nil when it has none.
  static func subcommandNames(of command: String) -> [String]? {
    guard let type = Precis.configuration.subcommands.first(where: { $0._commandName == command }) else { return nil }
    let names = type.configuration.subcommands.map { $0._commandName }
    return names.isEmpty ? nil : names
  }

  /// Options whose value is a number.
  static let numericOptions: Set<String> = ["--sentences", "--words", "--ratio", "--top", "--jobs"]

  /// A value option given a negative number (`--sentences -1`), which ArgumentParser reads
  /// as an option of its own.
  static func negativeValue(in arguments: [String]) -> String? {
    for (option, value) in zip(arguments, arguments.dropFirst())
    where numericOptions.contains(option) && value.hasPrefix("-") && Double(value) != nil {
      let rule = option == "--jobs" ? "must be 0 (all cores) or more" : "must be a positive number"
      return "precis: \(option) \(rule) (got \(value))"
    }
    return nil
  }

  /// The command name within two edits of `word`, if any.
  static func closest(to word: String, among names: [String]) -> String? {
    let scored = names.map { ($0, distance(Array(word.lowercased()), Array($0))) }.filter { $0.1 <= 2 }
    return scored.min { $0.1 < $1.1 }?.0
  }

  /// Levenshtein distance, with a transposition counted as one edit (summraize).
  static func distance(_ a: [Character], _ b: [Character]) -> Int {
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var rows = [Array(0...b.count)]
    for i in 1...a.count {
      var row = [i] + Array(repeating: 0, count: b.count)
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { row[j] = min(row[j], rows[i - 2][j - 2] + 1) }
      }
      rows.append(row)
    }
    return rows[a.count][b.count]
  }

  private static func lowercasingFirst(_ s: String) -> String {
    guard let first = s.first, first.isUppercase, s.dropFirst().first?.isLowercase ?? true else { return s }
    return first.lowercased() + s.dropFirst()
  }
}
