import PrecisText

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The version of the models and lexicons compiled into Precis, for cache keys: the first
/// 16 hex digits of the SHA-256 of `models/data.sha256`, the list of every data file's
/// hash (written by `scripts/data/data_version.sh`; a test checks it against the files). An
/// upgraded model or lexicon changes it, so the cache never returns a result they would
/// change.
///
/// With `PRECIS_DATA` set (editing data without rebuilding), the files listed there are
/// hashed as they are on disk, so edits show at once.
public enum DataVersion {
  /// The version string, computed once.
  public static func current() -> String { computed }

  private static let computed: String = {
    guard let manifest = try? DataFile.load("models/data.sha256") else { return "unversioned" }
    var text = String(decoding: manifest.bytes, as: UTF8.self)
    if let root = getenv("PRECIS_DATA").map({ String(cString: $0) }), !root.isEmpty {
      // Development: hash what is on disk now.
      text = text.split(separator: "\n").map { line -> String in
        let path = line.split(separator: " ", omittingEmptySubsequences: true).last.map(String.init) ?? ""
        let bytes = (try? FileBytes.read(root + "/" + path)) ?? []
        return SHA256.hex(SHA256.digest(bytes)) + "  " + path
      }.joined(separator: "\n")
    }
    return String(SHA256.hexDigest(of: text).prefix(16))
  }()
}
