import PrecisText

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Keeps one article from ending every run of a batch: when a worker dies of a fatal
/// signal (a trap in Swift code is SIGILL or SIGTRAP), the handler appends the article it
/// was on to the journal, `{"crashed":"<path, %-encoded>","signal":4}`, then lets the
/// signal take its course (the previous handler, e.g. Swift's backtracer, or the default).
/// The next run reads those lines (and the `crashed` field of index lines) and reports the
/// file as an error instead of processing it again; `--refresh` retries it.
///
/// The handler may only call async-signal-safe functions: the paths are laid out once, as
/// bytes, before the workers start, and each worker notes its thread and the file in hand
/// in a slot of its own.
enum CrashRecord {
  private struct Slot {
    var thread: pthread_t = 0
    var item = -1
  }

  nonisolated(unsafe) private static var journal: Int32 = -1
  nonisolated(unsafe) private static var paths: UnsafeMutableBufferPointer<UInt8> = .init(start: nil, count: 0)
  nonisolated(unsafe) private static var starts: UnsafeMutableBufferPointer<Int> = .init(start: nil, count: 0)
  nonisolated(unsafe) private static var slots: UnsafeMutableBufferPointer<Slot> = .init(start: nil, count: 0)
  nonisolated(unsafe) private static var line: UnsafeMutableBufferPointer<UInt8> = .init(start: nil, count: 0)
  /// The handlers there were, by signal number (`hadPrevious` says which were read).
  nonisolated(unsafe) private static var previous: UnsafeMutableBufferPointer<sigaction> = .init(start: nil, count: 0)
  nonisolated(unsafe) private static var hadPrevious: UnsafeMutableBufferPointer<Bool> = .init(start: nil, count: 0)
  private static let signals = [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE]

  /// Prepares the record for `files` and `workers` threads writing to `journal`, and
  /// installs the handler. One batch at a time.
  static func install(journal fd: Int32, files: [String], workers: Int) {
    let bytes = files.map { FileName.bytes(of: $0) }
    paths = .allocate(capacity: bytes.reduce(0) { $0 + $1.count })
    starts = .allocate(capacity: files.count + 1)
    var offset = 0
    for (k, path) in bytes.enumerated() {
      starts[k] = offset
      _ = UnsafeMutableBufferPointer(rebasing: paths[offset..<(offset + path.count)]).initialize(from: path)
      offset += path.count
    }
    starts[files.count] = offset
    slots = .allocate(capacity: workers)
    slots.initialize(repeating: Slot())
    line = .allocate(capacity: 4096)
    journal = fd
    previous = .allocate(capacity: 65)
    previous.initialize(repeating: sigaction())
    hadPrevious = .allocate(capacity: 65)
    hadPrevious.initialize(repeating: false)
    for signal in signals {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = handler
      sigemptyset(&action.sa_mask)
      hadPrevious[Int(signal)] = sigaction(signal, &action, &previous[Int(signal)]) == 0
    }
  }

  /// Restores the handlers there were (the memory is kept: the process ends soon after).
  static func uninstall() {
    journal = -1
    for signal in signals where hadPrevious[Int(signal)] { sigaction(signal, &previous[Int(signal)], nil) }
  }

  /// Worker `worker` starts file `item` (-1: none).
  @inline(__always) static func begin(worker: Int, item: Int) {
    guard worker < slots.count else { return }
    if slots[worker].thread == 0 { slots[worker].thread = pthread_self() }
    slots[worker].item = item
  }

  private static let handler: @convention(c) (Int32) -> Void = { signal in
    let me = pthread_self()
    for slot in slots where pthread_equal(slot.thread, me) != 0 && slot.item >= 0 && journal >= 0 {
      writeLine(item: slot.item, signal: signal)
    }
    // Put back what was there and return: the fault happens again and is handled as it
    // would have been (an abort() raises its signal again itself).
    if signal > 0 && Int(signal) < hadPrevious.count && hadPrevious[Int(signal)] {
      sigaction(signal, &previous[Int(signal)], nil)
    } else {
      Glibc.signal(signal, SIG_DFL)
    }
  }

  private static func writeLine(item: Int, signal: Int32) {
    var n = 0
    func put(_ byte: UInt8) {
      if n == line.count {
        _ = Glibc.write(journal, line.baseAddress, n)
        n = 0
      }
      line[n] = byte
      n += 1
    }
    for byte in #"{"crashed":""#.utf8 { put(byte) }
    func hex(_ digit: UInt8) -> UInt8 { digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "A") + digit - 10 }
    for k in starts[item]..<starts[item + 1] {
      let byte = paths[k]
      if byte == UInt8(ascii: "%") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x7F {
        put(UInt8(ascii: "%"))
        put(hex(byte >> 4))
        put(hex(byte & 15))
      } else {
        put(byte)
      }
    }
    for byte in #"","signal":"#.utf8 { put(byte) }
    if signal >= 10 { put(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: signal / 10 % 10)) }
    put(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: signal % 10))
    put(UInt8(ascii: "}"))
    put(10)
    _ = Glibc.write(journal, line.baseAddress, n)
  }

  /// The files an earlier run crashed on, from the journal and the index in `folder`.
  static func crashedPaths(in folder: OutputFolder) -> Set<String> {
    var found = Set<String>()
    let key = Array(#""crashed":""#.utf8)
    for name in [BatchRunner.journalName, "index.jsonl"] {
      guard let bytes = folder.read(name) else { continue }
      for line in bytes.split(separator: 10) {
        guard let start = line.firstRange(of: key)?.upperBound,
          let end = line[start...].firstIndex(of: UInt8(ascii: "\""))
        else { continue }
        found.insert(OutputMarker.decode(Array(line[start..<end])))
      }
    }
    return found
  }
}
