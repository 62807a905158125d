import Dispatch
import PrecisCache
import PrecisText
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The outcome of one input file of a batch.
public struct BatchItem: Sendable {
  /// What happened to a file.
  public enum Status: String, Sendable {
    /// Computed now.
    case ok
    /// Found in the cache.
    case cached
    /// Not processed: `error` says why.
    case error
  }

  /// Path relative to the batch's root.
  public let path: String
  /// What happened.
  public let status: Status
  /// The article hash, when the file could be read and decoded.
  public let hash: String?
  /// Why it failed (status `.error`).
  public let error: String?
  /// Warnings about a processed file: bytes that were not UTF-8, not French.
  public let warnings: [String]
  /// The summary and glossary (status `.ok` or `.cached`).
  public let digest: ArticleDigest?
  /// The charset the file was read in.
  public let encoding: String
  /// Its line of `index.jsonl` and its section of `digest.md`, made by the worker that made
  /// the item when the batch writes a folder: made for all the items at the end, they were
  /// 7 ms of serial work after a batch's last article.
  var summaryParts: (indexLine: String, digestSection: String)?
  /// Where its output was written, relative to the output folder.
  var outputPath: String?
  /// Skipped because an earlier run crashed on it (see `CrashRecord`).
  var crashed = false

  /// A failure.
  public init(path: String, error: String, hash: String? = nil) {
    self.path = path
    status = .error
    self.hash = hash
    self.error = error
    warnings = []
    digest = nil
    encoding = ""
  }

  init(path: String, digest: ArticleDigest, cached: Bool, decoded: DecodedText) {
    self.path = path
    status = cached ? .cached : .ok
    hash = digest.hash
    error = nil
    warnings = decoded.warnings + (digest.warning.isEmpty ? [] : [digest.warning])
    self.digest = digest
    encoding = decoded.encoding
  }

  /// The line of `index.jsonl`: `{"path", "status", "error" (failures only), "hash",
  /// "warnings" (when there are)}`; the path shown escaped (`FileName.display`).
  public var indexLine: String {
    if let summaryParts { return summaryParts.indexLine }
    var fields: [(String, JSONValue)] = [("path", .string(FileName.display(path))), ("status", .string(status.rawValue))]
    if let error { fields.append(("error", .string(error))) }
    if let hash { fields.append(("hash", .string(hash))) }
    if !warnings.isEmpty { fields.append(("warnings", .array(warnings.map { .string($0) }))) }
    if crashed { fields.append(("crashed", .string(OutputMarker.encode(path)))) }
    return JSONValue.object(fields).serialized()
  }

  /// The item's JSON line on stdout, one schema for all: `path`, `source` (the same),
  /// `status`, `warnings` (an array), then `error` and `hash` for a failure, or `hash`,
  /// `summary` and `glossary` for an article.
  public var jsonLine: String {
    let shown = FileName.display(path)
    let head = JSONValue.object([
      ("path", .string(shown)), ("source", .string(shown)), ("status", .string(status.rawValue)),
      ("warnings", .array(warnings.map { .string($0) })),
    ]).serialized()
    if let digest {
      // The article's object without its opening `{"source":…,` (the head has the source).
      let body = digest.jsonBytes(source: shown, encoding: encoding)
      let skip = #"{"source":,"#.utf8.count + JSONValue.string(shown).serialized().utf8.count
      return String(head.dropLast()) + "," + String(decoding: body[skip...], as: UTF8.self)
    }
    var fields: [(String, JSONValue)] = [("error", .string(error ?? ""))]
    if let hash { fields.append(("hash", .string(hash))) }
    return String(head.dropLast()) + "," + String(JSONValue.object(fields).serialized().dropFirst())
  }
}

/// Output formats of a batch's per-article files.
public enum BatchFormat: String, Sendable, CaseIterable {
  /// One `.json` a article.
  case json
  /// One `.md` a article.
  case markdown

  var fileExtension: String { self == .json ? ".json" : ".md" }
}

/// Runs the digester over files on several threads, writes each article's output
/// atomically as soon as it is done, and reports results in input order.
///
/// With an output folder, each result's index line is appended to `index.jsonl.partial` as
/// it is reported (in input order, one `write` a pass, so a process that dies keeps the
/// record of the work it finished); `writeSummaries` then writes `index.jsonl` whole and
/// removes the journal.
///
/// ```swift
/// let folder = try OutputFolder(path: "digest")
/// let runner = BatchRunner(root: "news", files: found.files, digester: digester, output: folder, format: .json)
/// let items = runner.run(jobs: 0, shouldStop: { false }) { item in print(item.path, item.status) }
/// try BatchRunner.writeSummaries(items.compactMap { $0 }, to: folder, title: "Digest of news", total: items.count)
/// ```
public struct BatchRunner: Sendable {
  /// The folder the relative paths start from.
  public let root: String
  /// The articles, relative to `root`.
  public let files: [String]
  /// Makes each article's digest.
  public let digester: ArticleDigester
  /// Where per-article outputs go (nil: none).
  public let output: OutputFolder?
  /// The per-article file format.
  public let format: BatchFormat
  /// Output path (relative to `output`) for each file.
  let outputPaths: [String]
  /// The journal of finished items in the output folder (see `BatchRunner`).
  public static let journalName = "index.jsonl.partial"
  /// Files an earlier run crashed on: reported as errors, not processed (see `CrashRecord`).
  public var skipped: Set<String> = []
  /// For tests: the file whose worker traps, as a bug on one article would.
  public var trapsOn: String?

