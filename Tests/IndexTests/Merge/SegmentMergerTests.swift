import Foundation
import TestSupport
import Testing

@testable import Index

/// The merger's oracle: merging images gives, byte for byte, what `IndexWriter` builds from
/// the same live documents in the same order.
@Suite struct SegmentMergerTests {
  /// The image `IndexWriter` builds from `docs`.
  static func build(_ docs: [Document]) throws -> [UInt8] {
    let writer = IndexWriter()
    for doc in docs { writer.add(doc) }
    return try writer.buildImage()
  }

  /// The merged image of `parts` (each built alone) with `deleted` removed, in memory.
  static func merge(_ parts: [[Document]], deleted: [Set<Int>]) throws -> [UInt8] {
    var inputs: [SegmentMerger.Input] = []
    for (i, part) in parts.enumerated() {
      let reader = try SegmentReader(bytes: try build(part), name: "input-\(i)")
      inputs.append(SegmentMerger.Input(reader: reader, deleted: deleted[i]))
    }
    var sink = ByteArraySink()
    try SegmentMerger(inputs: inputs, spillDirectory: NSTemporaryDirectory()).merge(into: &sink)
    return sink.bytes
  }

  /// The live documents of `parts` in merge order.
  static func live(_ parts: [[Document]], _ deleted: [Set<Int>]) -> [Document] {
    var docs: [Document] = []
    for (i, part) in parts.enumerated() {
      for (d, doc) in part.enumerated() where !deleted[i].contains(d) { docs.append(doc) }
    }
    return docs
  }

  /// `docs` cut into `k` consecutive parts at random places (some may be empty).
  static func split(_ docs: [Document], into k: Int, using rng: inout SeededGenerator)
    -> [[Document]]
  {
    var cuts = (0..<(k - 1)).map { _ in rng.below(docs.count + 1) }.sorted()
    cuts.insert(0, at: 0)
    cuts.append(docs.count)
    return (0..<k).map { Array(docs[cuts[$0]..<cuts[$0 + 1]]) }
  }

  /// Random deletions at the rate `rate` in 0...100 (percent).
  static func deletions(_ count: Int, rate: Int, using rng: inout SeededGenerator) -> Set<Int> {
    Set((0..<count).filter { _ in rng.below(100) < rate })
  }

  /// Random corpora (short and long texts, titles, Latin and CJK) split into 1–5 inputs with
  /// random deletions, one input sometimes wholly deleted.
  @Test(arguments: [
    (UInt64(1), 1, 80), (2, 50, 80), (3, 400, 80), (4, 1500, 60), (5, 200, 1500), (6, 700, 300),
  ])
  func mergeEqualsFreshBuild(seed: UInt64, documents: Int, maxLength: Int) throws {
    let docs = randomCorpus(seed: seed, documents: documents, maxLength: maxLength)
    var rng = SeededGenerator(seed: seed &* 31)
    for k in 1...5 {
      let parts = Self.split(docs, into: k, using: &rng)
      var deleted = parts.map { part in
        Self.deletions(part.count, rate: [0, 10, 50][rng.below(3)], using: &rng)
      }
      if k > 1 && rng.below(2) == 0 {
        let all = rng.below(k)
        deleted[all] = Set(0..<parts[all].count)
      }
      let merged = try Self.merge(parts, deleted: deleted)
      let expected = try Self.build(Self.live(parts, deleted))
      #expect(merged == expected, "seed \(seed), \(k) inputs")
      _ = try SegmentReader(bytes: merged).check()
    }
  }

  /// Every document deleted: the empty image `IndexWriter` builds for no documents.
  @Test func everyDocumentDeleted() throws {
    var rng = SeededGenerator(seed: 9)
    let parts = Self.split(randomCorpus(seed: 9, documents: 60), into: 3, using: &rng)
    let merged = try Self.merge(parts, deleted: parts.map { Set(0..<$0.count) })
    #expect(merged == (try Self.build([])))
    let reader = try SegmentReader(bytes: merged)
    #expect(reader.documentCount == 0)
    #expect(try reader.check().termsVerified == 0)
  }

  /// One document in, one document out; and an input of no documents beside it.
  @Test func oneDocument() throws {
    let doc = Document(id: "a", text: "教育")
    #expect(try Self.merge([[doc]], deleted: [[]]) == (try Self.build([doc])))
    #expect(try Self.merge([[], [doc], []], deleted: [[], [], []]) == (try Self.build([doc])))
    #expect(try Self.merge([[doc], []], deleted: [[0], []]) == (try Self.build([])))
  }

  /// Inputs with no terms but documents (empty texts), and terms only in deleted documents.
  @Test func termsOnlyInDeletedDocumentsDisappear() throws {
    let a = [
      Document(id: "a", text: ""), Document(id: "b", title: "标题", text: "独有词汇 unique"),
      Document(id: "c", text: "教育质量"),
    ]
    let b = [Document(id: "d", text: "教育"), Document(id: "e", text: "")]
    let merged = try Self.merge([a, b], deleted: [[1], []])
    #expect(merged == (try Self.build([a[0], a[2], b[0], b[1]])))
  }
}
