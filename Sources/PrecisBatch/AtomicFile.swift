import PrecisText

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Writes files so that a reader never sees half of one: a temporary file in the same
/// folder, then rename. A file that already holds the content is left alone (its date too).
///
/// On Linux a new file is written unnamed (`O_TMPFILE`) and then linked under its name:
/// a file appears whole or not at all, as with a rename, and the folder is changed once
/// instead of twice (creating and renaming a temporary name each locked the folder, which
/// two workers writing into it waited on: creating 1,500 files took 37 ms of kernel time
/// against 31, and a cold batch's files cost it more than that in wall time).
public enum AtomicFile {
  /// Writes `content` to `path`, creating missing folders. `isNew`: the caller knows `path`
  /// does not exist (its folder was created by this run), so it is not read first.
  public static func write(_ content: String, to path: String, isNew knownNew: Bool = false) throws(FileBytes.ReadError) {
    try write(bytes: Array(content.utf8), to: path, isNew: knownNew)
  }

  /// `write(_:to:isNew:)` of UTF-8 (or any) bytes.
  public static func write(bytes: [UInt8], to path: String, isNew knownNew: Bool = false) throws(FileBytes.ReadError) {
    var isNew = knownNew
    if !knownNew {
      do {
        if try FileBytes.read(path) == bytes { return }
      } catch .notFound {
        isNew = true
      } catch {}
    }
    if isNew && writeUnnamed(bytes, to: path) { return }
    let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    var fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    if fd < 0 && errno == ENOENT {
      // Folders are made only when missing, not tried for every file.
      if let failure = DirectoryListing.createParents(of: path, mode: 0o755) { throw FileBytes.error(failure.code) }
      fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    }
    guard fd >= 0 else { throw FileBytes.error(errno) }
    if let code = writeAll(bytes, to: fd) {
      close(fd)
      unlink(temporary)
      throw FileBytes.error(code)
    }
    guard close(fd) == 0, rename(temporary, path) == 0 else {
      let code = errno
      unlink(temporary)
      throw FileBytes.error(code)
    }
  }

  /// Writes `bytes` to `fd`; nil, or the `errno` of the failure.
  private static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Int32? {
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
      if n < 0 {
        if errno == EINTR { continue }
        return errno
      }
      offset += n
    }
    return nil
  }

  /// Writes a file that does not exist yet as an unnamed file in its folder, then links it
  /// under `path`. False when this cannot be done here (no `O_TMPFILE` on the file system
  /// or the platform, no /proc, `path` created meanwhile): the caller then renames.
  private static func writeUnnamed(_ bytes: [UInt8], to path: String) -> Bool {
    #if os(Linux) && (arch(x86_64) || arch(arm64))
      guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return false }
      let folder = slash == path.utf8.startIndex ? "/" : String(path[..<slash])
      var fd = open(folder, unnamedFileFlags, 0o644)
      if fd < 0 && errno == ENOENT {
        guard DirectoryListing.createParents(of: path, mode: 0o755) == nil else { return false }
        fd = open(folder, unnamedFileFlags, 0o644)
      }
      guard fd >= 0 else { return false }
      defer { close(fd) }
      guard writeAll(bytes, to: fd) == nil else { return false }
      // Linked through the descriptor itself where the kernel allows it (some kernels ask
      // for CAP_DAC_READ_SEARCH), else through /proc, whose path lookup was a third of the
      // link's kernel time (perf).
      if linkat(fd, "", AT_FDCWD, path, emptyPathFlag) == 0 { return true }
      if errno == EEXIST { return false }
      return linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0
    #else
      return false
    #endif
  }

  #if os(Linux) && (arch(x86_64) || arch(arm64))
    /// `O_TMPFILE | O_WRONLY` (Linux's generic value of `__O_TMPFILE`; the macro is not
    /// imported into Swift).
    private static let unnamedFileFlags: Int32 = 0o20000000 | O_DIRECTORY | O_WRONLY
    /// `AT_EMPTY_PATH` (not imported: glibc defines it for `_GNU_SOURCE` only).
    private static let emptyPathFlag: Int32 = 0x1000
  #endif
}
