import Foundation
import PrecisBatch
import PrecisTestSupport
import PrecisText
import Testing

@Suite("Finding articles")
struct ArticleFinderTests {
  /// A tree with nested folders, hidden files, other extensions and a symbolic link loop.
  static func makeTree() throws -> URL {
    let root = try TestSupport.temporaryDirectory("precis-finder")
    let fm = FileManager.default
    for path in ["a.txt", "b.md", "c.html", "d.htm", "e.pdf", ".hidden.txt", "x/y/z/deep.txt", ".git/config.txt", "x/notes.TXT"] {
      let url = root.appendingPathComponent(path)
      try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try "Un texte.".write(to: url, atomically: true, encoding: .utf8)
    }
    try fm.createSymbolicLink(atPath: root.appendingPathComponent("x/y/loop").path, withDestinationPath: "../..")
    try fm.createSymbolicLink(atPath: root.appendingPathComponent("self.txt").path, withDestinationPath: "self.txt")
    return root
  }

  @Test("Walks folders recursively, keeps article extensions, skips hidden files, reports loops")
  func walk() throws {
    let root = try Self.makeTree()
    defer { try? FileManager.default.removeItem(at: root) }
    let found = try ArticleFinder().find(in: root.path)
    #expect(found.files == ["a.txt", "b.md", "c.html", "d.htm", "x/y/z/deep.txt"])
    #expect(found.problems.contains { $0.path == "x/y/loop" && $0.message.contains("loop") }, "\(found.problems)")
    #expect(found.problems.contains { $0.path == "self.txt" && $0.message.contains("loop") }, "\(found.problems)")
  }

  @Test("Include and exclude globs match names, or paths when they hold a slash")
  func globs() throws {
    let root = try Self.makeTree()
    defer { try? FileManager.default.removeItem(at: root) }
    #expect(try ArticleFinder(include: ["*.txt"]).find(in: root.path).files == ["a.txt", "x/y/z/deep.txt"])
    #expect(try ArticleFinder(include: ["*.txt", "*.TXT"], exclude: ["x"]).find(in: root.path).files == ["a.txt"])
    #expect(try ArticleFinder(exclude: ["x/y/*/*.txt"]).find(in: root.path).files == ["a.txt", "b.md", "c.html", "d.htm"])
  }

  @Test("Files come sorted by their bytes; links to files are taken like files")
  func bytewiseOrder() throws {
    let root = try TestSupport.temporaryDirectory("precis-finder")
    defer { try? FileManager.default.removeItem(at: root) }
    let fm = FileManager.default
    for path in ["b.txt", "B.txt", "é.txt", "e.txt", "z/a.txt", "ab.txt", "a.txt"] {
      let url = root.appendingPathComponent(path)
      try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try "Un texte.".write(to: url, atomically: true, encoding: .utf8)
    }
    try fm.createSymbolicLink(atPath: root.appendingPathComponent("lien.txt").path, withDestinationPath: "b.txt")
    try fm.createSymbolicLink(atPath: root.appendingPathComponent("lien.pdf").path, withDestinationPath: "b.txt")
    let found = try ArticleFinder().find(in: root.path)
    #expect(found.files == ["B.txt", "a.txt", "ab.txt", "b.txt", "e.txt", "lien.txt", "z/a.txt", "é.txt"])
    #expect(found.problems.isEmpty)
  }

  @Test("A missing root or a file as root is an error")
  func badRoot() throws {
    #expect(throws: FileBytes.ReadError.notFound) { try ArticleFinder().find(in: "/nonexistent/precis") }
    let root = try Self.makeTree()
    defer { try? FileManager.default.removeItem(at: root) }
    #expect(throws: FileBytes.ReadError.self) { try ArticleFinder().find(in: root.appendingPathComponent("a.txt").path) }
  }

  @Test("Atomic writes create folders, replace content, and leave no temporary file")
  func atomicWrite() throws {
    let root = try TestSupport.temporaryDirectory("precis-atomic")
    defer { try? FileManager.default.removeItem(at: root) }
    let path = root.appendingPathComponent("a/b/c.json").path
    // A new file in new folders (written unnamed, then linked, on Linux), then replaced
    // (renamed over), then a second new file beside it, then the same content again.
    try AtomicFile.write("one", to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "one")
    try AtomicFile.write("two", to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "two")
    try AtomicFile.write(String(repeating: "é", count: 100_000), to: path + "2")
    #expect(try String(contentsOfFile: path + "2", encoding: .utf8).count == 100_000)
    let date = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
    try AtomicFile.write("two", to: path)
    #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == date)
    #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("a/b").path).sorted() == ["c.json", "c.json2"])
    // Told the file is new when it is not (written meanwhile by another program): the link
    // fails, and the file is replaced by rename all the same.
    try AtomicFile.write("three", to: path, isNew: true)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "three")
    #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("a/b").path).sorted() == ["c.json", "c.json2"])
    // The process's umask, read without changing it (tests run in parallel).
    let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
    let umaskLine = status.split(separator: "\n").first { $0.hasPrefix("Umask:") }
    let mask = umaskLine.flatMap { Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8) } ?? 0o022
    for file in [path, path + "2"] {
      let permissions = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
      #expect(permissions == 0o644 & ~mask, "\(file)")
    }
  }
}

@Suite("Batch output folders")
struct OutputFolderTests {
  @Test("A folder holding a batch's output is not read as input")
  func outputSkipped() throws {
    let root = try TestSupport.temporaryDirectory("precis-finder")
    defer { try? FileManager.default.removeItem(at: root) }
    try "Un texte.".write(to: root.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
    let out = root.appendingPathComponent("digest")
    try BatchRunner.writeSummaries([], to: OutputFolder(path: out.path), title: "Digest", total: 0)
    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("digest.md").path))
    #expect(try ArticleFinder().find(in: root.path).files == ["a.txt"])
  }
}
