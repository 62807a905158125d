import PrecisText

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Finds the articles under a folder: recursively, following symbolic links but detecting
/// loops, skipping hidden files and folders, filtered by glob patterns.
///
/// ```swift
/// let found = ArticleFinder(include: ArticleFinder.defaultInclude).find(in: "news")
/// found.files      // ["2024/a.txt", "b.html", …] relative to "news", sorted
/// found.problems   // [("loop", "symbolic link loop (points back to an enclosing folder)")]
/// ```
public struct ArticleFinder: Sendable {
  /// Patterns of the files taken when none are given.
  public static let defaultInclude = ["*.txt", "*.md", "*.html", "*.htm"]

  /// A file or folder that could not be walked, with the reason.
  public struct Problem: Sendable, Equatable {
    /// Path relative to the root.
    public let path: String
    /// What went wrong, for a user.
    public let message: String
  }

  /// Glob patterns (fnmatch) a file must match, one at least.
  public let include: [String]
  /// Glob patterns that exclude a file or a whole folder.
  public let exclude: [String]
  /// Folders (relative to the root) not walked, e.g. the batch's own output folder.
  public var skippedFolders: Set<String> = []
  /// The file that marks a folder holding a batch's output and lists the files written
  /// there (see `OutputMarker`): those are never taken as input, so `digest.md` is not
  /// taken for an article, wherever the folder is.
  public static let outputMarker = OutputMarker.name

  /// A pattern without "/" is matched against the file's name, one with "/" against its
  /// path relative to the root ("2024/*.txt").
  public init(include: [String] = ArticleFinder.defaultInclude, exclude: [String] = []) {
    self.include = include
    self.exclude = exclude
  }

  /// The files under `root` (relative paths, sorted bytewise) and what could not be walked.
  ///
  /// - Throws: `FileBytes.ReadError` when `root` itself cannot be opened as a folder.
  public func find(in root: String) throws(FileBytes.ReadError) -> (files: [String], problems: [Problem]) {
    var info = stat()
    guard FileName.withCString(root, { stat($0, &info) }) == 0 else { throw FileBytes.error(errno) }
    guard info.st_mode & S_IFMT == S_IFDIR else { throw .other(code: ENOTDIR) }
    var found = Found()
    walk(root: root, relative: "", ancestors: [Identity(info)], found: &found)
    found.files.sort { $0.utf8Precedes($1) }
    return (found.files, found.problems)
  }

  /// Whether `relative` (a file's path under the root) passes the patterns.
  public func accepts(_ relative: String) -> Bool {
    accepts(relative, name: String(relative.split(separator: "/").last ?? ""))
  }

  /// Whether `relative`, whose last component is `name`, passes the patterns.
  private func accepts(_ relative: String, name: String) -> Bool {
    include.contains { matches($0, relative, name) } && !exclude.contains { matches($0, relative, name) }
  }

  private func matches(_ pattern: String, _ relative: String, _ name: String) -> Bool {
    let subject = pattern.utf8.contains(UInt8(ascii: "/")) ? relative : name
    return FileName.withCString(pattern) { pattern in FileName.withCString(subject) { fnmatch(pattern, $0, 0) } } == 0
  }

  /// A folder's device and inode: seen twice on one path down means a link loop.
  struct Identity: Equatable {
    let device: UInt64, inode: UInt64
    init(_ info: stat) {
      device = UInt64(info.st_dev)
      inode = UInt64(info.st_ino)
    }
  }

  /// What a walk found so far, and the outputs of earlier batches it must not take.
  struct Found {
    var files: [String] = []
    var problems: [Problem] = []
    /// Paths (relative to the root) listed by the output markers met on the way.
    var outputs: Set<String> = []
  }

  /// The files listed by the output marker of the folder `path`, relative to it; nil when
  /// it has none.
  static func markedOutputs(in path: String) -> [String]? {
    let fd = FileName.withCString(path + "/" + OutputMarker.name) { open($0, O_RDONLY | O_CLOEXEC) }
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_size <= TextDecoder.maximumSize, let bytes = try? FileBytes.read(descriptor: fd) else {
      return OutputMarker.summaryFiles
    }
    return OutputMarker.summaryFiles + OutputMarker.paths(bytes)
  }

  private func walk(root: String, relative: String, ancestors: [Identity], found: inout Found) {
    let path = relative.isEmpty ? root : root + "/" + relative
    let entries: [(name: String, isRegularFile: Bool)]
    do {
      entries = try DirectoryListing.entries(in: path)
    } catch {
      found.problems.append(Problem(path: relative.isEmpty ? "." : relative, message: "cannot open the folder: \(error)"))
      return
    }
    if let outputs = Self.markedOutputs(in: path) {
      for output in outputs { found.outputs.insert(relative.isEmpty ? output : relative + "/" + output) }
    }
    for (name, isRegularFile) in entries {
      let child = relative.isEmpty ? name : relative + "/" + name
      if isRegularFile {
        if accepts(child, name: name) && !found.outputs.contains(child) { found.files.append(child) }
        continue
      }
      var info = stat()
      // stat follows links; lstat tells a dangling link from a missing file.
      guard FileName.withCString(path + "/" + name, { stat($0, &info) }) == 0 else {
        let code = errno
        if code == ELOOP {
          found.problems.append(Problem(path: child, message: "symbolic link loop"))
        } else if accepts(child, name: name) {
          var linkInfo = stat()
          let dangling = code == ENOENT && FileName.withCString(path + "/" + name, { lstat($0, &linkInfo) }) == 0
          found.problems.append(Problem(path: child, message: dangling ? "broken symbolic link" : "cannot read: \(FileBytes.error(code))"))
        }
        continue
      }
      switch info.st_mode & S_IFMT {
      case S_IFDIR:
        let identity = Identity(info)
        if ancestors.contains(identity) {
          found.problems.append(Problem(path: child, message: "symbolic link loop (points back to an enclosing folder)"))
        } else if !skippedFolders.contains(child) && !exclude.contains(where: { matches($0, child, name) }) {
          walk(root: root, relative: child, ancestors: ancestors + [identity], found: &found)
        }
      case S_IFREG:
        if accepts(child, name: name) && !found.outputs.contains(child) { found.files.append(child) }
      default:
        continue  // sockets, devices, FIFOs: not articles
      }
    }
  }
}
