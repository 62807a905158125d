// Where the cache lives, and the values `precis cache prune` accepts.

extension CacheStore {
  /// The cache file for `environment`: `PRECIS_CACHE` when set and not empty, else
  /// `$XDG_CACHE_HOME/precis/cache.sqlite` when `XDG_CACHE_HOME` is an absolute path, else
  /// `$HOME/.cache/precis/cache.sqlite`; nil when there is no home either.
  public static func defaultPath(environment: [String: String]) -> String? {
    if let path = environment["PRECIS_CACHE"], !path.isEmpty { return path }
    if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/precis/cache.sqlite" }
    if let home = environment["HOME"], !home.isEmpty { return home + "/.cache/precis/cache.sqlite" }
    return nil
  }

  /// The seconds in a duration such as `30d`, `12h`, `90m`, `45s`, `2w` or `1.5d`.
  ///
  /// A plain number is seconds. Nil when `text` is not a duration.
  public static func parseDuration(_ text: String) -> Int? {
    let units: [String: Double] = ["": 1, "s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
    guard let (number, unit) = splitQuantity(text), let factor = units[unit] else { return nil }
    return whole(number * factor)
  }

  /// Bytes in a size such as `500MB`, `1.5GB`, `800k`, `100KiB`; a plain number is bytes.
  ///
  /// Decimal units (`k`/`kB`, `M`/`MB`, `G`/`GB`, `T`/`TB`) are powers of 1000, binary ones
  /// (`KiB`, `MiB`, `GiB`, `TiB`) powers of 1024; case does not matter. Nil when `text` is
  /// not a size.
  public static func parseSize(_ text: String) -> Int? {
    let units: [String: Double] = [
      "": 1, "b": 1, "k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9, "t": 1e12, "tb": 1e12,
      "kib": 0x1p10, "mib": 0x1p20, "gib": 0x1p30, "tib": 0x1p40,
    ]
    guard let (number, unit) = splitQuantity(text), let factor = units[unit] else { return nil }
    return whole(number * factor)
  }

  /// A non-negative decimal number and the lowercased unit after it (spaces allowed between).
  private static func splitQuantity(_ text: String) -> (Double, String)? {
    let trimmed = text.filter { $0 != " " }
    let digits = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
    guard digits.first?.isNumber == true, let number = Double(digits) else { return nil }
    return (number, trimmed[digits.endIndex...].lowercased())
  }

  private static func whole(_ value: Double) -> Int? {
    value.isFinite && value < 0x1p62 ? Int(value.rounded()) : nil
  }
}
