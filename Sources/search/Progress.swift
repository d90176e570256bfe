import Foundation

/// A one-line progress report on standard error, only when it is a terminal and only after
/// the work has taken more than a moment: documents and MB done, the rate, and an estimate
/// of the time left (from the bytes of the files listed).
final class Progress {
  let enabled: Bool
  let totalBytes: Int
  let started = ContinuousClock.now
  private var shown = false
  private var lastShown = ContinuousClock.now

  init(enabled: Bool, totalBytes: Int) {
    self.enabled = enabled
    self.totalBytes = totalBytes
  }

  /// Shows the line, at most four times a second.
  func report<E: TextOutputStream>(_ errors: inout E, documents: Int, bytes: Int) {
    guard enabled else { return }
    let now = ContinuousClock.now
    guard now - started > .milliseconds(500), now - lastShown > .milliseconds(250) else {
      return
    }
    lastShown = now
    errors.write(
      "\r\u{1B}[K"
        + Self.line(documents: documents, bytes: bytes, total: totalBytes, elapsed: now - started))
    shown = true
  }

  /// The report: `12,345 documents · 45.6 of 120.0 MB · 11.2 MB/s · about 7 s left`.
  static func line(documents: Int, bytes: Int, total: Int, elapsed: Duration) -> String {
    let seconds = max(
      1e-3, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    let rate = Double(bytes) / seconds
    var parts = [
      Format.count(documents, "document"),
      String(format: "%.1f of %.1f MB", Double(bytes) / 1e6, Double(total) / 1e6),
      String(format: "%.1f MB/s", rate / 1e6),
    ]
    if rate > 0 && total > bytes {
      parts.append("about \(Int((Double(total - bytes) / rate).rounded(.up))) s left")
    }
    return parts.joined(separator: " · ")
  }

  func finish<E: TextOutputStream>(_ errors: inout E) {
    if shown { errors.write("\r\u{1B}[K") }
  }
}
