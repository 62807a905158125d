import ArgumentParser
import PrecisSummarize
import PrecisText

#if canImport(Glibc)
  import Glibc
#endif

extension Precis {
  /// `precis eval`: ROUGE of Precis's summaries against reference summaries.
  struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "eval", abstract: "Score summaries against reference summaries with ROUGE-1/2/L.",
      discussion: """
        Summarises every file of --docs and compares it with the file of the same name in \
        --gold. Prints mean F1 (x100) with a 95% bootstrap confidence interval. Tokens are \
        lower-cased runs of letters and digits, accents kept, no stemming (as rouge-score \
        with that tokenizer).

        Examples:
          python3 scripts/eval/make_eval_set.py --split valid --out /tmp/valid
          precis eval --docs /tmp/valid/docs --gold /tmp/valid/gold --sentences 2
          precis eval --docs /tmp/valid/docs --gold /tmp/valid/gold --format json
        """
    )

    @Option(name: .long, help: ArgumentHelp("Folder of articles.", valueName: "dir"))
    var docs: String

    @Option(name: .long, help: ArgumentHelp("Folder of reference summaries, matched by file name.", valueName: "dir"))
    var gold: String

    @OptionGroup var lengthOptions: LengthOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: EvalFormat = .text

    @Option(name: .long, help: ArgumentHelp("Worker threads; 0 is one per core.", valueName: "n"))
    var jobs: Int = 0

    enum EvalFormat: String, CaseIterable, ExpressibleByArgument { case text, json }

    /// One document's outcome.
    enum Outcome: Sendable {
      case scored(Rouge.Score, words: Int)
      case failed(InputFailure)
    }

    func run() throws {
      let names: [String]
      do {
        names = try DirectoryListing.files(in: docs)
      } catch {
        throw Console.report(InputFailure(file: docs, error))
      }
      try checkReferences(names)
      let docs = self.docs, gold = self.gold, summarizer = lengthOptions.summarizer
      let started = monotonicSeconds()
      let outcomes = names.parallelMap(jobs: jobs) { name -> Outcome in
        do {
          let reference = try InputReader.read(gold + "/" + name)
          let (_, document) = try InputReader.document(docs + "/" + name)
          let summary: Summary
          do {
            summary = try summarizer.summarize(document)
          } catch let error as TextError {
            throw InputFailure(file: docs + "/" + name, error)
          }
          let text = summary.sentences.map(\.text).joined(separator: " ")
          return .scored(Rouge.score(candidate: text, reference: reference.text), words: Rouge.tokens(text).count)
        } catch let failure as InputFailure {
          return .failed(failure)
        } catch {
          return .failed(InputFailure(file: name, message: "\(error)", status: ExitStatus.internalError))
        }
      }
      let elapsed = monotonicSeconds() - started
      var scores: [Rouge.Score] = []
      var words = 0
      var failed = 0
      for outcome in outcomes {
        switch outcome {
        case .scored(let score, let w):
          scores.append(score)
          words += w
        case .failed(let failure):
          // An internal error (a missing or broken data file) is the same for every
          // article: report it once and stop, rather than once per file.
          if failure.status == ExitStatus.internalError { throw Console.report(failure) }
          failed += 1
          Console.err("precis: \(failure.file): \(failure.message)")
        }
      }
      let report = EvalReport(scores: scores, failed: failed, meanWords: scores.isEmpty ? 0 : Double(words) / Double(scores.count), seconds: elapsed)
      Console.out(format == .json ? report.json(algorithm: lengthOptions.algorithm.rawValue, length: lengthOptions.length) : report.text(algorithm: lengthOptions.algorithm.rawValue, length: lengthOptions.length))
      if scores.isEmpty {
        Console.err("precis: \(docs): no document could be scored")
        throw ExitCode(ExitStatus.noText)
      }
      if failed > 0 { throw ExitCode(ExitStatus.someFailed) }
    }
  }
}

