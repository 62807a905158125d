// Errors of the cache, worded for users. SQLite's codes never reach callers raw.

import PrecisText

/// Why the cache could not be opened or maintained.
///
/// Lookups and stores never throw: they miss or skip, and report through
/// ``CacheStore/takeWarning()``.
public enum CacheError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The cache file or its folder could not be created.
  case cannotCreate(path: String, reason: String)
  /// An existing cache file could not be opened for writing.
  case cannotOpen(path: String, reason: String)
  /// The cache file, or the folder that holds it, is read-only.
  case readOnly(path: String)
  /// The file was written by a newer version whose schema this one does not know.
  case newerSchema(path: String, found: Int, supported: Int)
  /// An operation on an open cache failed.
  case failed(path: String, operation: String, reason: String)

  /// One sentence for users, naming the cache file.
  public var description: String {
    switch self {
    case .cannotCreate(let path, let reason): "cannot create the cache at \(FileName.display(path)): \(reason)"
    case .cannotOpen(let path, let reason): "cannot open the cache at \(FileName.display(path)): \(reason)"
    case .readOnly(let path): "cannot write to the cache at \(FileName.display(path)): it is read-only"
    case .newerSchema(let path, let found, let supported):
      "the cache at \(FileName.display(path)) has schema version \(found), newer than this version of precis reads (\(supported)); "
        + "upgrade precis or use another cache file"
    case .failed(let path, let operation, let reason): "cannot \(operation) the cache at \(FileName.display(path)): \(reason)"
    }
  }
}
