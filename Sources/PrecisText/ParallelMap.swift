import Dispatch
import Synchronization

extension Array where Element: Sendable {
  /// Maps `transform` over the elements on all cores, keeping the order of results.
  ///
  /// Workers take the next element from a shared counter, one at a time, so uneven items
  /// balance out to the last one (fixed chunks leave a core idle for up to a chunk at the
  /// end).
  public func parallelMap<T: Sendable>(jobs: Int = 0, _ transform: @Sendable (Element) -> T) -> [T] {
    let count = self.count
    guard count > 1 else { return map(transform) }
    let workers = Swift.min(count, jobs > 0 ? jobs : Swift.max(1, sysconfCores()))
    if workers == 1 { return map(transform) }
    let results = ResultSlots<T>(count: count)
    let next = Atomic<Int>(0)
    let input = self
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while true {
        let i = next.add(1, ordering: .relaxed).oldValue
        if i >= count { return }
        results.set(i, transform(input[i]))
      }
    }
    return results.values()
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Number of online processors.
func sysconfCores() -> Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

/// Slots written by distinct workers at distinct indices, read after all have finished.
/// A buffer of its own, written through a pointer: writing an array's elements from several
/// threads (through `withUnsafeMutableBufferPointer`, a mutating access to the array) races
/// on the array's uniqueness check and corrupts the heap now and then.
///
/// `@unchecked Sendable` because Swift cannot check the pointer's use; safe: each index is
/// written by one worker only (`parallelMap` hands out each index once), and `values()`
/// reads them after `concurrentPerform` has returned, which orders every write before it.
private final class ResultSlots<T>: @unchecked Sendable {
  private let slots: UnsafeMutablePointer<T?>
  private let count: Int

  init(count: Int) {
    self.count = count
    slots = .allocate(capacity: count)
    slots.initialize(repeating: nil, count: count)
  }

  deinit {
    slots.deinitialize(count: count)
    slots.deallocate()
  }

  func set(_ index: Int, _ value: T) {
    precondition(index >= 0 && index < count, "result index out of range")
    slots[index] = value
  }

  func values() -> [T] { (0..<count).compactMap { slots[$0] } }
}
