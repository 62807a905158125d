import PrecisText

extension Summary {
  /// The summary as the JSON object `precis summarize --format json` prints: `sentences` is
  /// an array, in article order, of `{"index", "text", "score"}`; `dropped` lists what
  /// cleaning removed. With `explain`, `explain` holds every sentence's score.
  public func json(explain: Bool = false) -> [(String, JSONValue)] {
    var fields: [(String, JSONValue)] = [
      ("algorithm", .string(algorithm)),
      ("sentenceCount", .integer(document.sentences.count)),
      ("sentences", .array(sentences.map { s in
        .object([("index", .integer(s.index)), ("text", .string(s.text)), ("score", .number(s.score))])
      })),
      ("dropped", .array(document.dropped.map { .object([("text", .string($0.text)), ("reason", .string($0.reason))]) })),
    ]
    if explain {
      let chosen = Set(sentences.map(\.index))
      fields.append(("explain", .array(document.sentences.map { s in
        var entry: [(String, JSONValue)] = [
          ("index", .integer(s.index)), ("score", .number(scores[s.index])), ("chosen", .bool(chosen.contains(s.index))),
          ("words", .integer(s.wordCount)), ("text", .string(s.text)),
        ]
        if let row = features?[s.index] {
          entry.append(("features", .object(zip(SentenceFeatures.names, row).map { ($0, .number($1)) })))
        }
        return .object(entry)
      })))
    }
    return fields
  }
}
