import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Nanoseconds on the monotonic clock (`CLOCK_MONOTONIC`); cheap enough to read around every
/// single query.
@inline(__always)
func monotonicNanos() -> UInt64 {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}

/// Seconds elapsed since `start` (a `monotonicNanos()` reading).
@inline(__always)
func secondsSince(_ start: UInt64) -> Double {
  Double(monotonicNanos() &- start) * 1e-9
}

/// A set of timings in seconds, with the order statistics the report prints.
struct Samples {
  let values: [Double]
  private let sorted: [Double]

  init(_ values: [Double] = []) {
    self.values = values
    self.sorted = values.sorted()
  }

  var count: Int { values.count }
  var isEmpty: Bool { values.isEmpty }
  var sum: Double { values.reduce(0, +) }
  var mean: Double { values.isEmpty ? 0 : sum / Double(values.count) }
  var min: Double { sorted.first ?? 0 }
  var max: Double { sorted.last ?? 0 }

  /// The median (the mean of the two middle values for an even count).
  var median: Double {
    guard !sorted.isEmpty else { return 0 }
    let n = sorted.count
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
  }

  /// The nearest-rank percentile: the smallest value with at least `p` of the samples at or
  /// below it (`p` in 0...1).
  func percentile(_ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((p * Double(sorted.count)).rounded(.up))
    return sorted[Swift.max(0, Swift.min(sorted.count - 1, rank - 1))]
  }
}

/// How many times a phase runs: warm-up runs, then timed runs until `runs` are done, or until
/// `budget` seconds have gone by once `minimumRuns` are done.
struct RunPlan {
  var warmup: Int
  var runs: Int
  var budget: Double
  var minimumRuns: Int = 3

  /// Runs `body` (given the run number, negative for warm-up runs) and times each timed run;
  /// `check` then inspects each run's result with the clock stopped, and the result is
  /// released before the next run starts.
  func measure<Result>(
    _ body: (_ run: Int) throws -> Result, check: (_ result: Result, _ run: Int) -> Void
  ) rethrows -> Samples {
    for w in 0..<warmup {
      let result = try body(-1 - w)
      check(result, -1 - w)
    }
    var times: [Double] = []
    let phaseStart = monotonicNanos()
    var run = 0
    while run < runs {
      let start = monotonicNanos()
      let result = try body(run)
      times.append(secondsSince(start))
      check(result, run)
      run += 1
      if run >= Swift.min(minimumRuns, runs) && secondsSince(phaseStart) > budget { break }
    }
    return Samples(times)
  }
}

/// Failed determinism and correctness checks, collected instead of trapping so that a run
/// always reports everything it measured.
final class Checks {
  private(set) var failures: [String] = []
  private(set) var passed = 0

  /// Records that `actual` equals `expected`, or a failure described by `what`.
  func expect<T: Equatable>(_ actual: T, equals expected: T, _ what: @autoclosure () -> String) {
    if actual == expected {
      passed += 1
    } else {
      fail("\(what()): got \(actual), expected \(expected)")
    }
  }

  func fail(_ message: String) {
    failures.append(message)
    log("CHECK FAILED: \(message)")
  }
}

/// The resident-set figures of this process, from `/proc/self/status` (in bytes).
enum Memory {
  /// `VmRSS` (current) and `VmHWM` (peak since start or since the last `resetPeak()`).
  static func status() -> (rss: Int, peak: Int) {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
      return (0, 0)
    }
    var rss = 0
    var peak = 0
    for line in text.split(separator: "\n") {
      if line.hasPrefix("VmRSS:") { rss = kilobytes(line) }
      if line.hasPrefix("VmHWM:") { peak = kilobytes(line) }
    }
    return (rss, peak)
  }

  private static func kilobytes(_ line: Substring) -> Int {
    let digits = line.split(separator: " ").dropFirst().first ?? "0"
    return (Int(digits) ?? 0) * 1024
  }

  /// Gives freed heap memory back to the kernel and resets `VmHWM` to the current RSS (writing
  /// "5" to `/proc/self/clear_refs`, Linux 4.0+); returns false if the reset failed, in which
  /// case `VmHWM` is the peak since the process started.
  @discardableResult
  static func resetPeak() -> Bool {
    if let trim = dlsym(nil, "malloc_trim") {
      _ = unsafeBitCast(trim, to: (@convention(c) (Int) -> Int32).self)(0)
    }
    let fd = open("/proc/self/clear_refs", O_WRONLY)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    return write(fd, "5", 1) == 1
  }
}

/// Progress and diagnostics go to standard error, so that `--json` output stays clean.
func log(_ message: String) {
  FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// A seeded, portable pseudo-random generator (SplitMix64), so that sampled query sets are the
/// same on every machine and every run.
struct SplitMix64: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A value in `0..<bound` (bound > 0), independent of the standard library's algorithm.
  mutating func below(_ bound: Int) -> Int {
    Int(next() % UInt64(bound))
  }
}
