import PrecisCache
import Testing

@Suite("Cache settings")
struct CacheSettingsTests {
  @Test("The cache path: PRECIS_CACHE, then an absolute XDG_CACHE_HOME, then HOME")
  func defaultPath() {
    #expect(CacheStore.defaultPath(environment: ["PRECIS_CACHE": "/x/c.db", "HOME": "/h"]) == "/x/c.db")
    #expect(CacheStore.defaultPath(environment: ["PRECIS_CACHE": "", "HOME": "/h"]) == "/h/.cache/precis/cache.sqlite")
    #expect(
      CacheStore.defaultPath(environment: ["XDG_CACHE_HOME": "/xdg", "HOME": "/h"]) == "/xdg/precis/cache.sqlite")
    #expect(
      CacheStore.defaultPath(environment: ["XDG_CACHE_HOME": "rel", "HOME": "/h"]) == "/h/.cache/precis/cache.sqlite")
    #expect(CacheStore.defaultPath(environment: ["HOME": ""]) == nil)
    #expect(CacheStore.defaultPath(environment: [:]) == nil)
  }

  @Test(
    "Durations",
    arguments: [
      ("45", 45), ("45s", 45), ("90m", 5400), ("12h", 43_200), ("30d", 2_592_000), ("2w", 1_209_600),
      ("1.5d", 129_600), ("30 D", 2_592_000), ("0", 0),
    ])
  func durations(text: String, seconds: Int) {
    #expect(CacheStore.parseDuration(text) == seconds)
  }

  @Test("Not durations", arguments: ["", "d", "-5d", "5y", "5 days", "1e3", ".5h", "5dd", "1.2.3s"])
  func notDurations(text: String) {
    #expect(CacheStore.parseDuration(text) == nil)
  }

  @Test(
    "Sizes: decimal units are powers of 1000, KiB/MiB/GiB powers of 1024",
    arguments: [
      ("1234", 1234), ("10B", 10), ("800k", 800_000), ("800kB", 800_000), ("500MB", 500_000_000),
      ("500mb", 500_000_000), ("1.5GB", 1_500_000_000), ("2G", 2_000_000_000), ("100KiB", 102_400),
      ("1MiB", 1_048_576), ("1 GiB", 1_073_741_824), ("0.5kib", 512),
    ])
  func sizes(text: String, bytes: Int) {
    #expect(CacheStore.parseSize(text) == bytes)
  }

  @Test("Not sizes", arguments: ["", "MB", "-1MB", "5XB", "1e9", "5 megabytes", "99999999999TB"])
  func notSizes(text: String) {
    #expect(CacheStore.parseSize(text) == nil)
  }
}
