import Foundation
@_spi(Testing) @testable import PrecisCache
import PrecisText
import Testing

/// The build identity in every cache key: results of one build are never served to another.
@Suite("Build identity")
struct BuildIdentityTests {
  /// The NT_GNU_BUILD_ID bytes of the ELF file at `path`, read from its program headers
  /// (a parser apart from the library's, which reads the loaded image).
  static func buildID(ofFile path: String) throws -> [UInt8] {
    let file = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    func int(_ at: Int, _ size: Int) -> Int { (0..<size).reduce(0) { $0 | Int(file[at + $1]) << (8 * $1) } }
    try #require(file.count > 64 && file[0..<4] == [0x7F, 0x45, 0x4C, 0x46] && file[4] == 2, "a 64-bit ELF file")
    let (table, entrySize, count) = (int(0x20, 8), int(0x36, 2), int(0x38, 2))
    for header in (0..<count).map({ table + $0 * entrySize }) where int(header, 4) == 4 {  // PT_NOTE
      let (offset, size, align) = (int(header + 8, 8), int(header + 32, 8), max(int(header + 48, 8), 4))
      var at = offset
      while at + 12 <= offset + size {
        let (nameSize, descSize, type) = (int(at, 4), int(at + 4, 4), int(at + 8, 4))
        let name = at + 12, desc = name + (nameSize + align - 1) / align * align
        if type == 3 && nameSize == 4 && file[name..<name + 4] == [0x47, 0x4E, 0x55, 0] { return Array(file[desc..<desc + descSize]) }
        at = desc + (descSize + align - 1) / align * align
      }
    }
    return []
  }

  @Test("The identity is this program's build ID, read from the file apart, and the ICU version mapped in")
  func matchesTheFile() throws {
    let id = try Self.buildID(ofFile: "/proc/self/exe")
    try #require(id.count >= 8, "the test program has a build ID (readelf -n)")
    #expect(BuildIdentity.current.hasPrefix("build-id \(SHA256.hex(id)), "), "\(BuildIdentity.current)")
    // The major version is in the soname of the libicuuc this process mapped (libicuuc.so.72).
    let maps = String(decoding: try FileBytes.read("/proc/self/maps"), as: UTF8.self)
    let soname = try #require(maps.split(separator: "\n").first { $0.contains("libicuuc.so.") }?
      .split(separator: "libicuuc.so.").last)
    #expect(BuildIdentity.current.hasSuffix(", icu \(BuildIdentity.icuVersion)"))
    #expect(BuildIdentity.icuVersion.split(separator: ".").first == soname.split(separator: ".").first)
  }

  @Test("Without a build ID, the identity is the SHA-256 of the program's file")
  func fallback() throws {
    let exe = try Data(contentsOf: URL(fileURLWithPath: "/proc/self/exe"))
    #expect(BuildIdentity.make(buildID: [], object: "", icu: "1.2") == "sha256 \(SHA256.hex(SHA256.digest(exe))), icu 1.2")
    #expect(BuildIdentity.make(buildID: [0xAB, 0x01], object: "", icu: "1.2") == "build-id ab01, icu 1.2")
  }

  @Test("Every key carries the identity: a key of another build is another key")
  func inEveryKey() {
    let parameters = [("length", "3"), ("precis", "0.1.0")]
    let key = CacheKey(articleHash: "abc", command: "summarize", parameters: parameters, dataVersion: "v1")
    let same = CacheKey(articleHash: "abc", command: "summarize", parameters: parameters, dataVersion: "v1", build: BuildIdentity.current)
    let other = CacheKey(articleHash: "abc", command: "summarize", parameters: parameters, dataVersion: "v1", build: "build-id 00, icu 72.1")
    #expect(key.build == BuildIdentity.current)
    #expect(key.digest == same.digest)
    #expect(key.digest != other.digest)
    let template = CacheKey.Template(command: "batch", parameters: parameters, dataVersion: "v1")
    #expect(template.key(articleHash: "abc").digest == CacheKey(
      articleHash: "abc", command: "batch", parameters: parameters, dataVersion: "v1", build: BuildIdentity.current).digest)
  }
}
