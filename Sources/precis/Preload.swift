import Dispatch
import PrecisGloss
import PrecisSummarize
import PrecisText

/// Loads the built-in language data (word lists, scorer, document frequencies, lexicon, lemma
/// table, tagger) on another core from the start of `main`, while the arguments are parsed
/// and checked: parsing took 3 ms of a one-article run and loading 4–6 ms, one after the
/// other before the first article (perf of `precis gloss` on one sentence, and the syscall
/// timeline of a batch). A tiny article then goes through the commands' pipeline, so that
/// the pages of code and data it needs are mapped too.
///
/// Nothing here changes a result: the data are loaded once per process (the command waits
/// for them if it asks first), failures are left for the command to meet and report, and
/// the memos the tiny article fills only save work later.
enum Preload {
  /// What a command will need, from its name (the first argument).
  enum Need: Equatable {
    case document, summary, glossary, both
  }

  static func need(of command: String) -> Need? {
    switch command {
    case "sentences": return .document
    case "summarize", "eval": return .summary
    case "gloss", "analyze": return .glossary
    case "batch": return .both
    default: return nil
    }
  }

  /// Starts loading for the command in `arguments` (`CommandLine.arguments`), if it reads
  /// articles; returns at once.
  static func start(arguments: [String]) {
    guard arguments.count > 1, let need = need(of: arguments[1]) else { return }
    DispatchQueue.global().async {
      guard let document = try? Document(text: "Le marché de Paris ouvre lundi. Les prix montent.") else { return }
      if need == .summary || need == .both { _ = try? Summarizer().summarize(document) }
      if need == .glossary || need == .both, let glossarist = try? Glossarist.french() {
        _ = glossarist.glossary(for: document, top: 15)
      }
      // A batch looks up tens of thousands of terms: their IDF index is built now, while the
      // main thread still parses, walks the folder and opens the cache.
      if need == .both { (try? DocumentFrequencies.french())?.prepareForManyLookups() }
    }
  }
}
