import ArgumentParser
import Dispatch
import PrecisBatch
import PrecisCache
import PrecisGloss
import PrecisSummarize
import PrecisText
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

extension BatchFormat: ExpressibleByArgument {}

/// Set by SIGINT/SIGTERM: workers finish the article in hand and take no more.
private let stopRequested = Atomic<Bool>(false)

extension Precis {
  /// `precis batch`: summary and glossary of every article under a folder.
  struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "batch", abstract: "Summarise and gloss every article under a folder, on all cores.",
      discussion: """
        Walks DIR recursively (.txt, .md, .html, .htm; hidden files skipped; symbolic link \
        loops reported) and digests each article: summary and key terms. With --out, writes \
        one JSON (or Markdown) file per article at its relative path, index.jsonl (one line \
        per input: path, status ok|cached|error, error, hash; appended to \
        index.jsonl.partial as results arrive) and digest.md; every file is written \
        atomically, beneath --out, never through a symbolic link. Without --out, prints one \
        JSON line per input (path, source, status, warnings, …) or the Markdown digest. \
        Results are cached, so a re-run, or a run stopped by Ctrl-C, resumes where it was. \
        One bad file never stops the others: it is reported on stderr and in the index. \
        Files a batch wrote (listed in .precis-output) are never taken as input.

        Examples:
          precis batch examples/ --out digest/
          precis batch ~/articles --out out --jobs 2 --include '*.txt' --exclude 'drafts'
          precis batch news/ --format markdown > digest.md
          precis batch news/ | jq -r 'select(.status != "error") | .summary.sentences[0].text'

        Ctrl-C lets the articles in hand finish and writes the index and digest of what is \
        done; a second Ctrl-C quits at once. Either way no output is left half-written.

        Exit status: 0 all articles done, 1 some failed (see stderr or index.jsonl), 66 DIR \
        cannot be read, 74 --out is not a folder or cannot be written, 130 interrupted (finished outputs are kept; run again to resume).
        """
    )

    @Argument(help: "The folder of articles.")
    var directory: String

    @Option(name: .long, help: ArgumentHelp("Output folder (default: JSON lines on stdout).", valueName: "dir"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Worker threads; 0 is one per core.", valueName: "n"))
    var jobs: Int = 0

    @Option(name: .long, help: "Per-article output: json, or markdown (without --out: the digest on stdout).")
    var format: BatchFormat = .json

    @Option(name: .long, help: ArgumentHelp("Take only files matching this glob (repeatable; default *.txt *.md *.html *.htm).", valueName: "glob"))
    var include: [String] = []

    @Option(name: .long, help: ArgumentHelp("Skip files and folders matching this glob (repeatable).", valueName: "glob"))
    var exclude: [String] = []

    @Option(name: .long, help: ArgumentHelp("Sentences in each summary.", valueName: "n"))
    var sentences: Int = 3

    @Option(name: .long, help: ArgumentHelp("Key terms in each glossary.", valueName: "n"))
    var top: Int = 10

    @Option(name: .long, help: "Sentence scorer.")
    var algorithm: Algorithm = .learned

    @OptionGroup var lexiconOptions: LexiconOptions
    @OptionGroup var cacheOptions: CacheOptions

    func validate() throws {
      if sentences < 1 { throw ValidationError("--sentences must be at least 1.") }
      if top < 1 { throw ValidationError("--top must be at least 1.") }
      if jobs < 0 { throw ValidationError("--jobs must be 0 (all cores) or more.") }
    }

    func run() throws {
      let start = monotonicSeconds()
      // "news/" and "news" are one root: paths under it are never shown as "news//a.txt".
      let directory = Self.normalised(self.directory)
      if let out, let problem = OutputFolder.problem(with: out) {
        Console.err("precis: \(FileName.display(out)): cannot be the output folder: \(problem)")
        throw ExitCode(ExitStatus.outputError)
      }
      // A bad user lexicon is reported first, before the folder is walked or the cache made.
      let user: UserLexicon?
      let lexiconIdentity: String
      do throws(InputFailure) {
        user = try lexiconOptions.userLexicon()
        lexiconIdentity = try lexiconOptions.identity()
      } catch {
        throw Console.report(error)
      }
      let summarizer = Summarizer(algorithm: algorithm, length: .sentences(sentences))
      // The built-in lexicons and models load on another thread (see
      // `ArticleDigester.warmUp`) while this one walks the folder and opens the cache: about
      // 4 + 4 ms beside 3 + 3 ms, all before the first article.
      let loading = DispatchGroup(), loaded = LoadedLexicon()
      let (lexiconPath, top) = (lexiconOptions.path, top)
      DispatchQueue.global().async(group: loading) {
        do throws(InputFailure) {
          let glossarist = try LexiconOptions.glossarist(user: user, path: lexiconPath)
          loaded.result = .success(glossarist)
          ArticleDigester(summarizer: summarizer, glossarist: glossarist, top: top, cache: nil, keyParameters: [], dataVersion: "")
            .warmUp()
        } catch {
          loaded.result = .failure(error)
        }
      }
      // The cache opens on another thread while this one walks the folder (a new file's
      // schema took 1.5–3 ms before the first article, the walk 1–2 ms), unless the file is
      // or may come to be inside the folder (the walk must not depend on when it appears),
      // or the folder cannot be walked (the command then fails without touching the cache).
      let opening = DispatchGroup(), opened = OpenedStore()
      let cacheOptions = cacheOptions
      let openAside = FileName.withCString(directory, { access($0, R_OK | X_OK) }) == 0 && (cacheOptions.path.map { Self.isOutside($0, of: directory) } ?? false)
      if openAside { DispatchQueue.global().async(group: opening) { opened.store = cacheOptions.open() } }
      var finder = ArticleFinder(include: include.isEmpty ? ArticleFinder.defaultInclude : include, exclude: exclude)
      if let out, let inside = Self.relativePath(of: out, under: directory) { finder.skippedFolders = [inside] }
      let found: (files: [String], problems: [ArticleFinder.Problem])
      do {
        found = try finder.find(in: directory)
      } catch {
        opening.wait()
        throw Console.report(InputFailure(file: FileName.display(directory), message: "cannot read the folder: \(error)", status: ExitStatus.unreadable))
      }
      if openAside { opening.wait() } else { opened.store = cacheOptions.open() }
      let store = opened.store
      store?.beginBulkWrites()
      loading.wait()
      let glossarist: Glossarist
      switch loaded.result {
      case .success(let value)?: glossarist = value
      case .failure(let error)?: throw Console.report(error)
      case nil: throw Console.report(InputFailure(file: "precis", message: "the lexicon was not loaded", status: ExitStatus.internalError))
      }
      var digester = ArticleDigester(
        summarizer: summarizer, glossarist: glossarist, top: top, cache: store,
        keyParameters: [("lexicon", lexiconIdentity), ("precis", PrecisVersion.string)], dataVersion: DataVersion.current())
      digester.refresh = cacheOptions.refresh
      let folder: OutputFolder?
      do throws(OutputError) {
        folder = try out.map { path throws(OutputError) in try OutputFolder(path: path) }
      } catch {
        Console.err("precis: \(FileName.display(out ?? "")): cannot create the output folder: \(error)")
        throw ExitCode(ExitStatus.outputError)
      }
      var runner = BatchRunner(root: directory, files: found.files, digester: digester, output: folder, format: format)
      if let folder, !folder.isNew, !cacheOptions.refresh { runner.skipped = BatchRunner.crashedPaths(in: folder) }
      // Tests make a worker trap on one file with it, as a bug on one article would.
      runner.trapsOn = Environment.values(["PRECIS_TEST_TRAP_ON"])["PRECIS_TEST_TRAP_ON"]
      let progress = Progress(total: found.files.count, enabled: Console.stderrIsTerminal, start: start)
      let toStdout = out == nil
      let format = format
      let shownRoot = FileName.display(directory)
      for problem in found.problems { Console.err("precis: \(shownRoot)/\(FileName.display(problem.path)): \(problem.message)") }
      if found.files.isEmpty && found.problems.isEmpty {
        Console.err("precis: warning: no articles in \(shownRoot) (looked for \(finder.include.joined(separator: " ")))")
      }
      if toStdout && format == .markdown { Console.out("# Digest of \(shownRoot)\n\n") }
      // The first Ctrl-C lets the workers finish the articles in hand; a second one quits at
      // once (outputs are written atomically, so none is left half-written either way).
      signal(SIGINT) { _ in if stopRequested.exchange(true, ordering: .relaxed) { _exit(ExitStatus.interrupted) } }
      signal(SIGTERM) { _ in stopRequested.store(true, ordering: .relaxed) }
      // A parent may have started this process with them blocked (a test runner does): they
      // would then wait until the batch ends.
      var stopSignals = sigset_t()
      sigemptyset(&stopSignals)
      sigaddset(&stopSignals, SIGINT)
      sigaddset(&stopSignals, SIGTERM)
      pthread_sigmask(SIG_UNBLOCK, &stopSignals, nil)
      let items: [BatchItem?]
      do throws(OutputError) {
        items = try runner.run(jobs: jobs, shouldStop: { stopRequested.load(ordering: .relaxed) }) { item in
          if item.error != nil || !item.warnings.isEmpty || toStdout { progress.clear() }
          let shown = FileName.display(item.path)
          if let error = item.error { Console.err("precis: \(shownRoot)/\(shown): \(error)") }
          for warning in item.warnings { Console.err("precis: \(shownRoot)/\(shown): warning: \(warning)") }
          if toStdout {
            if format == .json { Console.out(item.jsonLine + "\n") } else if let digest = item.digest {
              Console.out(digest.markdownSection(source: shown) + "\n")
            }
          }
          progress.advance(cached: item.status == .cached)
        }
      } catch {
        Console.err("precis: \(FileName.display(out ?? "")): cannot write the index: \(error)")
        throw ExitCode(ExitStatus.outputError)
      }
      progress.clear()
      signal(SIGINT, SIG_DFL)
      signal(SIGTERM, SIG_DFL)
      let problems = found.problems.map { BatchItem(path: $0.path, error: $0.message) }
      let done = items.compactMap { $0 } + problems
      // Nothing of the batch is freed: the process ends after writing it (`keepUntilExit`).
      keepUntilExit((items, runner, glossarist, store))
      if toStdout && format == .json { for item in problems { Console.out(item.jsonLine + "\n") } }
      // The cache's last writes (and the copy of its log into the database) on another
      // thread while this one writes the index and the digest: both are serial work after
      // the articles, with one core idle (perf: 5% of a cold batch).
      let flushed = DispatchGroup()
      if let store { DispatchQueue.global().async(group: flushed) { store.flush() } }
      if let folder {
        do throws(OutputError) {
          try BatchRunner.writeSummaries(done, to: folder, title: "Digest of \(shownRoot)", total: found.files.count + problems.count)
        } catch {
          flushed.wait()
          Console.err("precis: \(FileName.display(folder.path)): cannot write the index and digest: \(error)")
          throw ExitCode(ExitStatus.outputError)
        }
      }
      flushed.wait()
      if let warning = store?.takeWarning() { Console.err("precis: warning: \(warning); results were not cached") }
      let failed = done.reduce(0) { $0 + ($1.status == .error ? 1 : 0) }
      let cached = done.reduce(0) { $0 + ($1.status == .cached ? 1 : 0) }
      let elapsed = monotonicSeconds() - start
      let rate = elapsed > 0 ? Int(Double(done.count) / elapsed) : 0
      Console.err(
        "precis batch: \(done.count) of \(found.files.count + problems.count) files: \(done.count - failed - cached) done, \(cached) cached, \(failed) failed in \((elapsed * 100).rounded() / 100) s (\(rate) files/s)"
      )
      if stopRequested.load(ordering: .relaxed) {
        Console.err("precis: interrupted; finished outputs are kept, run the same command again to resume")
        throw ExitCode(ExitStatus.interrupted)
      }
      if failed > 0 { throw ExitCode(ExitStatus.someFailed) }
    }

    /// Whether `path` is surely outside the folder `root`: its parent folder exists and is
    /// not `root` or inside it.
    static func isOutside(_ path: String, of root: String) -> Bool {
      let parent = path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) : "."
      return FileName.withCString(parent.isEmpty ? "/" : parent, { access($0, F_OK) }) == 0 && relativePath(of: path, under: root) == nil
    }

    /// `path` with no trailing slash ("/" stays "/").
    static func normalised(_ path: String) -> String {
      var path = path
      while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
      return path
    }

    /// `realpath(path)`, its bytes kept (see `FileName`), or nil.
    static func realPath(_ path: String) -> String? {
      guard let real = FileName.withCString(path, { realpath($0, nil) }) else { return nil }
      defer { free(real) }
      return FileName.string(fromBytes: UnsafeBufferPointer(start: UnsafeRawPointer(real).assumingMemoryBound(to: UInt8.self), count: strlen(real)))
    }

    /// `path` relative to `root` when it lies inside it (both resolved), else nil.
    static func relativePath(of path: String, under root: String) -> String? {
      guard let rootPath = realPath(root) else { return nil }
      // The output folder may not exist yet: resolve its parent.
      var target = path
      while target.hasSuffix("/") && target.count > 1 { target.removeLast() }
      let parent = target.contains("/") ? String(target[..<(target.lastIndex(of: "/") ?? target.startIndex)]) : "."
      let name = target.split(separator: "/").last.map(String.init) ?? target
      guard let realParent = realPath(parent.isEmpty ? "/" : parent) else { return nil }
      let full = realParent + "/" + name
      guard full.hasPrefix(rootPath + "/") else { return nil }
      return String(full.dropFirst(rootPath.count + 1))
    }
  }
}


