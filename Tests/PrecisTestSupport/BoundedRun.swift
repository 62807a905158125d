import Foundation

extension TestSupport {
  /// How a run under `runPrecisBounded` ended.
  public struct BoundedRun: Sendable {
    /// The exit status, or the signal number when `signaled`.
    public let status: Int32
    /// Whether the process died of a signal (a trap, an abort, a kill after the time bound).
    public let signaled: Bool
    /// Whether the run outlived its time bound and was killed.
    public let timedOut: Bool
    public let stdout: Data
    public let stderr: String

    /// The ending in words, for failure messages: "exit 65", "signal 4", "killed after 20 s".
    public var ending: String {
      if timedOut { return "killed after the time bound" }
      return signaled ? "signal \(status)" : "exit \(status)"
    }
  }

  /// Runs `precis` with `arguments` under an address-space bound (`ulimit -v`, so an
  /// allocation beyond it fails and the process dies instead of exhausting the machine) and
  /// a time bound after which it is killed. The user's lexicon and cache are never read.
  public static func runPrecisBounded(
    _ arguments: [String], memoryKiB: Int, timeout: TimeInterval
  ) throws -> BoundedRun {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    // exec: the shell is replaced, so the status and signal seen are precis's own.
    process.arguments = ["-c", "ulimit -v \(memoryKiB) && exec \"$0\" \"$@\"", precisExecutable.path] + arguments
    process.currentDirectoryURL = repositoryRoot
    process.environment = precisEnvironment(adding: ["XDG_CONFIG_HOME": "/nonexistent-precis-config"])
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let (outData, errData, timedOut) = collect(process, out: out, err: err, timeout: timeout) {
      kill(process.processIdentifier, SIGKILL)
    }
    return BoundedRun(
      status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
      timedOut: timedOut, stdout: outData, stderr: String(decoding: errData, as: UTF8.self))
  }
}
