import TestSupport
import Testing

@testable import Index

@Suite struct PackingTests {
  /// Packed runs read back at every width, with the tail of a partial run.
  @Test func fieldsRoundTripAtEveryWidth() throws {
    var rng = SeededGenerator(seed: 5)
    for width in 0...32 {
      for count in [1, 7, 128] {
        let values: [UInt32] = (0..<count).map { _ in
          width == 0
            ? 0
            : UInt32(truncatingIfNeeded: UInt64.random(in: 0..<(1 << UInt64(width)), using: &rng))
        }
        var out = OutputBuffer()
        values.withUnsafeBufferPointer {
          BitPacking.write($0.baseAddress!, count: count, into: &out)
        }
        let bytes = Array(out.bytes)
        #expect(bytes.count <= 1 + BitPacking.byteCount(count: count, width: width))
        let (decoded, atEnd) = try unpack(bytes, count: count)
        #expect(atEnd)
        #expect(decoded == values)
      }
    }
  }

  /// A width above 32 or a truncated run throws instead of trapping.
  @Test func badRunsThrow() {
    let cases: [[UInt8]] = [[33, 0, 0, 0, 0], [8, 1, 2], [32]]
    for bytes in cases {
      #expect(throws: IndexError.self) { _ = try unpack(bytes, count: 128) }
    }
  }

  /// Positions of scattered documents (the earlier ones' positions skipped, in packed runs and
  /// in the varint tail) equal the reference, after `next` and after `advance`.
  @Test(arguments: [UInt64(3), 4])
  func scatteredPositionsMatchReference(seed: UInt64) throws {
    let docs = randomCorpus(seed: seed, documents: 2000, maxLength: 120)
    let reference = ReferenceIndex(docs)
    let reader = try SegmentReader(bytes: try IndexWriter(threads: 2).adding(docs).buildImage())
    var rng = SeededGenerator(seed: seed &+ 100)
    var positions: [UInt32] = []
    var checked = 0
    try reader.forEachTerm { bytes, info throws(IndexError) in
      guard bytes.first != IndexFormat.characterTermMarker else { return }
      let expected = reference.postings[Array(bytes)] ?? []
      var cursor = try reader.postings(info)
      var i = 0
      while i < expected.count {
        #expect(cursor.document == expected[i].document)
        if Int.random(in: 0..<3, using: &rng) == 0 {
          try cursor.positions(into: &positions)
          #expect(positions == expected[i].positions)
          checked += 1
        }
        let step = Int.random(in: 1...5, using: &rng)
        i += step
        if i < expected.count {
          try cursor.advance(to: expected[i].document)
        }
      }
    }
    #expect(checked > 1000)
  }
}

/// Reading a document's positions twice (an `advance` that did not move, as the reader fuzz
/// target does) gives the same positions both times, in packed runs and in the tails.
@Test func positionsReadTwiceAreTheSame() throws {
  let docs = randomCorpus(seed: 6, documents: 1500, maxLength: 120)
  let reference = ReferenceIndex(docs)
  let reader = try SegmentReader(bytes: try IndexWriter().adding(docs).buildImage())
  var rng = SeededGenerator(seed: 60)
  var positions: [UInt32] = []
  var checked = 0
  try reader.forEachTerm { bytes, info throws(IndexError) in
    guard bytes.first != IndexFormat.characterTermMarker else { return }
    let expected = reference.postings[Array(bytes)] ?? []
    var cursor = try reader.postings(info)
    for (i, posting) in expected.enumerated() where Int.random(in: 0..<4, using: &rng) == 0 {
      try cursor.advance(to: posting.document)
      #expect(cursor.document == expected[i].document)
      for _ in 0..<2 {
        try cursor.positions(into: &positions)
        #expect(positions == posting.positions)
      }
      checked += 1
    }
  }
  #expect(checked > 1000)
}

/// Reads one packed run of `count` values from `bytes`; whether it used every byte.
private func unpack(_ bytes: [UInt8], count: Int) throws -> ([UInt32], Bool) {
  var decoded = [UInt32](repeating: 9, count: count)
  let result: Result<Bool, IndexError> = bytes.withUnsafeBytes { raw in
    decoded.withUnsafeMutableBufferPointer { d in
      var reader = ByteReader(raw, from: 0, to: raw.count, section: "postings")
      do throws(IndexError) {
        try BitPacking.read(&reader, count: count, into: d.baseAddress!)
        return .success(reader.isAtEnd)
      } catch {
        return .failure(error)
      }
    }
  }
  return (decoded, try result.get())
}

extension IndexWriter {
  fileprivate func adding(_ docs: [Document]) -> IndexWriter {
    for doc in docs { add(doc) }
    return self
  }
}

/// A length limit that damage made negative rejects every value instead of trapping (found by
/// the index reader fuzz target).
@Test func aNegativeVarIntLimitThrows() throws {
  let bytes: [UInt8] = [0x05, 0x00]
  bytes.withUnsafeBytes { raw in
    var reader = ByteReader(raw, from: 0, to: 2, section: "postings")
    #expect(throws: IndexError.corrupt(section: "postings", detail: "value 5 exceeds -3 at byte 1"))
    {
      _ = try reader.readVarInt(max: -3)
    }
    var zero = ByteReader(raw, from: 1, to: 2, section: "postings")
    #expect(throws: IndexError.self) { _ = try zero.readVarInt(max: -1) }
  }
}