/// The progress line on a terminal: done/total, rate, ETA. Silent when stderr is not a
/// terminal. Called under the runner's lock, so never from two threads at once.
final class Progress: @unchecked Sendable {
  let total: Int
  let enabled: Bool
  let start: Double
  private var done = 0, cached = 0
  private var lastDraw = 0.0
  private var shown = false

  init(total: Int, enabled: Bool, start: Double) {
    self.total = total
    self.enabled = enabled
    self.start = start
  }

  func advance(cached isCached: Bool) {
    done += 1
    if isCached { cached += 1 }
    guard enabled else { return }
    let now = monotonicSeconds()
    guard now - lastDraw > 0.1 || done == total else { return }
    lastDraw = now
    let elapsed = now - start
    let rate = elapsed > 0 ? Double(done) / elapsed : 0
    let eta = rate > 0 ? Double(total - done) / rate : 0
    let width = 30, filled = total > 0 ? width * done / total : width
    let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
    var line = "\r[\(bar)] \(done)/\(total)  \(Int(rate))/s  ETA \(Int(eta.rounded())) s"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    shown = true
  }

  /// Erases the line before other output.
  func clear() {
    guard shown else { return }
    var line = "\r\u{1B}[K"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    shown = false
  }
}

/// The glossarist, or why it could not be made: written by the thread that loads it before
/// it leaves its `DispatchGroup`, read after the wait.
private final class LoadedLexicon: @unchecked Sendable {
  var result: Result<Glossarist, InputFailure>?
}

/// The cache opened on another thread; read after waiting for it.
private final class OpenedStore: @unchecked Sendable {
  var store: CacheStore?
}

/// Keeps `value` alive until the process exits. Freeing a cold batch's 1,500 results and
/// its memos of words one by one after the last output was written took 7 ms of its tail
/// (perf), for memory the process gives back when it exits a moment later. (The cache's
/// connections stay open too: `flush()` has emptied its log already.)
private func keepUntilExit<T>(_ value: T) {
  _ = Unmanaged.passRetained(KeptUntilExit(value))
}

private final class KeptUntilExit<Value> {
  let value: Value
  init(_ value: Value) { self.value = value }
}
