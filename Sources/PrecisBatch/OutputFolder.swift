import PrecisText
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Why an output could not be written.
public enum OutputError: Error, Equatable, CustomStringConvertible {
  /// A system call failed.
  case system(FileBytes.ReadError)
  /// A folder on the way is a symbolic link (its path under the output folder): outputs
  /// are never written through one, since it may lead anywhere.
  case symbolicLink(String)
  /// A path that would leave the output folder ("..").
  case outside(String)

  public var description: String {
    switch self {
    case .system(let error): return "\(error)"
    case .symbolicLink(let path): return "\(FileName.display(path)) is a symbolic link; outputs are not written through one"
    case .outside(let path): return "\(FileName.display(path)) leaves the output folder"
    }
  }
}

/// A batch's output folder, opened once: every output is created beneath it, never through
/// a symbolic link (`out/sub -> /elsewhere` would otherwise make `out/sub/b.json` land in
/// /elsewhere). The folder itself is the one the user named, links in its own path followed.
///
/// Subfolders are resolved from the folder's descriptor with `openat2(RESOLVE_BENEATH |
/// RESOLVE_NO_SYMLINKS)` where the kernel has it (Linux 5.6), else one component at a time
/// with `openat(O_NOFOLLOW | O_DIRECTORY)`, creating missing ones with `mkdirat`.
///
/// ```swift
/// let folder = try OutputFolder(path: "digest")
/// try folder.write(bytes: Array("{}".utf8), to: "2024/a.json")
/// ```
public final class OutputFolder: Sendable {
  /// The folder as the user named it (for messages).
  public let path: String
  /// Whether this run created it (its files are then known not to exist yet).
  public let isNew: Bool
  let descriptor: Int32
  /// False forces the component-by-component walk, as on a kernel without `openat2`
  /// (tests of that path).
  public static let usesOpenat2 = Atomic<Bool>(true)

