#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Lists folders and creates them, without Foundation.
public enum DirectoryListing {
  /// Names of the regular, non-hidden files in `path` (not recursive), sorted.
  ///
  /// - Throws: `FileBytes.ReadError` when the folder cannot be opened.
  public static func files(in path: String) throws(FileBytes.ReadError) -> [String] {
    try entries(in: path).filter { entry in
      // Links and file systems that do not give the type are asked with `stat`.
      var info = stat()
      return entry.isRegularFile || (stat(path + "/" + entry.name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG)
    }.map(\.name).sorted()
  }

  /// Names of the non-hidden entries of `path` (files, folders, links), in directory order.
  ///
  /// - Throws: `FileBytes.ReadError` when the folder cannot be opened.
  public static func names(in path: String) throws(FileBytes.ReadError) -> [String] {
    try entries(in: path).map(\.name)
  }

  /// The non-hidden entries of `path`, in directory order, each with whether the folder
  /// says it is a regular file (`d_type`): those need no `stat` to be told from folders
  /// and links (a `stat` a file was a third of walking 1,500 articles).
  ///
  /// - Throws: `FileBytes.ReadError` when the folder cannot be opened.
  public static func entries(in path: String) throws(FileBytes.ReadError) -> [(name: String, isRegularFile: Bool)] {
    guard let dir = FileName.withCString(path, { opendir($0) }) else { throw FileBytes.error(errno) }
    defer { closedir(dir) }
    var entries: [(name: String, isRegularFile: Bool)] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: UInt8.self, capacity: 256) { FileName.string(fromBytes: UnsafeBufferPointer(start: $0, count: strlen(UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)))) }
      }
      if !name.hasPrefix(".") { entries.append((name, entry.pointee.d_type == UInt8(DT_REG))) }
    }
    return entries
  }

  /// Creates the missing folders above `path` (mkdir -p of its parent) with `mode`.
  ///
  /// - Returns: nil, or the folder that could not be created and the `errno` why.
  public static func createParents(of path: String, mode: mode_t) -> (folder: String, code: Int32)? {
    var prefix = path.hasPrefix("/") ? "" : "."
    for component in path.split(separator: "/").dropLast() {
      prefix += "/" + component
      guard access(prefix, F_OK) != 0 else { continue }
      if mkdir(prefix, mode) != 0 && errno != EEXIST { return (prefix, errno) }
    }
    return nil
  }
}
