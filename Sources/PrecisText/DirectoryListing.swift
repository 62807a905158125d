#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Lists the regular files of a folder (not recursive), sorted by name, without Foundation.
public enum DirectoryListing {
  /// Names of the regular, non-hidden files in `path`, sorted.
  ///
  /// - Throws: `FileBytes.ReadError` when the folder cannot be opened.
  public static func files(in path: String) throws(FileBytes.ReadError) -> [String] {
    guard let dir = opendir(path) else {
      switch errno {
      case ENOENT: throw .notFound
      case EACCES: throw .permissionDenied
      default: throw .other(code: errno)
      }
    }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      if name.hasPrefix(".") { continue }
      var info = stat()
      if stat(path + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG { names.append(name) }
    }
    return names.sorted()
  }
}