  /// Opens `path`, creating it and its missing parents.
  ///
  /// - Throws: `OutputError.system` when it cannot be created or is not a folder.
  public init(path: String) throws(OutputError) {
    self.path = path
    var created = false
    var fd = FileName.withCString(path) { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
    if fd < 0 && errno == ENOENT {
      if let code = Self.createFolders(path) { throw .system(FileBytes.error(code)) }
      created = true
      fd = FileName.withCString(path) { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
    }
    guard fd >= 0 else { throw .system(FileBytes.error(errno)) }
    descriptor = fd
    isNew = created
  }

  deinit { close(descriptor) }

  /// Why `path` cannot be an output folder (it exists and is not a folder), or nil.
  public static func problem(with path: String) -> OutputError? {
    var info = stat()
    guard FileName.withCString(path, { stat($0, &info) }) == 0 else { return nil }
    return info.st_mode & S_IFMT == S_IFDIR ? nil : .system(FileBytes.error(ENOTDIR))
  }

  /// mkdir -p `path`; nil, or the `errno` of the failure.
  private static func createFolders(_ path: String) -> Int32? {
    var prefix = path.hasPrefix("/") ? "" : "."
    for component in path.split(separator: "/") {
      prefix += "/" + component
      if FileName.withCString(prefix, { mkdir($0, 0o755) }) != 0 && errno != EEXIST { return errno }
    }
    return nil
  }

  /// Writes `bytes` to `relative` atomically (see `AtomicFile`), creating missing folders.
  /// `isNew`: the caller knows the file does not exist, so it is not read first.
  public func write(bytes: [UInt8], to relative: String, isNew: Bool = false) throws(OutputError) {
    let (folder, name) = Self.split(relative)
    guard name != ".." && name != "." && !name.isEmpty else { throw .outside(relative) }
    let fd = try openFolder(folder)
    defer { if fd != descriptor { close(fd) } }
    if let code = AtomicFile.write(bytes, folder: fd, name: name, isNew: isNew) { throw .system(FileBytes.error(code)) }
  }

  /// The contents of `relative` (not through a link), or nil.
  public func read(_ relative: String) -> [UInt8]? {
    let fd = FileName.withCString(relative) { openat(descriptor, $0, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) }
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size <= TextDecoder.maximumSize else { return nil }
    return try? FileBytes.read(descriptor: fd)
  }

  /// Opens `name` (in the folder itself) for appending, emptied first: a journal.
  public func openJournal(_ name: String) throws(OutputError) -> Int32 {
    let fd = FileName.withCString(name) {
      openat(descriptor, $0, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0o644)
    }
    guard fd >= 0 else { throw .system(FileBytes.error(errno)) }
    return fd
  }

  /// Removes `name` from the folder itself (a journal once its content is kept whole).
  public func remove(_ name: String) {
    _ = FileName.withCString(name) { unlinkat(descriptor, $0, 0) }
  }

  static func split(_ relative: String) -> (folder: Substring, name: String) {
    guard let slash = relative.lastIndex(of: "/") else { return ("", relative) }
    return (relative[..<slash], String(relative[relative.index(after: slash)...]))
  }

  /// A descriptor of the subfolder `relative` (the folder's own for ""), created if
  /// missing; the caller closes it unless it is `descriptor`.
  func openFolder(_ relative: Substring) throws(OutputError) -> Int32 {
    if relative.isEmpty { return descriptor }
    if Self.usesOpenat2.load(ordering: .relaxed) {
      let fd = Self.openat2(descriptor, String(relative), flags: O_RDONLY | O_DIRECTORY | O_CLOEXEC)
      if fd >= 0 { return fd }
      // ENOENT (a folder to create), ELOOP (a link to name) and ENOSYS (an older kernel)
      // are left to the walk below.
      let code = errno
      if code != ENOENT && code != ELOOP && code != ENOSYS && code != EXDEV { throw .system(FileBytes.error(code)) }
    }
    return try walkFolders(relative)
  }

  /// `openFolder` one component at a time.
  private func walkFolders(_ relative: Substring) throws(OutputError) -> Int32 {
    var current = descriptor
    var walked = ""
    for component in relative.split(separator: "/") {
      let name = String(component)
      walked += walked.isEmpty ? name : "/" + name
      if name == ".." || name == "." {
        if current != descriptor { close(current) }
        throw .outside(String(relative))
      }
      let flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC
      var next = FileName.withCString(name) { openat(current, $0, flags) }
      if next < 0 && errno == ENOENT {
        _ = FileName.withCString(name) { mkdirat(current, $0, 0o755) }
        next = FileName.withCString(name) { openat(current, $0, flags) }
      }
      let code = errno
      var info = stat()
      let isLink = next < 0 && FileName.withCString(name) { fstatat(current, $0, &info, AT_SYMLINK_NOFOLLOW) } == 0
        && info.st_mode & S_IFMT == S_IFLNK
      if current != descriptor { close(current) }
      if isLink { throw .symbolicLink(walked) }
      guard next >= 0 else { throw .system(FileBytes.error(code)) }
      current = next
    }
    return current
  }

  /// `openat2(dirfd, path, {flags, 0, RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS})` through
  /// `syscall` (glibc has no wrapper before 2.36; `syscall` is variadic, which Swift does not
  /// call, so it is called through a pointer of the register-passing type both x86_64 and
  /// arm64 Linux use for it). -1 with `errno` ENOSYS where it is missing.
  static func openat2(_ dirfd: Int32, _ path: String, flags: Int32) -> Int32 {
    #if os(Linux) && (arch(x86_64) || arch(arm64))
      guard let call = systemCall else {
        errno = ENOSYS
        return -1
      }
      var how = OpenHow(flags: UInt64(UInt32(bitPattern: flags)), mode: 0, resolve: 0x04 | 0x08)
      let result = FileName.withCString(path) { name in
        withUnsafePointer(to: &how) { call(437, dirfd, name, UnsafeRawPointer($0), MemoryLayout<OpenHow>.size) }
      }
      return Int32(truncatingIfNeeded: result)
    #else
      errno = ENOSYS
      return -1
    #endif
  }

  private struct OpenHow {
    var flags: UInt64
    var mode: UInt64
    var resolve: UInt64
  }

  private typealias SystemCall = @convention(c) (Int, Int32, UnsafePointer<CChar>, UnsafeRawPointer, Int) -> Int
  private static let systemCall: SystemCall? = dlsym(nil, "syscall").map { unsafeBitCast($0, to: SystemCall.self) }
}
