import Foundation
import PrecisTestSupport
import PrecisText
import Testing

/// Seeded fuzzing of the built `precis` on mutations of the articles in examples/: every run
/// must end with a documented status, under a memory and a time bound; JSON must parse; and
/// every sentence shown must be a piece of the text the library decodes from the same bytes.
///
/// `PRECIS_FUZZ_SEED` (decimal or 0x…) changes the seed, `PRECIS_FUZZ_SECONDS` the time spent
/// (default 30). A failure names the seed, the iteration, the mutation recipe and a file
/// holding the failing input.
@Suite("precis under fuzzed input")
struct FuzzTests {
  /// What `precis` may answer to an article file: success, not text, no text.
  /// (66 is for unreadable files, 70/74 for data and output failures: none fit these runs.)
  static let documentedStatuses: Set<Int32> = [0, 65, 67]
  static let memoryKiB = 2_000_000
  static let runTimeout: TimeInterval = 20

  static let commands: [[String]] = [
    ["summarize", "--format", "json", "--no-cache"],
    ["gloss", "--format", "json", "--no-cache"],
    ["analyze", "--no-cache"],
    ["sentences"],
  ]

  static var seed: UInt64 {
    guard let text = ProcessInfo.processInfo.environment["PRECIS_FUZZ_SEED"] else { return 0x5EED_F00D }
    let parsed = text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
    return parsed ?? 0x5EED_F00D
  }

  static var seconds: Double {
    ProcessInfo.processInfo.environment["PRECIS_FUZZ_SECONDS"].flatMap(Double.init) ?? 30
  }

  static func articles() throws -> [(name: String, bytes: [UInt8])] {
    let root = TestSupport.repositoryRoot.appendingPathComponent("examples")
    let folder = root.appendingPathComponent("orangesum")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".txt") }.sorted().map { "orangesum/\($0)" }
    return try (["alibaba-cebit.txt"] + names).map {
      ($0, Array(try Data(contentsOf: root.appendingPathComponent($0))))
    }
  }

  @Test("Mutated articles give documented statuses, JSON that parses and sentences of the text")
  func mutatedArticles() throws {
    let articles = try Self.articles()
    try #require(!articles.isEmpty)
    let folder = try TestSupport.temporaryDirectory("precis-fuzz")
    defer { try? FileManager.default.removeItem(at: folder) }
    let seed = Self.seed, deadline = Date().addingTimeInterval(Self.seconds)
    var iteration = 0, failures = 0
    print("fuzz: seed \(seed), \(Self.seconds) s")
    while Date() < deadline && failures < 3 {
      var rng = SplitMix64(seed: seed ^ (UInt64(iteration) &* 0x9E37_79B9_7F4A_7C15))
      let article = articles[Int(rng.next() % UInt64(articles.count))]
      var mutator = ArticleMutator(bytes: article.bytes, rng: rng)
      mutator.mutate(count: 1 + Int(mutator.rng.next() % 3))
      let input = folder.appendingPathComponent("input-\(iteration).txt")
      try Data(mutator.bytes).write(to: input)
      let context = "seed \(seed) (PRECIS_FUZZ_SEED), iteration \(iteration), \(article.name): \(mutator.recipe.joined(separator: ", "))"
      if let problem = try check(input: input, bytes: mutator.bytes) {
        let kept = FileManager.default.temporaryDirectory.appendingPathComponent("precis-fuzz-failure-\(seed)-\(iteration).txt")
        try? FileManager.default.removeItem(at: kept)
        try FileManager.default.copyItem(at: input, to: kept)
        Issue.record("\(problem)\n\(context)\ninput kept in \(kept.path)")
        failures += 1
      }
      try? FileManager.default.removeItem(at: input)
      iteration += 1
    }
    print("fuzz: \(iteration) inputs, \(iteration * Self.commands.count) runs")
  }

  /// The first broken promise of any command on `input`, or nil.
  func check(input: URL, bytes: [UInt8]) throws -> String? {
    let decoded = try? TextDecoder.decode(bytes)
    for command in Self.commands {
      let run = try TestSupport.runPrecisBounded(command + [input.path], memoryKiB: Self.memoryKiB, timeout: Self.runTimeout)
      let shown = "precis \(command.joined(separator: " ")) <input>"
      let firstLine = run.stderr.split(separator: "\n").first.map(String.init) ?? ""
      guard !run.signaled, !run.timedOut, Self.documentedStatuses.contains(run.status) else {
        return "\(shown): \(run.ending), stderr: \(firstLine)"
      }
      guard run.status == 0 else { continue }
      guard let decoded else { return "\(shown): exit 0 on bytes TextDecoder rejects" }
      if let problem = checkOutput(of: command[0], run.stdout, text: Array(decoded.text.utf8)) {
        return "\(shown): \(problem)"
      }
    }
    return nil
  }

  func checkOutput(of command: String, _ stdout: Data, text: [UInt8]) -> String? {
    switch command {
    case "summarize":
      guard let object = try? JSONSerialization.jsonObject(with: stdout) as? [String: Any],
        let sentences = object["sentences"] as? [[String: Any]]
      else { return "JSON without a sentence list" }
      for sentence in sentences {
        guard let piece = sentence["text"] as? String else { return "a sentence without text" }
        if Self.find(Array(piece.utf8), in: text, from: 0) == nil { return "sentence not in the text: \(piece.debugDescription)" }
      }
    case "gloss":
      if (try? JSONSerialization.jsonObject(with: stdout)) == nil { return "JSON that does not parse" }
    case "sentences":
      // Sentences are printed in order, so each is looked for after the previous one.
      var from = 0
      for line in stdout.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast() {
        guard let found = Self.find(Array(line), in: text, from: from) else {
          return "sentence not in the text: \(String(decoding: line, as: UTF8.self).debugDescription)"
        }
        from = found + line.count
      }
    default:
      break
    }
    return nil
  }

  /// Where `needle` first occurs in `haystack` at or after `from` (bytes, so no Unicode
  /// equivalence can make a piece match text it is not a slice of).
  static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
    guard let first = needle.first else { return from }
    guard haystack.count >= needle.count else { return nil }
    var i = from
    while i <= haystack.count - needle.count {
      if haystack[i] == first && haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
      i += 1
    }
    return nil
  }
}

