import Foundation
import TestSupport
import Testing

@testable import Index

/// The oracle of a file of segments: after every commit of a random sequence of adds,
/// replacements, deletions, flushes, merges and compactions, the file searches exactly as a
/// fresh one-segment build of its live documents in the same order.
@Suite struct SegmentOracleTests {
  /// One random run: the writer, its file, the model and the random source.
  final class Run {
    let folder: TemporaryFolder
    let path: String
    var rng: SeededGenerator
    let pool: [Document]
    let queries: [String]
    var model = WriterModel()
    var writer: IndexWriter?
    var nextID = 0
    var commits = 0
    var merged = 0
    var compacted = 0
    var inexact = 0
    var hits = 0
    var ties = 0

    init(seed: UInt64) throws {
      folder = try TemporaryFolder()
      path = folder.path("index.zhsx")
      rng = SeededGenerator(seed: seed)
      pool = randomCorpus(seed: seed &+ 1000, documents: 300, maxLength: 40)
      queries = SegmentOracle.queries(10, from: pool, using: &rng)
    }

    /// A writer with a random budget and merge policy.
    func openWriter() throws -> IndexWriter {
      if let writer { return writer }
      let opened = try IndexWriter(path: path, threads: 1 + rng.below(2))
      if rng.below(2) == 0 { opened.memoryBudget = [200, 600, 2_000][rng.below(3)] }
      switch rng.below(4) {
      case 0:
        opened.mergePolicy.factor = 2
        opened.mergePolicy.levelUnit = 1 << 12
      case 1:
        opened.mergePolicy.factor = 3
        opened.mergePolicy.levelUnit = 1 << 10
      default: break
      }
      if rng.below(4) == 0 { opened.mergePolicy.compactionMinimum = 0 }
      writer = opened
      return opened
    }

    /// A random document text under `id`.
    func document(_ id: String) -> Document {
      let source = pool[rng.below(pool.count)]
      return Document(id: id, title: source.title, text: source.text)
    }

    /// One random change, checked against the model's answer.
    func change() throws {
      let writer = try openWriter()
      let live = model.live
      let flushBytes = writer.flushTextBytes
      switch rng.below(10) {
      case 0..<5:
        nextID += 1
        let doc = document("new-\(nextID)")
        #expect(writer.add(doc) == model.add(doc, flushBytes: flushBytes))
      case 5..<7 where !live.isEmpty:
        let doc = document(live[rng.below(live.count)].id)
        #expect(writer.add(doc) == model.add(doc, flushBytes: flushBytes), "replace \(doc.id)")
      case 7..<9 where !live.isEmpty:
        let id = live[rng.below(live.count)].id
        #expect(writer.delete(id: id) == model.delete(id), "delete \(id)")
      default:
        #expect(writer.delete(id: "missing-\(rng.below(5))") == false)
      }
      #expect(writer.documentCount == model.live.count)
    }

    /// A commit (or an optimize), then the reopened file against the oracle.
    func commit() throws {
      let writer = try openWriter()
      let before = (try? IndexReader(path: path))?.commit?.slot.generation ?? 0
      let optimize = rng.below(8) == 0
      let summary = optimize ? try writer.optimize() : try writer.commit()
      model.commit()
      commits += 1
      if optimize { compacted += 1 }
      let reader = try IndexReader(path: path)
      #expect(summary.documentCount == model.live.count)
      #expect(summary.segmentCount == reader.segments.count)
      #expect(summary.fileSize == reader.fileSize)
      #expect(reader.formatVersion == IndexFormat.version)
      if let generation = reader.commit?.slot.generation, generation > before + 1 { merged += 1 }
      if optimize { #expect(reader.segments.count <= 1) }
      try verify(reader)
    }

    /// The reader against a fresh build of the model's live documents.
    func verify(_ reader: IndexReader) throws {
      let comparison = try SegmentOracle.compare(reader, with: model.committed, queries: queries)
      #expect(
        comparison.mismatches.isEmpty, "commit \(commits): \(comparison.mismatches.prefix(5))")
      inexact += comparison.inexactScores
      ties += comparison.tieMismatches.count
      // Ties keep the index-wide order too (TieOrderTests): the ids must be the same.
      #expect(
        comparison.tieMismatches.isEmpty,
        "commit \(commits): \(comparison.tieMismatches.count) tie orders, \(comparison.tieMismatches.prefix(3))"
      )
      hits += comparison.hitsCompared
      let report = try reader.check()
      #expect(report.segments == reader.segments.count)
      #expect(report.documentsVerified == reader.documentNumberCount)
    }
  }

  @Test(arguments: [UInt64(1), 2, 3, 4])
  func randomCommitsMatchFreshBuild(seed: UInt64) throws {
    let run = try Run(seed: seed)
    for step in 0..<14 {
      for _ in 0..<(1 + run.rng.below(step == 0 ? 30 : 12)) { try run.change() }
      if run.rng.below(6) == 0 {
        // Dropped without committing: its flushed segments become a tail the next cuts off.
        run.writer = nil
        run.model.abandon()
        for _ in 0..<(1 + run.rng.below(4)) { try run.change() }
      }
      try run.commit()
      if run.rng.below(5) == 0 { run.writer = nil }
    }
    #expect(run.commits == 14)
    #expect(run.hits > 1_000, "the queries should find documents")
    print(
      "seed \(seed): \(run.merged) merging commits, \(run.compacted) optimizes, "
        + "\(run.inexact) of \(run.hits) scores not bit-identical, \(run.ties) tie orders differ")
  }

  /// Several segments flushed by one commit at a tiny budget, merged two by two.
  @Test func tinyBudgetFlushesAndMerges() throws {
    let run = try Run(seed: 77)
    let writer = try IndexWriter(path: run.path)
    writer.memoryBudget = 300
    writer.mergePolicy.factor = 2
    writer.mergePolicy.levelUnit = 1 << 11
    run.writer = writer
    for i in 0..<40 {
      let doc = run.document("d\(i)")
      _ = writer.add(doc)
      _ = run.model.add(doc, flushBytes: writer.flushTextBytes)
    }
    try writer.commit()
    run.model.commit()
    let reader = try IndexReader(path: run.path)
    #expect(reader.segments.count > 1)
    try run.verify(reader)
    // MergePolicy: "the index keeps at most factor − 1 segments a level" (here 1).
    var perLevel: [Int: Int] = [:]
    for entry in reader.commit!.manifest.segments {
      perLevel[writer.mergePolicy.level(entry.image.length), default: 0] += 1
    }
    #expect(perLevel.values.allSatisfy { $0 <= 1 }, "segments by level: \(perLevel)")
  }
}
