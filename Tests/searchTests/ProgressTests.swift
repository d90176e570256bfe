import Foundation
import Index
import Testing

@testable import search

/// The progress line of a long `index` run: documents and MB done, the rate, the time left;
/// and nothing at all when standard error is not a terminal.
@Suite struct ProgressTests {
  @Test func theLineSaysDoneRateAndTimeLeft() {
    let line = Progress.line(
      documents: 12_345, bytes: 45_600_000, total: 120_000_000, elapsed: .seconds(4))
    #expect(line == "12345 documents · 45.6 of 120.0 MB · 11.4 MB/s · about 7 s left")
    let one = Progress.line(documents: 1, bytes: 10, total: 10, elapsed: .seconds(1))
    #expect(one == "1 document · 0.0 of 0.0 MB · 0.0 MB/s")
  }

  @Test func nothingIsWrittenWhenNotATerminal() {
    let progress = Progress(enabled: false, totalBytes: 100)
    var errors = ""
    progress.report(&errors, documents: 5, bytes: 50)
    progress.finish(&errors)
    #expect(errors == "")
  }

  @Test func aTerminalGetsOneRewrittenLineAfterHalfASecond() throws {
    let progress = Progress(enabled: true, totalBytes: 1_000_000)
    var errors = ""
    progress.report(&errors, documents: 1, bytes: 10)
    #expect(errors == "")  // too early: a quick run shows nothing
    Thread.sleep(forTimeInterval: 0.6)
    progress.report(&errors, documents: 2, bytes: 500_000)
    #expect(errors.hasPrefix("\r\u{1B}[K2 documents · 0.5 of 1.0 MB · "))
    #expect(errors.hasSuffix(" s left"))
    let shown = errors
    progress.report(&errors, documents: 3, bytes: 600_000)
    #expect(errors == shown)  // at most four lines a second
    progress.finish(&errors)
    #expect(errors == shown + "\r\u{1B}[K")
  }
}
