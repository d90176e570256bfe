import Foundation
import TestSupport
import Testing

@testable import Index

/// Document frequencies of live documents: each segment's frequency less what its deletion
/// records say its deleted documents hold adds up, over the segments, to the frequency a
/// fresh build of the live documents has.
@Suite struct LiveFrequencyTests {
  /// Every term of `reader` (dictionary bytes) with its document frequency.
  static func terms(of reader: SegmentReader) throws -> [[UInt8]: Int] {
    var found: [[UInt8]: Int] = [:]
    try reader.forEachTerm { (bytes, info) throws(IndexError) in
      found[Array(bytes)] = info.documentFrequency
    }
    return found
  }

  /// The live document frequency of `term` over the segments of `reader`.
  static func liveFrequency(_ term: [UInt8], in reader: IndexReader) throws -> Int {
    var total = 0
    for segment in reader.segments {
      let info = try term.withUnsafeBytes { (raw) throws(IndexError) in
        try segment.reader.lookup(raw)
      }
      total += (info?.documentFrequency ?? 0) - (try segment.deletedFrequency(of: term))
    }
    return total
  }

  @Test(arguments: [UInt64(11), 12, 13])
  func liveFrequenciesEqualFreshBuild(seed: UInt64) throws {
    let folder = try TemporaryFolder()
    let path = folder.path("df.zhsx")
    var rng = SeededGenerator(seed: seed)
    let pool = randomCorpus(seed: seed, documents: 240, maxLength: 50)
    var model = WriterModel()
    // Four segments of 60 documents, then deletions (and a few replacements) over several
    // commits, so that segments hold several deletion records.
    for part in 0..<4 {
      let writer = try IndexWriter(path: path)
      for doc in pool[(part * 60)..<(part * 60 + 60)] {
        let replaced = model.add(doc, flushBytes: writer.flushTextBytes)
        #expect(writer.add(doc) == replaced)
      }
      try writer.commit()
      model.commit()
    }
    for round in 0..<6 {
      let writer = try IndexWriter(path: path)
      // No merge: the segments keep their deletion records.
      writer.mergePolicy.factor = 100
      for _ in 0..<(5 + rng.below(15)) {
        let live = model.live
        let id = live[rng.below(live.count)].id
        if rng.below(5) == 0 {
          let doc = Document(id: id, text: pool[rng.below(pool.count)].text)
          let replaced = model.add(doc, flushBytes: writer.flushTextBytes)
          #expect(writer.add(doc) == replaced)
        } else {
          let existed = model.delete(id)
          #expect(writer.delete(id: id) == existed, "round \(round), \(id)")
        }
      }
      try writer.commit()
      model.commit()
    }
    let reader = try IndexReader(path: path)
    #expect(reader.segments.count >= 4)
    #expect(reader.segments.contains { $0.deletions.count > 1 })
    let fresh = IndexWriter()
    for doc in model.committed { fresh.add(doc) }
    let expected = try Self.terms(of: try SegmentReader(bytes: try fresh.buildImage()))
    #expect(expected.count > 200)
    var wrong: [String] = []
    for (term, df) in expected {
      let live = try Self.liveFrequency(term, in: reader)
      if live != df { wrong.append("\(term): \(live), expected \(df)") }
    }
    // A term no live document holds any more has a live frequency of 0.
    var gone = 0
    for segment in reader.segments {
      for term in try Self.terms(of: segment.reader).keys where expected[term] == nil {
        gone += 1
        let live = try Self.liveFrequency(term, in: reader)
        if live != 0 { wrong.append("\(term) (no live document): \(live)") }
      }
    }
    #expect(wrong.isEmpty, "\(wrong.prefix(10))")
    _ = try reader.check()
    let comparison = try SegmentOracle.compare(
      reader, with: model.committed, queries: SegmentOracle.fixedQueries)
    #expect(comparison.mismatches.isEmpty, "\(comparison.mismatches.prefix(3))")
  }
}
