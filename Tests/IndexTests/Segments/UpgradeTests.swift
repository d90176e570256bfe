import Foundation
import TestSupport
import Testing

@testable import Index

/// A version-6 file (one image) upgrades on its first commit: its image becomes segment 0 of
/// a version-7 file, byte for byte, and its documents stay searchable and deletable by id.
@Suite struct UpgradeTests {
  static let added = Document(id: "new.txt", text: "学前教育普惠发展，提高教育质量。")

  /// A copy of the golden version-6 file in `folder`.
  static func copyV6(_ folder: TemporaryFolder) throws -> (String, [UInt8]) {
    let path = folder.path("old.zhsx")
    let bytes = try GoldenCorpus.goldenBytes()
    try writeFileBytes(bytes, path)
    let reader = try IndexReader(path: path)
    #expect(reader.formatVersion == 6)
    #expect(reader.commit == nil)
    return (path, bytes)
  }

  static func expectOracle(_ path: String, _ docs: [Document]) throws {
    let reader = try IndexReader(path: path)
    #expect(reader.formatVersion == IndexFormat.version)
    let comparison = try SegmentOracle.compare(
      reader, with: docs, queries: SegmentOracle.fixedQueries + ["立德树人", "校园安全", "東京"])
    #expect(comparison.mismatches.isEmpty, "\(comparison.mismatches.prefix(3))")
    #expect(comparison.hitsCompared > 20)
    _ = try reader.check()
  }

  @Test func firstCommitUpgradesToVersion7() throws {
    let folder = try TemporaryFolder()
    let (path, v6) = try Self.copyV6(folder)
    var writer: IndexWriter? = try IndexWriter(path: path)
    writer!.add(Self.added)
    try writer!.commit()
    writer = nil
    let reader = try IndexReader(path: path)
    #expect(reader.formatVersion == IndexFormat.version)
    #expect(reader.segments.count == 2)
    let image = reader.commit!.manifest.segments[0].image
    #expect(Array(try fileBytes(path)[image.range]) == v6)
    #expect(reader.segments[0].reader.formatVersion == 6)
    try Self.expectOracle(path, GoldenCorpus.documents + [Self.added])
    // A later writer deletes an old document by id.
    let later = try IndexWriter(path: path)
    #expect(later.delete(id: "c.txt"))
    #expect(later.add(Document(id: "a.txt", text: "教育质量，改写过的")))
    try later.commit()
    var docs = GoldenCorpus.documents.filter { $0.id != "c.txt" && $0.id != "a.txt" }
    docs += [Self.added, Document(id: "a.txt", text: "教育质量，改写过的")]
    try Self.expectOracle(path, docs)
    #expect(folder.contents() == ["old.zhsx", "old.zhsx.lock"])
  }

  /// Deleting and replacing old documents in the writer that upgrades (before any flush).
  @Test func upgradingWriterDeletesOldDocuments() throws {
    let folder = try TemporaryFolder()
    let (path, _) = try Self.copyV6(folder)
    let writer = try IndexWriter(path: path)
    let contains = writer.contains(id: "b.txt")
    let counted = writer.documentCount
    let deleted = writer.delete(id: "c.txt")
    let replaced = writer.add(Document(id: "e.txt", text: "党的教育方针，改写过的"))
    try writer.commit()
    let reader = try IndexReader(path: path)
    let deletedDocuments = try reader.check().deletedDocuments
    var ids: [String] = []
    try reader.forEachLiveDocument { (_, doc) in ids.append(doc.id) }
    #expect(contains)
    #expect(counted == GoldenCorpus.documents.count)
    #expect(Set(ids).count == ids.count, "ids \(ids)")
    #expect(deleted)
    #expect(replaced)
    // Five documents, c.txt deleted, e.txt replaced: four live, two deleted in segment 0.
    #expect(reader.documentCount == GoldenCorpus.documents.count - 1)
    #expect(ids == ["a.txt", "b.txt", "d.txt", "e.txt"])
    #expect(deletedDocuments == 2)
  }

  /// Optimizing an upgraded file compacts it into one current-version image of its live
  /// documents, unfolded as the old file was.
  @Test func optimizeAfterUpgrade() throws {
    let folder = try TemporaryFolder()
    let (path, _) = try Self.copyV6(folder)
    let writer = try IndexWriter(path: path)
    writer.add(Self.added)
    try writer.commit()
    #expect(writer.delete(id: "d.txt"))
    try writer.optimize()
    let docs = GoldenCorpus.documents.filter { $0.id != "d.txt" } + [Self.added]
    let reader = try IndexReader(path: path)
    #expect(reader.segments.count == 1)
    #expect(!reader.foldsToSimplified)
    let fresh = IndexWriter(foldsToSimplified: false)
    for doc in docs { fresh.add(doc) }
    let image = reader.commit!.manifest.segments[0].image
    #expect(Array(try fileBytes(path)[image.range]) == (try fresh.buildImage()))
    try Self.expectOracle(path, docs)
  }

  /// A version-7 file (a version-6 image, not folded) and a version-9 file (a version-9 image,
  /// folded) take their first commit as they are: the header becomes the current version, the
  /// old image stays segment 0 byte for byte, the new segment is a current image that folds
  /// as the old one does; an optimize re-inverts the old image's documents (as for any image
  /// not of the current version).
  @Test(arguments: [(7, 6, false), (9, 9, true)])
  func anOlderFileBecomesCurrent(version: Int, imageVersion: Int, folds: Bool) throws {
    let folder = try TemporaryFolder()
    let path = folder.path("old.zhsx")
    let old = [UInt8](try Data(contentsOf: version == 7 ? GoldenCorpus.v7 : GoldenCorpus.v9))
    try writeFileBytes(old, path)
    let writer = try IndexWriter(path: path)
    writer.add(Self.added)
    try writer.commit()
    let bytes = try fileBytes(path)
    #expect(bytes[4] == UInt8(IndexFormat.version))
    // Only the version (bytes 4–5) and the free slot changed in the old file's bytes.
    #expect(Array(bytes[80..<old.count]) == Array(old[80..<old.count]))
    let reader = try IndexReader(path: path)
    #expect(reader.formatVersion == IndexFormat.version)
    #expect(
      reader.segments.map { $0.reader.formatVersion } == [imageVersion, IndexFormat.imageVersion])
    #expect(reader.foldsToSimplified == folds)
    try Self.expectOracle(path, GoldenCorpus.documents + [Self.added])
    try writer.optimize()
    let optimized = try IndexReader(path: path)
    #expect(optimized.segments.map { $0.reader.formatVersion } == [IndexFormat.imageVersion])
    try Self.expectOracle(path, GoldenCorpus.documents + [Self.added])
  }
}
