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
    public var description: String {
      switch self {
      case .notFound: return "no such file"
      case .permissionDenied: return "permission denied"
      case .isDirectory: return "is a directory"
      case .other(let code): return String(cString: strerror(code))
      }
    }
  }

  /// Reads the whole file at `path`, or standard input when `path` is "-".
  public static func read(_ path: String) throws(ReadError) -> [UInt8] {
    let fd: Int32 = path == "-" ? 0 : open(path, O_RDONLY)
    if fd < 0 { throw error(errno) }
    defer { if fd != 0 { close(fd) } }
    return try read(descriptor: fd)
  }

  /// Reads the rest of the open file `fd`, which the caller closes.
  public static func read(descriptor fd: Int32) throws(ReadError) -> [UInt8] {
    var info = stat()
    if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { throw .isDirectory }
    // A regular file is read straight into an array of its size (a zeroed 64 KiB chunk a
    // file, then a copy, showed in perf of a batch), as it was when opened: no read for the
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
    // The rest, or all of a pipe, in chunks read into uninitialised memory: a zeroed 64 KiB
    // array for the one read of nothing that ends a regular file was 0.3% of a batch (perf).
    try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1 << 16) { (chunk) throws(ReadError) in
      while true {
        let n = Glibc.read(fd, chunk.baseAddress, chunk.count)
        if n < 0 {
          if errno == EINTR { continue }
          throw error(errno)
        }
        if n == 0 { break }
        result.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[0..<n]))
      }
    }
    return result
  }

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
