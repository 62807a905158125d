import Dispatch

extension Array where Element: Sendable {
  /// Maps `transform` over the elements on all cores, keeping the order of results.
  ///
  /// Work is handed out in chunks (about eight per core) so uneven items balance out.
  public func parallelMap<T: Sendable>(jobs: Int = 0, _ transform: @Sendable (Element) -> T) -> [T] {
    let count = self.count
    guard count > 1 else { return map(transform) }
    let workers = jobs > 0 ? jobs : Swift.max(1, sysconfCores())
    if workers == 1 { return map(transform) }
    let results = ResultSlots<T>(count: count)
    let chunks = Swift.min(count, workers * 8)
    let input = self
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
      let start = count * chunk / chunks
      let end = count * (chunk + 1) / chunks
      for i in start..<end { results.set(i, transform(input[i])) }
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
private final class ResultSlots<T>: @unchecked Sendable {
  private var slots: [T?]
  init(count: Int) { slots = Array(repeating: nil, count: count) }
  func set(_ index: Int, _ value: T) { slots.withUnsafeMutableBufferPointer { $0[index] = value } }
  func values() -> [T] { slots.compactMap { $0 } }
}
