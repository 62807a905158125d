import Foundation
import Synchronization
import Testing

@testable import PrecisText

/// Counts live instances, to see `PerThread` release them.
private final class Tracked: @unchecked Sendable {
  static let live = Mutex(0)
  var uses = 0
  init() { Self.live.withLock { $0 += 1 } }
  deinit { Self.live.withLock { $0 -= 1 } }
}

@Suite("PerThread", .serialized)
struct PerThreadTests {
  @Test("One instance a thread: the same on every use by a thread, another on another thread")
  func instances() {
    let made = Mutex(0)
    let perThread = PerThread { () -> Tracked in
      made.withLock { $0 += 1 }
      return Tracked()
    }
    let mine = perThread.value
    #expect(perThread.value === mine)
    let other = Mutex<ObjectIdentifier?>(nil)
    let thread = Thread {
      let a = perThread.value, b = perThread.value
      other.withLock { $0 = a === b ? ObjectIdentifier(a) : nil }
    }
    thread.start()
    while !thread.isFinished { usleep(1000) }
    #expect(other.withLock { $0 } != nil)
    #expect(other.withLock { $0 } != ObjectIdentifier(mine))
    #expect(made.withLock { $0 } == 2)
  }

  @Test("Releases a thread's instance when the thread exits, and the others when it goes")
  func releases() {
    let before = Tracked.live.withLock { $0 }
    do {
      let perThread = PerThread { Tracked() }
      let thread = Thread { [weak perThread] in perThread?.value.uses += 1 }
      thread.start()
      while !thread.isFinished { usleep(1000) }
      // The thread's destructor runs as it exits: give it a moment.
      for _ in 0..<200 where Tracked.live.withLock({ $0 }) != before { usleep(1000) }
      #expect(Tracked.live.withLock { $0 } == before, "released at the thread's exit")
      perThread.value.uses += 1
      #expect(Tracked.live.withLock { $0 } == before + 1)
    }
    #expect(Tracked.live.withLock { $0 } == before, "released with the PerThread")
  }

  @Test("Owners made and dropped while worker threads keep their cells; parallelMap keeps every result")
  func churn() {
    // Each round's owner dies while the pool's threads live on; the next owner may get the
    // same thread-specific key. (This test found parallelMap's results racing: it crashed
    // 1 run in 6 before they got a buffer of their own.)
    for round in 0..<300 {
      let perThread = PerThread { Tracked() }
      let results = Array(0..<64).parallelMap(jobs: 4) { i -> Int in
        perThread.value.uses += 1
        return i * round
      }
      #expect(results == (0..<64).map { $0 * round })
    }
  }
}
