@testable import PrecisBatch
import Testing

@Suite("Output names")
struct OutputNameTests {
  /// The stem by characters, as `BatchRunner.stem` does for paths that are not ASCII.
  static func stemByCharacters(_ path: String) -> String {
    let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return path }
    return String(path.dropLast(name.distance(from: dot, to: name.endIndex)))
  }

  @Test("A path's extension is dropped from its last name only, and a leading dot is no extension")
  func examples() {
    let cases = [
      ("a.txt", "a"), ("dir/b.md", "dir/b"), ("a.b.c", "a.b"), ("dir.x/file", "dir.x/file"), (".hidden", ".hidden"),
      ("dir/.x", "dir/.x"), ("noext", "noext"), ("", ""), ("d/", "d/"), ("x/y/z/deep.txt", "x/y/z/deep"),
      ("é/x.txt", "é/x"), ("été.html", "été"), ("a.\u{301}txt", "a.\u{301}txt"),
    ]
    for (path, stem) in cases { #expect(BatchRunner.stem(path) == stem, "\(path)") }
  }

  @Test("On random ASCII paths, the byte version agrees with the character version")
  func randomPaths() {
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("ab./.x/")
    for _ in 0..<5_000 {
      let path = String((0..<Int.random(in: 0...10, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "a" })
      #expect(BatchRunner.stem(path) == Self.stemByCharacters(path), "\(path)")
    }
  }
}
