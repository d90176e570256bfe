@testable import Index

/// What became of damaged files: refused at open, or opened and then read in full
/// (`readEverything`) and checked (`check`), each counted as failing or not.
///
/// The corruption tests open hundreds of damaged files; the counts show that each trial ran
/// to the end (no trap) and, being those of fixed seeds, that what is caught where stays the
/// same. Every failure must be an `IndexError`.
struct DamageOutcomes: Equatable, CustomStringConvertible {
  var refused = 0
  var opened = 0
  var readFailed = 0
  var checkFailed = 0
  /// Failures that were not an `IndexError` (there must be none).
  var otherErrors = 0

  /// Opens `bytes`, reads and checks what opens; returns the reader when it opened.
  @discardableResult
  mutating func record(_ bytes: [UInt8]) -> SegmentReader? {
    let reader: SegmentReader
    do {
      reader = try SegmentReader(bytes: bytes)
    } catch {
      refused += 1
      return nil
    }
    opened += 1
    do {
      try readEverything(reader)
    } catch is IndexError {
      readFailed += 1
    } catch {
      otherErrors += 1
    }
    do { _ = try reader.check() } catch { checkFailed += 1 }
    return reader
  }

  var description: String {
    "refused \(refused), opened \(opened), read failed \(readFailed), check failed \(checkFailed), other errors \(otherErrors)"
  }
}

/// How many searches over damaged files answered and how many threw.
struct SearchOutcomes: Equatable {
  var answered = 0
  var failed = 0
}
