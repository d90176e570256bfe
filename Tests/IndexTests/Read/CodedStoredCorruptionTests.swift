import Foundation
import TestSupport
import Testing

@testable import Index

/// Damage to a version-8 image (coded stored text): every truncation is refused at open, and
/// every flipped byte either reads or throws (never traps) and is caught by `check`.
@Suite struct CodedStoredCorruptionTests {
  /// The golden current image: the one segment of `Golden/v10/small.zhsx` (its stored text coded as in version 8).
  static func image() throws -> [UInt8] {
    let reader = try IndexReader(bytes: try GoldenCorpus.currentBytes())
    return Array(reader.segments[0].reader.bytes)
  }

  @Test func everyTruncationThrows() throws {
    let image = try Self.image()
    for length in 0..<image.count {
      #expect(throws: IndexError.self) { try SegmentReader(bytes: Array(image[0..<length])) }
    }
  }

  /// Every byte of the stored section flipped, its checksums resealed (so that only the
  /// record CRCs and the code's CRC stand guard): reading throws for the damaged record,
  /// never traps, and `check` catches every one.
  @Test func flippedStoredBytesAreCaught() throws {
    let image = try Self.image()
    let original = try SegmentReader(bytes: image)
    let stored = original.info(.stored)
    for at in stored.range {
      var bytes = image
      bytes[at] ^= 0x20
      CorruptionTests().resealChecksums(&bytes, original.sections)
      let reader = try SegmentReader(bytes: bytes)
      var failed = 0
      for doc in 0..<reader.documentCount {
        do { _ = try reader.storedDocument(doc) } catch { failed += 1 }
      }
      #expect(failed >= 1, "flip at \(at) not caught by a read")
      #expect(throws: IndexError.self, "flip at \(at) not caught by check") {
        _ = try reader.check()
      }
    }
  }
}
