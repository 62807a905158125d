import PrecisText

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Writes files so that a reader never sees half of one: a temporary file in the same
/// folder, then rename. A file that already holds the content is left alone (its date too).
/// Everything is relative to the folder's descriptor (see `OutputFolder`), and the file's
/// own name is never followed if it is a symbolic link: a link is replaced, not written
/// through.
///
/// On Linux a new file is written unnamed (`O_TMPFILE`) and then linked under its name:
/// a file appears whole or not at all, as with a rename, and the folder is changed once
/// instead of twice (creating and renaming a temporary name each locked the folder, which
/// two workers writing into it waited on: creating 1,500 files took 37 ms of kernel time
/// against 31, and a cold batch's files cost it more than that in wall time).
public enum AtomicFile {
  /// Writes `content` to `path`, creating missing folders. `isNew`: the caller knows `path`
  /// does not exist (its folder was created by this run), so it is not read first.
  public static func write(_ content: String, to path: String, isNew knownNew: Bool = false) throws(OutputError) {
    try write(bytes: Array(content.utf8), to: path, isNew: knownNew)
  }

  /// `write(_:to:isNew:)` of UTF-8 (or any) bytes.
  public static func write(bytes: [UInt8], to path: String, isNew knownNew: Bool = false) throws(OutputError) {
    let (folder, name) = OutputFolder.split(path)
    let parent = folder.isEmpty ? (path.hasPrefix("/") ? "/" : ".") : String(folder)
    try OutputFolder(path: parent).write(bytes: bytes, to: name, isNew: knownNew)
  }

  /// Writes `bytes` to `name` in the folder `folder`; nil, or the `errno` of the failure.
  static func write(_ bytes: [UInt8], folder: Int32, name: String, isNew knownNew: Bool) -> Int32? {
    var isNew = knownNew
    if !knownNew {
      let fd = FileName.withCString(name) { openat(folder, $0, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) }
      if fd >= 0 {
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0 && info.st_mode & S_IFMT == S_IFREG && Int(info.st_size) == bytes.count,
          (try? FileBytes.read(descriptor: fd)) == bytes
        {
          return nil
        }
      } else if errno == ENOENT {
        isNew = true
      }
    }
    if isNew && writeUnnamed(bytes, folder: folder, name: name) { return nil }
    let temporary = ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let fd = FileName.withCString(temporary) {
      openat(folder, $0, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
    }
    guard fd >= 0 else { return errno }
    if let code = writeAll(bytes, to: fd) {
      close(fd)
      _ = FileName.withCString(temporary) { unlinkat(folder, $0, 0) }
      return code
    }
    let renamed = close(fd) == 0
      && FileName.withCString(temporary, { from in FileName.withCString(name) { renameat(folder, from, folder, $0) } }) == 0
    guard renamed else {
      let code = errno
      _ = FileName.withCString(temporary) { unlinkat(folder, $0, 0) }
      return code
    }
    return nil
  }

  /// Writes `bytes` to `fd`; nil, or the `errno` of the failure.
  static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Int32? {
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
  /// under `name`. False when this cannot be done here (no `O_TMPFILE` on the file system
  /// or the platform, no /proc, `name` created meanwhile): the caller then renames.
  private static func writeUnnamed(_ bytes: [UInt8], folder: Int32, name: String) -> Bool {
    #if os(Linux) && (arch(x86_64) || arch(arm64))
      let fd = openat(folder, ".", unnamedFileFlags, 0o644)
      guard fd >= 0 else { return false }
      defer { close(fd) }
      guard writeAll(bytes, to: fd) == nil else { return false }
      // Linked through the descriptor itself where the kernel allows it (some kernels ask
      // for CAP_DAC_READ_SEARCH), else through /proc, whose path lookup is a large part of
      // the link's kernel time.
      if FileName.withCString(name, { linkat(fd, "", folder, $0, emptyPathFlag) }) == 0 { return true }
      if errno == EEXIST { return false }
      return FileName.withCString(name) { linkat(AT_FDCWD, "/proc/self/fd/\(fd)", folder, $0, AT_SYMLINK_FOLLOW) } == 0
    #else
      return false
    #endif
  }

  #if os(Linux) && (arch(x86_64) || arch(arm64))
    /// `O_TMPFILE | O_WRONLY` (Linux's generic value of `__O_TMPFILE`; the macro is not
    /// imported into Swift).
    private static let unnamedFileFlags: Int32 = 0o20000000 | O_DIRECTORY | O_WRONLY | O_CLOEXEC
    /// `AT_EMPTY_PATH` (not imported: glibc defines it for `_GNU_SOURCE` only).
    private static let emptyPathFlag: Int32 = 0x1000
  #endif
}