  /// The files an earlier run into `folder` crashed on (see `CrashRecord`): the value for
  /// `skipped`.
  public static func crashedPaths(in folder: OutputFolder) -> Set<String> { CrashRecord.crashedPaths(in: folder) }

  /// Creates a runner. Output files are named after the input with its extension
  /// replaced ("2024/a.txt" → "2024/a.json"); when two inputs would share a name ("a.txt"
  /// and "a.html") both keep their extension ("a.txt.json", "a.html.json").
  public init(root: String, files: [String], digester: ArticleDigester, output: OutputFolder?, format: BatchFormat) {
    self.root = root
    self.files = files
    self.digester = digester
    self.output = output
    self.format = format
    let stems = files.map(Self.stem)
    var seen: [String: Int] = [:]
    for stem in stems { seen[stem, default: 0] += 1 }
    outputPaths = zip(files, stems).map { file, stem in (seen[stem] ?? 0) > 1 ? file + format.fileExtension : stem + format.fileExtension }
  }

  static func stem(_ path: String) -> String {
    // ASCII paths on their bytes: the character-by-character version below takes about a
    // millisecond for 1,500 paths, before the first article.
    let bytes = path.utf8
    if bytes.allSatisfy({ $0 < 0x80 }) {
      let nameStart = bytes.lastIndex(of: UInt8(ascii: "/")).map { bytes.index(after: $0) } ?? bytes.startIndex
      guard let dot = bytes[nameStart...].lastIndex(of: UInt8(ascii: ".")), dot != nameStart else { return path }
      return String(path[..<dot])
    }
    let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return path }
    return String(path.dropLast(name.distance(from: dot, to: name.endIndex)))
  }

  /// Processes every file on `jobs` threads (0: one per core) until done or until
  /// `shouldStop()` says so (files not started are then left out: nil). `report` is called
  /// once per finished file, in input order, never from two threads at once.
  ///
  /// - Throws: `OutputError` when the journal cannot be created in the output folder
  ///   (before any file is processed).
  public func run(jobs: Int, shouldStop: @Sendable () -> Bool, report: @Sendable (BatchItem) -> Void) throws(OutputError) -> [BatchItem?] {
    let count = files.count
    let workers = max(1, min(count, jobs > 0 ? jobs : Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
    let journal = try output?.openJournal(Self.journalName)
    if let journal { CrashRecord.install(journal: journal, files: files, workers: workers) }
    defer {
      if let journal {
        CrashRecord.uninstall()
        close(journal)
      }
    }
    let next = Atomic<Int>(0)
    let state = Mutex<(items: [BatchItem?], reported: Int)>((Array(repeating: nil, count: count), 0))
    // Some articles before the end, the cache starts copying its log into the database
    // beside the last articles (see `CacheStore.checkpointInBackground()`).
    let checkpointAt = count >= 256 ? count - max(64, count / 32) : -1
    let readAhead = count > 1 ? ReadAhead(paths: files.map { root + "/" + $0 }) : nil
    readAhead?.start()
    defer { readAhead?.finish() }
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      while !shouldStop() {
        let i = next.add(1, ordering: .relaxed).oldValue
        if i >= count { return }
        if i == checkpointAt { digester.cache?.checkpointInBackground() }
        if journal != nil { CrashRecord.begin(worker: worker, item: i) }
        let item = process(i, opened: readAhead?.take(i))
        if journal != nil { CrashRecord.begin(worker: worker, item: -1) }
        // Results are reported in input order: whoever completes the next one in line
        // reports it and any that finished early behind it.
        state.withLock { state in
          state.items[i] = item
          var lines: [UInt8] = []
          while state.reported < count, let ready = state.items[state.reported] {
            report(ready)
            if journal != nil {
              lines.append(contentsOf: ready.indexLine.utf8)
              lines.append(10)
            }
            state.reported += 1
          }
          // A failed append loses the journal only: the index is written whole at the end.
          if let journal, !lines.isEmpty { _ = AtomicFile.writeAll(lines, to: journal) }
        }
      }
    }
    return state.withLock { $0.items }
  }

  /// Reads, digests and writes one file (from `opened`, its descriptor, when it was opened
  /// ahead: it is closed here); never throws: failures are items.
  func process(_ i: Int, opened: Int32? = nil) -> BatchItem {
    let path = files[i]
    if !skipped.isEmpty && skipped.contains(path) {
      if let opened { close(opened) }
      var item = BatchItem(path: path, error: "Precis crashed on this file in an earlier run; skipped (--refresh tries it again)")
      item.crashed = true
      return item
    }
    if let trapsOn, trapsOn == path { fatalError("trapping on \(path), as asked") }
    let fd = opened ?? FileName.withCString(root + "/" + path) { open($0, O_RDONLY | O_CLOEXEC) }
    guard fd >= 0 else { return BatchItem(path: path, error: "cannot read: \(FileBytes.error(errno))") }
    let read = Self.read(fd)
    close(fd)
    let bytes: [UInt8]
    switch read {
    case .success(let value): bytes = value
    case .failure(let failure): return BatchItem(path: path, error: failure.message)
    }
    let decoded: DecodedText
    do {
      decoded = try TextDecoder.decode(bytes)
    } catch {
      return BatchItem(path: path, error: error.description)
    }
    let result: (digest: ArticleDigest, cached: Bool)
    do {
      result = try digester.digest(decoded)
    } catch .empty {
      return BatchItem(path: path, error: "no sentence left after cleaning", hash: ArticleHash.of(decoded.text))
    } catch {
      return BatchItem(path: path, error: error.description, hash: ArticleHash.of(decoded.text))
    }
    var item = BatchItem(path: path, digest: result.digest, cached: result.cached, decoded: decoded)
    if let output {
      let shown = FileName.display(path)
      let section = result.digest.markdownSection(source: shown)
      item.summaryParts = (item.indexLine, section)
      let content = format == .json
        ? result.digest.jsonBytes(source: shown, encoding: decoded.encoding, terminator: 10) : Array(section.utf8)
      do {
        try output.write(bytes: content, to: outputPaths[i], isNew: output.isNew)
      } catch {
        let target = FileName.display(output.path + "/" + outputPaths[i])
        return BatchItem(path: path, error: "cannot write \(target): \(error)", hash: result.digest.hash)
      }
      item.outputPath = outputPaths[i]
    }
    return item
  }

  /// The whole of the open file `fd`, or why it cannot be had, for a user. Reading stops at
  /// `TextDecoder.maximumSize` (a regular file above it is refused before it is read).
  static func read(_ fd: Int32) -> Result<[UInt8], ReadFailure> {
    do {
      return .success(try FileBytes.read(descriptor: fd, limit: TextDecoder.maximumSize))
    } catch .tooLarge {
      // Worded as in the other commands (`InputFailure`): refused, not unreadable.
      return .failure(ReadFailure(message: FileBytes.ReadError.tooLarge(limit: TextDecoder.maximumSize).description))
    } catch {
      return .failure(ReadFailure(message: "cannot read: \(error)"))
    }
  }

  /// Why a file could not be read, for a user.
  struct ReadFailure: Error {
    let message: String
  }

  /// Writes `index.jsonl` (one line per file, failures included), `digest.md` (the
  /// articles that were summarised; `total` files in all, so a digest of fewer says it is
  /// partial) and the output marker into `output`, atomically, then removes the journal.
  public static func writeSummaries(_ items: [BatchItem], to output: OutputFolder, title: String, total: Int) throws(OutputError) {
    // Put together as bytes from the lines and sections the workers made.
    var index: [UInt8] = []
    index.reserveCapacity(items.reduce(0) { $0 + $1.indexLine.utf8.count + 1 })
    for item in items {
      index.append(contentsOf: item.indexLine.utf8)
      index.append(10)
    }
    try output.write(bytes: index, to: "index.jsonl")
    output.remove(journalName)
    let written = items.compactMap(\.outputPath)
    try output.write(bytes: OutputMarker.contents(listing: written, previous: output.read(OutputMarker.name)), to: OutputMarker.name)
    let sections = items.compactMap { item in item.digest.map { item.summaryParts?.digestSection ?? $0.markdownSection(source: FileName.display(item.path)) } }
    let failed = items.count - sections.count
    let failures = failed > 0 ? ", \(failed) failed (see index.jsonl)" : ""
    let summary = items.count < total
      ? "Interrupted: \(sections.count) of \(total) articles summarised\(failures); run the same command again to resume."
      : "\(sections.count) articles summarised\(failures)."
    var digest = Array("# \(title)\n\n\(summary)\n\n".utf8)
    digest.reserveCapacity(digest.count + sections.reduce(0) { $0 + $1.utf8.count + 1 })
    for (k, section) in sections.enumerated() {
      if k > 0 { digest.append(10) }
      digest.append(contentsOf: section.utf8)
    }
    try output.write(bytes: digest, to: "digest.md")
  }
}