extension Precis.Eval {
  /// Stops with one line when fewer than half of the documents have a reference of the same
  /// name: the folders do not match (a wrong --gold), and a line per document would bury it.
  func checkReferences(_ names: [String]) throws {
    let references: Set<String>
    do {
      references = Set(try DirectoryListing.files(in: gold))
    } catch {
      throw Console.report(InputFailure(file: gold, error))
    }
    let matched = names.reduce(0) { $0 + (references.contains($1) ? 1 : 0) }
    guard matched * 2 < names.count else { return }
    Console.err(
      "precis: \(FileName.display(gold)): only \(matched) of the \(names.count) documents of \(FileName.display(docs)) have a reference of the same name here; check --docs and --gold"
    )
    throw ExitCode(ExitStatus.unreadable)
  }
}

/// Mean ROUGE F1 with bootstrap confidence intervals.
struct EvalReport {
  let scores: [Rouge.Score]
  let failed: Int
  let meanWords: Double
  let seconds: Double

  struct Interval {
    let mean: Double, low: Double, high: Double
  }

  /// Mean and 95% percentile bootstrap interval (1,000 resamples, fixed seed) of F1 x100.
  func interval(_ metric: (Rouge.Score) -> Double) -> Interval {
    let values = scores.map { metric($0) * 100 }
    guard !values.isEmpty else { return Interval(mean: 0, low: 0, high: 0) }
    let mean = values.reduce(0, +) / Double(values.count)
    var rng = SplitMix64(seed: 20_261_126)
    var means: [Double] = []
    for _ in 0..<1000 {
      var sum = 0.0
      for _ in 0..<values.count { sum += values[Int(rng.next() % UInt64(values.count))] }
      means.append(sum / Double(values.count))
    }
    means.sort()
    return Interval(mean: mean, low: means[25], high: means[974])
  }

  func text(algorithm: String, length: SummaryLength) -> String {
    func cell(_ i: Interval) -> String { "\(fixed(i.mean)) [\(fixed(i.low))–\(fixed(i.high))]" }
    let r1 = interval { $0.rouge1.f }, r2 = interval { $0.rouge2.f }, rl = interval { $0.rougeL.f }
    let rate = seconds > 0 ? Double(scores.count + failed) / seconds : 0
    return """
      documents: \(scores.count) scored, \(failed) failed; algorithm \(algorithm), \(length)
      ROUGE-1 F1: \(cell(r1))
      ROUGE-2 F1: \(cell(r2))
      ROUGE-L F1: \(cell(rl))
      mean words per summary: \(fixed(meanWords))
      time: \(fixed(seconds)) s (\(Int(rate)) articles/s, reading and ROUGE included)

      """
  }

  func json(algorithm: String, length: SummaryLength) -> String {
    func value(_ i: Interval) -> JSONValue {
      .object([("f", .number(i.mean / 100)), ("low", .number(i.low / 100)), ("high", .number(i.high / 100))])
    }
    return JSONValue.object([
      ("algorithm", .string(algorithm)), ("length", .string(length.description)),
      ("documents", .integer(scores.count)), ("failed", .integer(failed)),
      ("rouge1", value(interval { $0.rouge1.f })), ("rouge2", value(interval { $0.rouge2.f })),
      ("rougeL", value(interval { $0.rougeL.f })), ("meanWords", .number(meanWords)), ("seconds", .number(seconds)),
    ]).serialized(indent: 2) + "\n"
  }

  private func fixed(_ x: Double) -> String {
    let r = (x * 100).rounded() / 100
    var s = String(r)
    if let dot = s.firstIndex(of: ".") {
      let decimals = s.distance(from: dot, to: s.endIndex) - 1
      if decimals < 2 { s += String(repeating: "0", count: 2 - decimals) }
    }
    return s
  }
}

/// A small deterministic generator, so confidence intervals are reproducible.
struct SplitMix64 {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Seconds on a monotonic clock.
func monotonicSeconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
