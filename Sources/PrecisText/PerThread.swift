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
    // At a thread's exit, release its box (unless `deinit` already did).
    let created = pthread_key_create(&key) { raw in
      guard let raw else { return }
      let box = Unmanaged<PerThreadBox>.fromOpaque(raw)
      box.takeUnretainedValue().registry.release(box)
    }
    self.key = created == 0 ? key : nil
  }

  deinit {
    guard let key else { return }
    pthread_key_delete(key)
    let boxes = registry.boxes.withLock { boxes in
      defer { boxes.removeAll() }
      return Array(boxes.values)
    }
    for box in boxes { box.release() }
  }

  /// This thread's instance.
  public var value: Value {
    guard let key else { return make() }
    if let raw = pthread_getspecific(key) {
      return unsafeDowncast(Unmanaged<PerThreadBox>.fromOpaque(raw).takeUnretainedValue().value, to: Value.self)
    }
    let value = make()
    let box = Unmanaged.passRetained(PerThreadBox(value, registry))
    registry.boxes.withLock { $0[ObjectIdentifier(box.takeUnretainedValue())] = box }
    pthread_setspecific(key, box.toOpaque())
    return value
  }
}

/// A thread's instance of a `PerThread`, pointed to by the thread-specific slot (not
/// generic: the slot's destructor is a C function, which cannot name a generic type).
private final class PerThreadBox: @unchecked Sendable {
  let value: AnyObject
  let registry: PerThreadRegistry
  init(_ value: AnyObject, _ registry: PerThreadRegistry) {
    self.value = value
    self.registry = registry
  }
}

/// The boxes of a `PerThread` still held by live threads, so that its `deinit` can release
/// them; a box is released by whoever removes it from here (its thread's exit, or `deinit`).
private final class PerThreadRegistry: Sendable {
  let boxes = Mutex<[ObjectIdentifier: Unmanaged<PerThreadBox>]>([:])

  /// Removes `box` and releases it, if still registered.
  func release(_ box: Unmanaged<PerThreadBox>) {
    let removed = boxes.withLock { $0.removeValue(forKey: ObjectIdentifier(box.takeUnretainedValue())) }
    removed?.release()
  }
}
