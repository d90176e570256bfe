import Foundation
import Testing

@testable import Index

/// A manifest whose checksums hold but whose counts are impossible is refused on open with
/// `IndexError.corrupt`, never a trap: the reproducer FuzzCommits' reseal made
/// (`Fuzz/crashes/FuzzCommits-liveTokens-overflow.zhsx`: segment 1's live token count is
/// 0xFFFF_FFFF_FFFF_FFF0, which summed with segment 0's overflowed).
@Suite struct ManifestBoundsTests {
  static var reproducer: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fuzz/crashes/FuzzCommits-liveTokens-overflow.zhsx")
  }

  @Test func liveTokensBeyondTheImageAreRefused() throws {
    let bytes = [UInt8](try Data(contentsOf: Self.reproducer))
    #expect(
      throws: IndexError.corrupt(
        section: "manifest", detail: "segment 1's counts disagree with its image")
    ) {
      _ = try IndexReader(bytes: bytes)
    }
  }
}
