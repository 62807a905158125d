import ArgumentParser
import PrecisCache
import PrecisText

#if canImport(Glibc)
  import Glibc
#endif

extension Precis {
  /// `precis cache`: look after the result cache.
  struct Cache: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "cache", abstract: "Show, prune or clear the result cache.",
      discussion: """
        Every result of summarize, gloss, analyze and batch is kept in an SQLite database, \
        keyed by the SHA-256 of the article's text and everything that shapes the output \
        (command, options, models and lexicons, and the build: the binary's GNU build ID and \
        the ICU version), so re-runs are instant and never stale. stats and prune on a path \
        with no cache fail (status 66) and create nothing; clear there succeeds.

        Examples:
          precis cache stats
          precis cache stats --format json
          precis cache prune --older-than 30d --max-size 500MB
          precis cache clear
          precis cache path
        """,
      subcommands: [Stats.self, Clear.self, Prune.self, Path.self]
    )

    /// The `--cache` option of the cache commands.
    struct Location: ParsableArguments {
      @Option(name: .long, help: ArgumentHelp(
        "The cache database (default: $PRECIS_CACHE, else $XDG_CACHE_HOME/precis/cache.sqlite, else ~/.cache/precis/cache.sqlite).",
        valueName: "path"))
      var cache: String?

      var path: String { CacheOptions(cache: cache).path ?? "" }

      /// Opens the store and runs `body` with it; a failure is one line on stderr (status 66).
      /// With no file at the path (a mistyped `--cache`), says so and creates nothing: status
      /// 66, or 0 when `missingIsDone` (clearing a cache that is not there has nothing to do).
      func withStore(missingIsDone: Bool = false, _ body: (CacheStore) throws(CacheError) -> Void) throws {
        let path = path
        if !path.isEmpty && !CacheStore.exists(path) {
          Console.err("precis: \(FileName.display(path)): no cache there")
          if missingIsDone { return }
          throw ExitCode(ExitStatus.unreadable)
        }
        let store = try open()
        do {
          try body(store)
        } catch {
          Console.err("precis: \(error)")
          throw ExitCode(ExitStatus.unreadable)
        }
      }

      /// Opens the store, or fails with one line (status 66).
      func open() throws -> CacheStore {
        let path = path
        guard !path.isEmpty else {
          Console.err("precis: no cache path: set HOME, XDG_CACHE_HOME or PRECIS_CACHE, or give --cache")
          throw ExitCode(ExitStatus.unreadable)
        }
        do {
          return try CacheOptions.openStore(path)
        } catch {
          Console.err("precis: \(error)")
          throw ExitCode(ExitStatus.unreadable)
        }
      }
    }

    /// `precis cache stats`.
    struct Stats: ParsableCommand {
      static let configuration = CommandConfiguration(commandName: "stats", abstract: "Entries, size on disk, hits and misses, per command.")
      @OptionGroup var location: Location
      @Option(name: .long, help: "Output format: text or json.")
      var format: StatsFormat = .text

      enum StatsFormat: String, CaseIterable, ExpressibleByArgument { case text, json }

      func run() throws {
        try location.withStore { (store) throws(CacheError) in
          let stats = try store.stats()
          Console.out(format == .json ? Self.json(stats, path: FileName.display(store.path)) : Self.text(stats, path: FileName.display(store.path)))
        }
      }

      static func json(_ s: CacheStats, path: String) -> String {
        let commands = s.commands.map { c in
          JSONValue.object([
            ("command", .string(c.command)), ("entries", .integer(c.entries)), ("bytes", .integer(c.valueBytes)),
            ("hits", .integer(c.hits)), ("misses", .integer(c.misses)),
          ])
        }
        return JSONValue.object([
          ("path", .string(path)), ("build", .string(BuildIdentity.current)), ("entries", .integer(s.entries)), ("sizeOnDisk", .integer(s.fileBytes)),
          ("valueBytes", .integer(s.valueBytes)), ("hits", .integer(s.hits)), ("misses", .integer(s.misses)),
          ("oldest", s.oldest.map { .string(Self.date($0)) } ?? .null), ("newest", s.newest.map { .string(Self.date($0)) } ?? .null),
          ("commands", .array(commands)),
        ]).serialized(indent: 2) + "\n"
      }

      static func text(_ s: CacheStats, path: String) -> String {
        var out = "cache:    \(path)\n"
        out += "build:    \(BuildIdentity.current) (results of other builds are not used)\n"
        out += "entries:  \(s.entries)\n"
        out += "on disk:  \(Self.size(s.fileBytes)) (results: \(Self.size(s.valueBytes)))\n"
        out += "hits:     \(s.hits)  misses: \(s.misses)\n"
        if let oldest = s.oldest, let newest = s.newest { out += "oldest:   \(Self.date(oldest))\nnewest:   \(Self.date(newest))\n" }
        if !s.commands.isEmpty {
          out += "\ncommand    entries  size      hits  misses\n"
          for c in s.commands {
            out += c.command.padding(10) + " " + String(c.entries).padding(8) + " " + Self.size(c.valueBytes).padding(9) + " "
              + String(c.hits).padding(5) + " " + String(c.misses) + "\n"
          }
        }
        return out
      }

      /// "1.2 MB" (decimal units, as `--max-size` reads them).
      static func size(_ bytes: Int) -> String {
        if bytes < 1000 { return "\(bytes) B" }
        let units = ["kB", "MB", "GB", "TB"]
        var value = Double(bytes) / 1000, unit = 0
        while value >= 1000 && unit < units.count - 1 {
          value /= 1000
          unit += 1
        }
        return "\((value * 10).rounded() / 10) \(units[unit])"
      }

      /// ISO 8601 UTC.
      static func date(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
      }
    }

    /// `precis cache clear`.
    struct Clear: ParsableCommand {
      static let configuration = CommandConfiguration(commandName: "clear", abstract: "Delete every cached result.")
      @OptionGroup var location: Location

      func run() throws {
        try location.withStore(missingIsDone: true) { (store) throws(CacheError) in
          let before = try store.stats().entries
          try store.clear()
          Console.err("precis: removed \(before) cached results from \(FileName.display(store.path))")
        }
      }
    }

    /// `precis cache prune`.
    struct Prune: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "prune", abstract: "Delete results not used for a while, or the least recently used beyond a size.",
        discussion: "Examples:\n  precis cache prune --older-than 30d\n  precis cache prune --max-size 500MB")
      @OptionGroup var location: Location

      @Option(name: .long, help: ArgumentHelp("Delete results unused for this long: 30d, 12h, 90m, 2w.", valueName: "age"))
      var olderThan: String?

      @Option(name: .long, help: ArgumentHelp("Then keep at most this much: 500MB, 1.5GB, 800kB, 100MiB.", valueName: "size"))
      var maxSize: String?

      func validate() throws {
        if olderThan == nil && maxSize == nil { throw ValidationError("Give --older-than, --max-size, or both.") }
        if let olderThan, CacheStore.parseDuration(olderThan) == nil {
          throw ValidationError("--older-than: '\(olderThan)' is not a duration (e.g. 30d, 12h, 90m, 2w).")
        }
        if let maxSize, CacheStore.parseSize(maxSize) == nil {
          throw ValidationError("--max-size: '\(maxSize)' is not a size (e.g. 500MB, 1.5GB, 100MiB).")
        }
      }

      func run() throws {
        try location.withStore { (store) throws(CacheError) in
          let removed = try store.prune(
            olderThan: olderThan.flatMap(CacheStore.parseDuration), maxSize: maxSize.flatMap(CacheStore.parseSize))
          Console.err("precis: removed \(removed) cached results; \(Stats.size(try store.stats().fileBytes)) on disk")
        }
      }
    }

    /// `precis cache path`.
    struct Path: ParsableCommand {
      static let configuration = CommandConfiguration(commandName: "path", abstract: "Print where the cache is.")
      @OptionGroup var location: Location

      func run() throws {
        let path = location.path
        guard !path.isEmpty else { throw ExitCode(ExitStatus.unreadable) }
        Console.out(FileName.display(path) + "\n")
      }
    }
  }
}

extension String {
  /// The string padded with spaces to `width` characters.
  func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
