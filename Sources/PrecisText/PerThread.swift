import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// One instance of `Value` per thread, made on a thread's first use: the memos of the
/// text pipeline (`BoundedCache`, the tagger's vectors) are read for every token, and one
/// shared memo behind a lock cost 6–8% on two threads against two processes of one thread
/// (measured: 2,165–2,223 articles/s in one process, 2 × 1,166–1,185 in two).
///
/// A thread's instance is released when the thread exits, or when this object is
/// deinitialised, whichever comes first. `Value` need not be thread-safe: an instance is
/// only ever used by its own thread. When the system has no thread-specific key left,
/// every use gets a fresh instance (correct, and as slow as having no memo).
public final class PerThread<Value: AnyObject>: @unchecked Sendable {
  private let key: pthread_key_t?
  private let registry = PerThreadRegistry()
  private let make: @Sendable () -> Value

  /// Creates the per-thread slot; `make` builds a thread's instance on first use.
  public init(_ make: @escaping @Sendable () -> Value) {
    self.make = make
    var key = pthread_key_t()
    // At a thread's exit: release its instance (unless `deinit` already did), then its cell.
    let created = pthread_key_create(&key) { raw in
      guard let raw else { return }
      let cell = Unmanaged<PerThreadCell>.fromOpaque(raw)
      _ = cell.takeUnretainedValue().registry.take(cell.takeUnretainedValue())
      cell.release()
    }
    self.key = created == 0 ? key : nil
  }

  deinit {
    guard let key else { return }
    // No thread's exit runs the destructor after this; one that is exiting now finds its
    // instance taken (the registry decides who releases it, under its lock).
    pthread_key_delete(key)
    let instances = registry.takeAll()
    _ = instances
  }

  /// This thread's instance.
  public var value: Value {
    guard let key else { return make() }
    if let raw = pthread_getspecific(key), let value = Unmanaged<PerThreadCell>.fromOpaque(raw).takeUnretainedValue().value {
      return unsafeDowncast(value, to: Value.self)
    }
    let value = make()
    let cell = PerThreadCell(registry: registry, value: value)
    registry.add(cell)
    pthread_setspecific(key, Unmanaged.passRetained(cell).toOpaque())
    return value
  }
}

/// What a thread's slot of a `PerThread` points to: the thread's instance and the registry
/// of its owner. A cell is freed only by its own thread's exit, so that an exiting thread
/// can always reach the registry, even while the owner is being deinitialised (cells of
/// threads that outlive their owner stay, a few bytes each). Not generic: the slot's
/// destructor is a C function, which cannot name a generic type.
final class PerThreadCell: @unchecked Sendable {
  let registry: PerThreadRegistry
  /// Read without a lock by its thread while the owner lives; cleared under the registry's
  /// lock by the thread's exit or the owner's `deinit`.
  var value: AnyObject?

  init(registry: PerThreadRegistry, value: AnyObject) {
    self.registry = registry
    self.value = value
  }
}

/// The cells of a `PerThread`'s live threads. Whoever takes a cell's instance from here
/// (its thread's exit, or the owner's `deinit`) releases it; the other finds nothing.
final class PerThreadRegistry: Sendable {
  private let cells = Mutex<[ObjectIdentifier: Unmanaged<PerThreadCell>]>([:])

  func add(_ cell: PerThreadCell) {
    cells.withLock { $0[ObjectIdentifier(cell)] = Unmanaged.passUnretained(cell) }
  }

  /// Unregisters `cell` and returns its instance, if still registered.
  func take(_ cell: PerThreadCell) -> AnyObject? {
    cells.withLock { cells -> AnyObject? in
      guard cells.removeValue(forKey: ObjectIdentifier(cell)) != nil else { return nil }
      defer { cell.value = nil }
      return cell.value
    }
  }

  /// Unregisters every cell and returns their instances.
  func takeAll() -> [AnyObject] {
    cells.withLock { cells -> [AnyObject] in
      defer { cells.removeAll() }
      return cells.values.compactMap { unmanaged -> AnyObject? in
        let cell = unmanaged.takeUnretainedValue()
        defer { cell.value = nil }
        return cell.value
      }
    }
  }
}
