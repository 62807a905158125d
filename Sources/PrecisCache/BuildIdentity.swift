import CBuildID
import CICU
import Glibc
import PrecisText

/// What, besides the data (``DataVersion``), decides the outputs of this build of Precis:
/// part of every ``CacheKey``, so an upgraded binary never serves results an older one
/// cached, whether or not anyone changed a version number.
///
/// It is the GNU build ID of the loaded object that holds Precis's code (the linker derives
/// it from the whole output, so any change of code or of embedded data gives a new one;
/// `readelf -n .build/release/precis` shows it), and the version of the system ICU the
/// process runs with (ICU segments the text, and is upgraded apart from Precis). An object
/// linked without a build ID (`-Wl,--build-id=none`) is identified by the SHA-256 of its
/// file instead. Computed once per process, on first use.
public enum BuildIdentity {
  /// The identity of this process's Precis code, such as
  /// `build-id 59b29e933c51cc95c26d4404fb6216664794d383, icu 72.1`.
  public static var current: String { computed }

  private static let computed: String = {
    var id = [UInt8](repeating: 0, count: 64)
    var name = [CChar](repeating: 0, count: 4096)
    let length = Int(cbuildid_find(&id, Int32(id.count), &name, Int32(name.count)))
    let object = name.withUnsafeBufferPointer { buffer in
      FileName.string(fromBytes: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) })
    }
    return make(buildID: length > 0 ? Array(id.prefix(min(length, id.count))) : [], object: object, icu: icuVersion)
  }()

  /// The identity from a build ID, or, when `buildID` is empty, from the SHA-256 of the file
  /// `object` (the main program's when empty, through `/proc/self/exe`).
  @_spi(Testing)
  public static func make(buildID: [UInt8], object: String, icu: String) -> String {
    if !buildID.isEmpty { return "build-id \(SHA256.hex(buildID)), icu \(icu)" }
    let file = object.isEmpty ? "/proc/self/exe" : object
    let fd = FileName.withCString(file) { open($0, O_RDONLY | O_CLOEXEC) }
    defer { if fd >= 0 { close(fd) } }
    // An unreadable file leaves only the ICU version: no worse than a fixed version number.
    let bytes = fd >= 0 ? try? FileBytes.read(descriptor: fd) : nil
    let digest = bytes.map { SHA256.hex(SHA256.digest($0)) } ?? "unreadable"
    return "sha256 \(digest), icu \(icu)"
  }

  /// The version of the ICU library loaded, such as "72.1".
  @_spi(Testing)
  public static var icuVersion: String {
    var text = [CChar](repeating: 0, count: 32)
    cicu_version(&text, Int32(text.count))
    return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
