import ArgumentParser
import PrecisCache
import PrecisText

#if canImport(Glibc)
  import Glibc
#endif

/// `--cache`, `--no-cache`, `--refresh`: shared by every command that caches its output.
struct CacheOptions: ParsableArguments {
  /// Where the cache lives.
  @Option(name: .long, help: ArgumentHelp(
    "The cache database (default: $PRECIS_CACHE, else $XDG_CACHE_HOME/precis/cache.sqlite, else ~/.cache/precis/cache.sqlite).",
    valueName: "path"))
  var cache: String?

  /// Bypass the cache.
  @Flag(name: .long, help: "Neither read nor write the cache.")
  var noCache = false

  /// Recompute and overwrite.
  @Flag(name: .long, help: "Recompute the result and overwrite the cached one.")
  var refresh = false

  init() {}

  /// Options naming `cache` only (for `precis cache`).
  init(cache: String?) { self.cache = cache }

  func validate() throws {
    if noCache && refresh { throw ValidationError("Give --no-cache or --refresh, not both.") }
  }

  /// The cache path these options name, if any.
  var path: String? {
    if let cache, !cache.isEmpty { return cache }
    return CacheStore.defaultPath(environment: Environment.values(["PRECIS_CACHE", "XDG_CACHE_HOME", "HOME"]))
  }

  /// The store, or nil when bypassed or unusable; problems are one warning on stderr and
  /// never fail the command.
  func open() -> CacheStore? {
    guard !noCache, let path else { return nil }
    do {
      return try Self.openStore(path)
    } catch {
      Console.err("precis: warning: \(error); continuing without the cache")
      return nil
    }
  }

  /// Opens the store at `path`; a damaged file moved aside is reported on stderr.
  static func openStore(_ path: String) throws(CacheError) -> CacheStore {
    let store = try CacheStore(path: path)
    if let moved = store.movedAside {
      Console.err("precis: warning: the cache at \(FileName.display(path)) was damaged; moved it to \(FileName.display(moved)) and started a new one")
    }
    return store
  }
}

/// One command's use of the cache: look up, or compute and store.
struct CachedRun {
  let store: CacheStore?
  let refresh: Bool
  let key: CacheKey

  /// Opens the cache for `command` on an article with `hash`; `parameters` name every
  /// option that changes the output.
  init(_ options: CacheOptions, command: String, hash: String, parameters: [(String, String)]) {
    store = options.open()
    refresh = options.refresh
    key = CacheKey(
      articleHash: hash, command: command, parameters: parameters + [("precis", PrecisVersion.string)],
      dataVersion: DataVersion.current())
  }

  /// The cached output, or `compute()`'s (then stored).
  func output(_ compute: () throws(InputFailure) -> String) throws(InputFailure) -> String {
    if !refresh, let bytes = store?.value(for: key) { return String(decoding: bytes, as: UTF8.self) }
    let value = try compute()
    store?.store(Array(value.utf8), for: key)
    return value
  }

  /// Writes counters and reports a write failure (read-only location, full disk) once.
  func finish() {
    guard let store else { return }
    store.flush()
    if let warning = store.takeWarning() { Console.err("precis: warning: \(warning); results were not cached") }
  }
}

/// Reads environment variables.
enum Environment {
  /// The set ones among `names`.
  static func values(_ names: [String]) -> [String: String] {
    var env: [String: String] = [:]
    for key in names { if let v = getenv(key) { env[key] = String(cString: v) } }
    return env
  }
}
