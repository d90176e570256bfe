import Foundation
import TestSupport
import Testing

@testable import Index

/// A damaged segment is never laundered into a new one: a merge or compaction that reads it
/// fails naming the section and the segment, and leaves the file as it was; appends that do
/// not read it go on, and `check()` keeps reporting the damage.
@Suite struct SegmentDamageTests {
  /// A file of two segments (20 documents, then 20).
  static func twoSegments(_ folder: TemporaryFolder) throws -> (String, [Document]) {
    let path = folder.path("damaged.zhsx")
    let docs = randomCorpus(seed: 51, documents: 40, maxLength: 60)
    for part in 0..<2 {
      let writer = try IndexWriter(path: path)
      for doc in docs[(part * 20)..<(part * 20 + 20)] { writer.add(doc) }
      try writer.commit()
    }
    #expect(try IndexReader(path: path).segments.count == 2)
    return (path, docs)
  }

  /// Flips a byte in the middle of `section` of segment 0; returns the section's name.
  static func damage(_ path: String, _ section: IndexFormat.Section) throws -> String {
    let segment = try IndexReader(path: path).segments[0].reader
    let info = segment.info(section)
    #expect(info.length > 0)
    var bytes = try fileBytes(path)
    bytes[segment.imageOffset + info.offset + info.length / 2] ^= 0x10
    try writeFileBytes(bytes, path)
    return info.section.name
  }

  @Test(arguments: [IndexFormat.Section.postings, .positions, .terms])
  func optimizeRefusesDamage(section: IndexFormat.Section) throws {
    let folder = try TemporaryFolder()
    let (path, docs) = try Self.twoSegments(folder)
    let name = try Self.damage(path, section)
    let before = try fileBytes(path)
    var writer: IndexWriter? = try IndexWriter(path: path)
    do {
      try writer!.optimize()
      Issue.record("optimize of a damaged segment succeeded")
    } catch {
      guard case .corrupt(let named, let detail) = error else {
        Issue.record("expected .corrupt, got \(error)")
        return
      }
      #expect(named == name)
      #expect(detail.contains("segment 0"), "\(detail)")
      #expect(error.description.contains("segment 0"))
    }
    #expect(try fileBytes(path) == before, "the file is as it was")
    writer = nil
    #expect(folder.contents() == ["damaged.zhsx", "damaged.zhsx.lock"], "no temporary file left")
    // An append that does not read the damaged section goes on; the damage stays reported.
    let extra = Document(id: "extra", text: "新增的文档：教育质量")
    let fresh = try IndexWriter(path: path)
    fresh.add(extra)
    try fresh.commit()
    let reader = try IndexReader(path: path)
    #expect(reader.documentCount == docs.count + 1)
    #expect(throws: IndexError.self) { try reader.check() }
    do {
      _ = try reader.check()
    } catch {
      guard case .corrupt(let named, _) = error else {
        Issue.record("expected .corrupt, got \(error)")
        return
      }
      #expect(named == "segment 0 \(name)")
    }
  }

  /// The same writer after its optimize failed: an append must keep every document.
  @Test func sameWriterAfterFailedOptimizeKeepsDocuments() throws {
    let folder = try TemporaryFolder()
    let (path, docs) = try Self.twoSegments(folder)
    _ = try Self.damage(path, .postings)
    let writer = try IndexWriter(path: path)
    #expect(throws: IndexError.self) { try writer.optimize() }
    let extra = Document(id: "extra", text: "新增的文档：教育质量")
    writer.add(extra)
    let counted = writer.documentCount
    try writer.commit()
    let reader = try IndexReader(path: path)
    // The failed compaction left the writer appending to the commit it started from.
    #expect(counted == docs.count + 1)
    #expect(reader.documentCount == docs.count + 1)
    #expect(reader.segments.count == 3)
  }

  /// A commit whose policy merge reads the damaged segment: the commit stands (it was in the
  /// file before the merge began), `commit()` does not throw, and the summary carries the
  /// merge's error, which names the damaged section and segment.
  @Test func mergeAfterCommitReadsDamage() throws {
    let folder = try TemporaryFolder()
    let (path, docs) = try Self.twoSegments(folder)
    let name = try Self.damage(path, .postings)
    let writer = try IndexWriter(path: path)
    writer.mergePolicy.factor = 3
    writer.add(Document(id: "extra", text: "新增的文档"))
    let summary = try writer.commit()
    #expect(
      summary.mergeFailure
        == .corrupt(section: name, detail: "checksum mismatch in \(path), segment 0"))
    #expect(summary.documentCount == docs.count + 1)
    let reader = try IndexReader(path: path)
    #expect(reader.segments.count == 3, "the merge was not committed")
    #expect(reader.documentCount == docs.count + 1, "the change was")
    // The writer goes on appending to that commit.
    writer.add(Document(id: "later", text: "后来的文档"))
    let later = try writer.commit()
    #expect(later.documentCount == docs.count + 2)
  }
}