/// Seeded mutations of an article's bytes, each logged in `recipe` so a failure can be read
/// and replayed.
struct ArticleMutator {
  var bytes: [UInt8]
  var rng: SplitMix64
  var recipe: [String] = []

  static let controls: [[UInt8]] = [
    [0x01], [0x07], [0x08], [0x09], [0x0B], [0x0C], [0x0D], [0x1B], [0x1F], [0x7F],
    [0xC2, 0x85], [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0x8B], [0xEF, 0xBB, 0xBF], [0xC2, 0xA0], [0x00],
  ]
  static let abbreviations = ["M. ", "Mme ", "MM. ", "etc. ", "p. ", "av. J.-C. ", "St. ", "cf. ", "Dr. ", "n° ", "art. ", "U.S.A. ", "..."]

  mutating func random(_ n: Int) -> Int { Int(rng.next() % UInt64(max(n, 1))) }

  /// A position in `bytes` at the start of a UTF-8 character (inserting elsewhere would
  /// only test decoding, which byte flips already do).
  mutating func boundary() -> Int {
    var i = random(bytes.count + 1)
    while i < bytes.count && bytes[i] & 0xC0 == 0x80 { i += 1 }
    return i
  }

  mutating func insert(_ piece: [UInt8]) -> Int {
    let at = boundary()
    bytes.insert(contentsOf: piece, at: at)
    return at
  }

  mutating func mutate(count: Int) {
    for _ in 0..<count {
      switch random(10) {
      case 0: flip()
      case 1: truncate()
      case 2: controls()
      case 3: guillemets()
      case 4: longNumber()
      case 5: repeatedAbbreviations()
      case 6: joinLines()
      case 7: removeSpaces()
      case 8: html()
      default: duplicate()
      }
    }
  }

