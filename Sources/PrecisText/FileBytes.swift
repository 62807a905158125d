#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Reads whole files with POSIX calls (no Foundation, which costs start-up time).
public enum FileBytes {
  /// Why a file could not be read.
  public enum ReadError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound, permissionDenied, isDirectory, other(code: Int32)
    /// The file holds more than `limit` bytes (reading stopped there).
    case tooLarge(limit: Int)
    public var description: String {
      switch self {
      case .tooLarge(let limit): return "too large: over the limit of \(limit) bytes"
      case .notFound: return "no such file"
      case .permissionDenied: return "permission denied"
      case .isDirectory: return "is a directory"
      case .other(let code): return String(cString: strerror(code))
      }
    }
  }

  /// Reads the whole file at `path` (a `FileName` string), or standard input when `path` is "-".
  ///
  /// - Parameter limit: the most bytes accepted; a larger file, or a pipe or device that
  ///   gives more (`/dev/zero`, `yes`), throws `.tooLarge` as soon as the limit is passed,
  ///   holding no more than `limit` bytes in memory.
  public static func read(_ path: String, limit: Int = .max) throws(ReadError) -> [UInt8] {
    var code: Int32 = 0
    let fd: Int32 = path == "-" ? 0 : FileName.withCString(path) { name in
      defer { code = errno }
      return open(name, O_RDONLY)
    }
    if fd < 0 { throw error(code) }
    defer { if fd != 0 { close(fd) } }
    return try read(descriptor: fd, limit: limit)
  }

  /// Reads the rest of the open file `fd`, which the caller closes; `limit` as in `read(_:limit:)`.
  public static func read(descriptor fd: Int32, limit: Int = .max) throws(ReadError) -> [UInt8] {
    var info = stat()
    if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { throw .isDirectory }
    if (info.st_mode & S_IFMT) == S_IFREG && Int(info.st_size) > limit { throw .tooLarge(limit: limit) }
    // A regular file is read straight into an array of its size (no zeroed 64 KiB chunk a
    // file, then a copy), as it was when opened: no read for the
    // end of the file after it (a system call a file of a batch). A pipe, or a file that
    // reports no size (/proc), is read in chunks to its end.
    var result = [UInt8]()
    if (info.st_mode & S_IFMT) == S_IFREG && info.st_size > 0 {
      let size = Int(info.st_size)
      var failure: Int32 = 0
      result = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
        while initialized < size {
          let n = Glibc.read(fd, buffer.baseAddress.unsafelyUnwrapped + initialized, size - initialized)
          if n < 0 && errno == EINTR { continue }
          if n < 0 { failure = errno }
          if n <= 0 { break }
          initialized += n
        }
      }
      if failure != 0 { throw error(failure) }
      return result
    }
    // The rest, or all of a pipe, in chunks read into uninitialised memory: no zeroed 64 KiB
    // array for the one read of nothing that ends a regular file.
    // They are gathered in blocks of 1 MiB joined at the end: one growing array would copy
    // itself into one twice its size, 1.5 times the limit in memory for an endless source.
    var blocks: [[UInt8]] = [], total = 0
    try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1 << 16) { (chunk) throws(ReadError) in
      while true {
        let n = Glibc.read(fd, chunk.baseAddress, chunk.count)
        if n < 0 {
          if errno == EINTR { continue }
          throw error(errno)
        }
        if n == 0 { break }
        // Checked before keeping the chunk, so an endless source never holds more than `limit` bytes.
        if n > limit - total { throw .tooLarge(limit: limit) }
        total += n
        if blocks.isEmpty || blocks[blocks.count - 1].count + n > blockSize {
          blocks.append([])
          blocks[blocks.count - 1].reserveCapacity(max(blockSize, n))
        }
        blocks[blocks.count - 1].append(contentsOf: UnsafeBufferPointer(rebasing: chunk[0..<n]))
      }
    }
    if blocks.count == 1 { return blocks[0] }
    result.reserveCapacity(total)
    for i in blocks.indices {
      result.append(contentsOf: blocks[i])
      blocks[i] = []  // freed as soon as copied
    }
    return result
  }

  /// The size of the blocks a pipe is gathered in.
  private static let blockSize = 1 << 20

  /// The read error for a C `errno` value.
  public static func error(_ code: Int32) -> ReadError {
    switch code {
    case ENOENT: return .notFound
    case EACCES: return .permissionDenied
    case EISDIR: return .isDirectory
    default: return .other(code: code)
    }
  }
}
