// precis-bench: in-process throughput of the summariser (dev-time tool, used by scripts/bench/bench.sh).
//
//   precis-bench DIR [--jobs N] [--algorithm A] [--repeat R] [--gloss] [--no-summary] [--no-tagger]
//                    [--warm DIR2] [--pause S]
//   precis-bench DIR --primitives     # ns per token of hashing, interning and cache lookups
//
// --warm DIR2 runs DIR2's articles once before timing (their words then start in the memos,
// as if a table of them shipped with Precis); --pause S prints "ready" on stderr and sleeps
// S seconds before timing, for `perf record -p` to see the timed passes only.
//
// Reads every file of DIR into memory first, then times decoding + segmentation +
// cleaning + scoring + selection of all of them, on N threads (default: all cores), and
// prints articles/second. Reading from disk is excluded so the figure is the pipeline's.
import PrecisGloss
import PrecisSummarize
import PrecisText

#if canImport(Glibc)
  import Glibc
#endif

func seconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

var args = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
  guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
  let value = args[i + 1]
  args.removeSubrange(i...(i + 1))
  return value
}
let jobs = option("--jobs").flatMap { Int($0) } ?? 0
let algorithm = option("--algorithm").flatMap { Algorithm(rawValue: $0) } ?? .learned
let warmDir = option("--warm")
let repeats = option("--repeat").flatMap { Int($0) } ?? 3
// --gloss: also build each article's glossary (summary + glossary, as `precis batch` will).
let withGloss = args.contains("--gloss")
args.removeAll { $0 == "--gloss" }
// --no-summary: skip the summary (documents, and the glossary with --gloss), to time phases.
let withSummary = !args.contains("--no-summary")
args.removeAll { $0 == "--no-summary" }
/// One line on stderr (file descriptor 2: the C `stderr` is not concurrency-safe in Swift 6).
func printError(_ line: String) {
  let bytes = Array((line + "\n").utf8)
  _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}
let usage = "usage: precis-bench DIR [--jobs N] [--algorithm A] [--repeat R] [--gloss] [--no-summary] [--no-tagger]"
if args.contains("--help") || args.contains("-h") {
  print(usage)
  exit(0)
}
guard let dir = args.first, !dir.hasPrefix("-") else {
  printError(usage)
  exit(64)
}
let names: [String]
do {
  names = try DirectoryListing.files(in: dir)
} catch {
  printError("precis-bench: \(dir): \(error)")
  exit(66)
}
let inputs = names.compactMap { try? FileBytes.read(dir + "/" + $0) }
// Warm up: load resources and models once, outside the timing.
_ = try Document(text: "Un essai. Deux essais.")
_ = try DocumentFrequencies.french()
// --primitives: the cost of the per-word operations the pipeline repeats, then exit.
if args.contains("--primitives") {
  timePrimitives(inputs)
  exit(0)
}
// --no-tagger: context rules instead of the tagger (to time the tagger's share).
let withTagger = !args.contains("--no-tagger")
args.removeAll { $0 == "--no-tagger" }
let glossarist = try withGloss ? Glossarist.french().withoutTagger(!withTagger) : nil
let summarizer = Summarizer(algorithm: algorithm, length: .sentences(3))
/// One article through the pipeline; the number of sentences and terms it gave.
@Sendable func process(_ bytes: [UInt8]) -> Int {
  guard let decoded = try? TextDecoder.decode(bytes), let document = try? Document(decoded: decoded) else { return 0 }
  let sentences = withSummary ? (try? summarizer.summarize(document))?.sentences.count ?? 0 : document.sentences.count
  let terms = glossarist?.glossary(for: document, top: 15).count ?? 0
  return sentences + terms
}
if let warmDir {
  let names = (try? DirectoryListing.files(in: warmDir)) ?? []
  _ = names.compactMap { try? FileBytes.read(warmDir + "/" + $0) }.parallelMap(jobs: jobs, process)
}
if let pause = option("--pause").flatMap({ Double($0) }) {
  printError("ready")
  usleep(UInt32(pause * 1e6))
}
var best = Double.infinity
for _ in 0..<repeats {
  let start = seconds()
  let counts = inputs.parallelMap(jobs: jobs, process)
  let elapsed = seconds() - start
  best = min(best, elapsed)
  precondition(counts.count == inputs.count)
}
let rate = Double(inputs.count) / best
print("precis-bench: \(inputs.count) articles, \(withSummary ? "algorithm " + algorithm.rawValue : "no summary")\(withGloss ? " + glossary" : ""), jobs \(jobs == 0 ? "all" : String(jobs)): best of \(repeats) \(String(format3(best))) s, \(Int(rate)) articles/s")

/// Nanoseconds per token of the operations every token pays for, over the words of `inputs`
/// in order (a function, not top-level code: globals of main.swift add access checks).
func timePrimitives(_ inputs: [[UInt8]]) {
  let docs = inputs.compactMap { bytes -> [String]? in
    guard let decoded = try? TextDecoder.decode(bytes), let document = try? Document(decoded: decoded) else { return nil }
    return document.sentences.flatMap { $0.tokens.map(\.norm) }
  }
  let total = docs.reduce(0) { $0 + $1.count }
  var sink = 0
  func time(_ label: String, _ body: () -> Int) {
    var best = Double.infinity
    for _ in 0..<5 {
      let start = seconds()
      sink &+= body()
      best = min(best, seconds() - start)
    }
    print(label + String(repeating: " ", count: max(1, 46 - label.count)) + format3(best * 1e9 / Double(total)) + " ns/token")
  }
  let cache = BoundedCache<[Double]>(limit: 30_000)
  let set = ByteKeySet(Set(docs.joined()).sorted().prefix(30_000))
  time("loop alone") { docs.reduce(0) { $0 &+ $1.reduce(0) { $0 &+ $1.utf8.count } } }
  time("FNV-1a of the word's bytes") { docs.reduce(0) { $0 &+ $1.reduce(0) { $0 &+ Int(truncatingIfNeeded: FNV1a.hash(utf8Of: $1)) } } }
  time("ByteKeySet.contains") { docs.reduce(0) { $0 &+ $1.reduce(0) { $0 &+ (set.contains($1) ? 1 : 0) } } }
  time("WordInterner.intern (one interner a document)") {
    docs.reduce(0) { total, words in
      var interner = WordInterner()
      return total &+ words.reduce(0) { $0 &+ interner.intern($1).id }
    }
  }
  time("BoundedCache<[Double]>.value (64 doubles)") {
    docs.reduce(0) { $0 &+ $1.reduce(0) { $0 &+ cache.value(for: $1) { [Double](repeating: 1, count: 64) }.count } }
  }
  print("\(total) tokens (\(sink & 1))")
}

func format3(_ x: Double) -> String { String((x * 1000).rounded() / 1000) }

extension Glossarist {
  func withoutTagger(_ drop: Bool) -> Glossarist {
    drop ? Glossarist(lexicon: lexicon, lemmatizer: lemmatizer, frequencies: frequencies, tagger: nil) : self
  }
}
