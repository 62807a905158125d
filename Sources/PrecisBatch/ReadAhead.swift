import Dispatch
import PrecisText
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Opens a batch's files ahead of the workers, on a thread of its own, and asks the kernel
/// to start reading each (`posix_fadvise(POSIX_FADV_WILLNEED)`), so that a worker seldom
/// waits for the disk.
///
/// Files read a while ago are not always still in memory: on the machine of the benchmarks,
/// the page cache lost about 10 MB a second, and a cold batch over the 1,500 valid articles
/// 30 seconds after they were last read waited on 330 reads (`perf record -e
/// sched:sched_switch`), and took 0.51–0.65 s against 0.50–0.51 right after reading them.
///
/// At most `depth` files are opened ahead of those taken; the thread sleeps between bursts
/// of `depth / 2` (one wake-up a file kept a third thread runnable beside the two
/// workers, which were then preempted hundreds of times a batch). A file the thread could
/// not open, or that is not a regular file, is left to its worker, which opens it and
/// reports any error as before.
final class ReadAhead: Sendable {
  private let paths: [String]
  private let depth: Int
  /// Per file: a descriptor opened ahead and not yet taken, `notOpened`, or `taken`.
  private let slots: Mutex<[Int32]>
  /// Files taken so far.
  private let taken = Atomic<Int>(0)
  /// Signalled each `depth / 2` files taken, and to stop.
  private let wake = DispatchSemaphore(value: 0)
  private let finished = DispatchSemaphore(value: 0)
  private let stopping = Atomic<Bool>(false)
  private static let notOpened: Int32 = -1
  private static let takenMark: Int32 = -2

  /// Prepares to read `paths` ahead, at most `depth` (at least 2) of them.
  init(paths: [String], depth: Int = 64) {
    self.paths = paths
    self.depth = max(2, depth)
    slots = Mutex([Int32](repeating: Self.notOpened, count: paths.count))
  }

  /// Starts the thread. Call `finish()` once the workers are done.
  func start() {
    // A serial queue of its own gets a thread of its own: on the global queue, a block
    // that waits would hold one of the threads the workers run on.
    DispatchQueue(label: "precis.read-ahead").async { [self] in
      openAhead()
      finished.signal()
    }
  }

  private func openAhead() {
    var i = 0
    while i < paths.count {
      if i >= taken.load(ordering: .relaxed) + depth {
        wake.wait()
        if stopping.load(ordering: .relaxed) { return }
        continue
      }
      prepare(i)
      i += 1
    }
  }

  private func prepare(_ i: Int) {
    if slots.withLock({ $0[i] == Self.takenMark }) { return }
    // Not blocking in `open` on a FIFO; anything but a regular file is left to the worker.
    let fd = FileName.withCString(paths[i]) { open($0, O_RDONLY | O_NONBLOCK | O_CLOEXEC) }
    guard fd >= 0 else { return }
    var info = stat()
    guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
      close(fd)
      return
    }
    _ = posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED)
    let kept = slots.withLock { slots in
      guard slots[i] == Self.notOpened else { return false }
      slots[i] = fd
      return true
    }
    if !kept { close(fd) }
  }

  /// File `i`'s descriptor if it was opened ahead (the caller then closes it), else nil.
  /// Call it once for every file, in any order.
  func take(_ i: Int) -> Int32? {
    let fd = slots.withLock { slots in
      let fd = slots[i]
      slots[i] = Self.takenMark
      return fd
    }
    if taken.add(1, ordering: .relaxed).newValue % (depth / 2) == 0 { wake.signal() }
    return fd >= 0 ? fd : nil
  }

  /// Stops the thread, waits for it, and closes the files it opened that were not taken
  /// (a batch that was interrupted).
  func finish() {
    stopping.store(true, ordering: .relaxed)
    wake.signal()
    finished.wait()
    slots.withLock { slots in
      for fd in slots where fd >= 0 { close(fd) }
    }
  }
}
