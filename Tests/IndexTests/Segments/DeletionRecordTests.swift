import Foundation
import TestSupport
import Testing

@testable import Index

/// A segment's deletion records stay few: each commit's record merges with the newest ones
/// while it is at least half their size, so n one-document deletions leave O(log n) records.
@Suite struct DeletionRecordTests {
  @Test func oneDeletionPerCommitKeepsLogarithmicRecords() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("deletions.zhsx")
    let docs = randomCorpus(seed: 31, documents: 300, maxLength: 60)
    var model = WriterModel()
    let writer = try IndexWriter(path: path)
    for doc in docs { _ = model.add(doc, flushBytes: writer.flushTextBytes) }
    for doc in docs { writer.add(doc) }
    try writer.commit()
    model.commit()
    #expect(try IndexReader(path: path).segments.count == 1)
    var rng = SeededGenerator(seed: 32)
    var most = 0
    let limit = Int((2 * log2(200.0)).rounded(.up))
    for i in 0..<200 {
      let live = model.live
      let id = live[rng.below(live.count)].id
      #expect(writer.delete(id: id))
      let existed = model.delete(id)
      #expect(existed)
      let summary = try writer.commit()
      model.commit()
      #expect(summary.documentCount == 300 - i - 1)
      #expect(summary.segmentCount == 1, "deletions alone never add a segment")
      if i % 40 == 39 || i == 199 {
        let reader = try IndexReader(path: path)
        let records = reader.commit!.manifest.segments[0].deletions.count
        most = max(most, records)
        #expect(records <= limit, "after \(i + 1) deletions: \(records) records")
        #expect(reader.segments[0].liveCount == 300 - i - 1)
      }
    }
    let reader = try IndexReader(path: path)
    #expect(reader.commit!.manifest.segments[0].deletions.count <= limit)
    #expect(reader.segments[0].deleted?.count == 200)
    let report = try reader.check()
    #expect(report.deletedDocuments == 200)
    var queryRNG = SeededGenerator(seed: 33)
    let comparison = try SegmentOracle.compare(
      reader, with: model.committed,
      queries: SegmentOracle.queries(8, from: docs, using: &queryRNG))
    #expect(comparison.mismatches.isEmpty, "\(comparison.mismatches.prefix(3))")
    #expect(comparison.hitsCompared > 100)
    #expect(most >= 1)
  }
}