  mutating func flip() {
    guard !bytes.isEmpty else { return }
    for _ in 0..<(1 + random(8)) {
      let at = random(bytes.count), value = UInt8(truncatingIfNeeded: rng.next())
      bytes[at] = value
      recipe.append("byte \(at) = 0x\(String(value, radix: 16))")
    }
  }

  mutating func truncate() {
    let at = random(bytes.count + 1)
    bytes.removeSubrange(at...)
    recipe.append("truncate at \(at)")
  }

  mutating func controls() {
    for _ in 0..<(1 + random(6)) {
      // NUL makes the input binary (65) and ends the check early: rarer than the others.
      let piece = Self.controls[random(random(8) == 0 ? Self.controls.count : Self.controls.count - 1)]
      let at = insert(piece)
      recipe.append("insert \(piece.map { String($0, radix: 16) }) at \(at)")
    }
  }

  mutating func guillemets() {
    for _ in 0..<(1 + random(12)) {
      let piece: [UInt8] = random(2) == 0 ? [0xC2, 0xAB] : [0xC2, 0xBB]
      let at = insert(piece)
      recipe.append("insert \(piece == [0xC2, 0xAB] ? "«" : "»") at \(at)")
    }
  }

  mutating func longNumber() {
    let digits = 20 + random(random(4) == 0 ? 40_000 : 400)
    let separator = ["", " ", ".", ",", "\u{202F}"][random(5)]
    var number = ""
    for i in 0..<digits {
      if i > 0 && i % 3 == 0 { number += separator }
      number += String(random(10))
    }
    let at = insert(Array(" \(number) ".utf8))
    recipe.append("insert a \(digits)-digit number with separator \(separator.debugDescription) at \(at)")
  }

  mutating func repeatedAbbreviations() {
    let word = Self.abbreviations[random(Self.abbreviations.count)]
    let times = 2 + random(random(4) == 0 ? 3_000 : 60)
    let at = insert(Array(String(repeating: word, count: times).utf8))
    recipe.append("insert \(word.debugDescription) x \(times) at \(at)")
  }

  mutating func joinLines() {
    bytes = bytes.map { $0 == 0x0A ? 0x20 : $0 }
    recipe.append("line breaks to spaces")
  }

  /// Sentences glued by a scraper ("domestique.Consternant"), over a whole paragraph.
  mutating func removeSpaces() {
    let start = random(bytes.count + 1), end = min(bytes.count, start + 200 + random(4_000))
    bytes.replaceSubrange(start..<end, with: bytes[start..<end].filter { $0 != 0x20 })
    recipe.append("spaces removed in bytes \(start)..<\(end)")
  }

  /// The article as an HTML page, some characters written as references: accents as
  /// combining ones ("e&#x301;"), line breaks, NUL.
  mutating func html() {
    let accents: [Unicode.Scalar: String] = ["é": "e&#x301;", "è": "e&#x300;", "à": "a&#768;", "ç": "c&#x327;"]
    let extras = ["&#13;", "&#10;", "&#0;", "&#x2028;", "&nbsp;", "&#xD800;", "&#99999999;"]
    var out = "<html><body>\n", references = 0
    for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
      out += "<p>"
      for scalar in line.unicodeScalars {
        if scalar == "<" || scalar == "&" { out += scalar == "<" ? "&lt;" : "&amp;"; continue }
        guard random(12) == 0 else { out.unicodeScalars.append(scalar); continue }
        references += 1
        if random(4) == 0 {
          out += extras[random(extras.count)]
          out.unicodeScalars.append(scalar)
        } else {
          out += accents[scalar] ?? "&#\(scalar.value);"
        }
      }
      out += "</p>\n"
    }
    bytes = Array((out + "</body></html>\n").utf8)
    recipe.append("wrapped in HTML with \(references) character references")
  }

  mutating func duplicate() {
    guard !bytes.isEmpty else { return }
    let start = random(bytes.count), end = min(bytes.count, start + 1 + random(400)), times = 1 + random(50)
    let piece = Array(bytes[start..<end])
    for _ in 0..<times { bytes.insert(contentsOf: piece, at: end) }
    recipe.append("bytes \(start)..<\(end) repeated \(times) times after themselves")
  }
}
