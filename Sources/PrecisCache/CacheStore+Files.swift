// The cache's file-system calls, each through `FileName.withCString`: a path whose bytes are
// not UTF-8 reaches the system as the same bytes.

import CSQLite
import Glibc
import PrecisText

extension CacheStore {
  /// Whether something (file, folder, link) is at `path`.
  public static func exists(_ path: String) -> Bool {
    FileName.withCString(path) { access($0, F_OK) } == 0
  }

  /// Creates the folders above `path` that do not exist, readable by their owner only.
  static func createParentDirectories(of path: String) throws(CacheError) {
    var prefix = path.hasPrefix("/") ? "" : "."
    for component in path.split(separator: "/").dropLast() {
      prefix += "/" + component
      guard !exists(prefix) else { continue }
      if FileName.withCString(prefix, { mkdir($0, 0o700) }) != 0 && errno != EEXIST {
        throw .cannotCreate(path: path, reason: "\(FileName.display(prefix)): " + systemError(errno))
      }
    }
  }

  /// Renames a damaged file and its `-wal` and `-shm` companions to
  /// `<path>.corrupt-<time>`; returns the new name, or nil if the rename failed.
  static func moveAside(_ path: String, at time: Int) -> String? {
    var target = "\(path).corrupt-\(time)"
    var n = 1
    while exists(target) {
      target = "\(path).corrupt-\(time)-\(n)"
      n += 1
    }
    guard rename(path, to: target) else { return nil }
    for suffix in ["-wal", "-shm"] { _ = rename(path + suffix, to: target + suffix) }
    return target
  }

  private static func rename(_ old: String, to new: String) -> Bool {
    FileName.withCString(old) { from in FileName.withCString(new) { to in Glibc.rename(from, to) } } == 0
  }

  static func fileSize(_ path: String) -> Int {
    var info = stat()
    return FileName.withCString(path) { stat($0, &info) } == 0 ? Int(info.st_size) : 0
  }

  static func inode(of path: String) -> UInt64 {
    var info = stat()
    return FileName.withCString(path) { stat($0, &info) } == 0 ? UInt64(info.st_ino) : 0
  }
}

extension CacheStore {
  /// Creates, at `path`, a small SQLite database of another program (for tests).
  @_spi(Testing)
  public static func makeForeignDatabase(at path: String) throws {
    let db = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
    try db.execute("CREATE TABLE bookmarks(url TEXT); INSERT INTO bookmarks VALUES('https://example.org')")
  }
}
