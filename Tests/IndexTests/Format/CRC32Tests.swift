import TestSupport
import Testing

@testable import Index

/// CRC-32 and the combining of two CRCs into the CRC of the joined bytes (how a flushed
/// segment's image checksum is made from its sections' checksums).
@Suite struct CRC32Tests {
  /// The check value of CRC-32/ISO-HDLC: "123456789" gives CBF43926.
  @Test func checkValue() {
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    #expect(CRC32.checksum([UInt8]()) == 0)
  }

  /// The oracle: for random bytes split at random points (empty parts included), combining
  /// the parts' CRCs gives the CRC computed over the whole in one pass.
  @Test func combiningEqualsOnePass() {
    var rng = SeededGenerator(seed: 0xC2C)
    for _ in 0..<300 {
      let count = Int.random(in: 0...5_000, using: &rng)
      let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
      var cuts = (0..<Int.random(in: 0...4, using: &rng)).map { _ in
        Int.random(in: 0...count, using: &rng)
      }
      cuts = [0] + cuts.sorted() + [count]
      var combined = CRC32.checksum([UInt8]())
      for i in 0..<cuts.count - 1 {
        let part = Array(bytes[cuts[i]..<cuts[i + 1]])
        combined = CRC32.combine(combined, CRC32.checksum(part), secondLength: part.count)
      }
      #expect(combined == CRC32.checksum(bytes))
    }
  }

  /// Lengths far past any test buffer: a run of zero bytes combines like the CRC computed
  /// byte by byte (1 MiB and 3 MiB + 7).
  @Test func combiningLongZeroRuns() {
    for length in [1 << 20, 3 << 20 + 7] {
      let zeros = [UInt8](repeating: 0, count: length)
      let head = Array("教育质量".utf8)
      let direct = CRC32.checksum(head + zeros)
      #expect(
        CRC32.combine(CRC32.checksum(head), CRC32.checksum(zeros), secondLength: length) == direct)
    }
  }
}
