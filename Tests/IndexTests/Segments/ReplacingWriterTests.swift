import Foundation
import TestSupport
import Testing

@testable import Index

/// `IndexWriter(path:, replacing: true)` starts from an empty index; its commit replaces the
/// file, and until then readers see the old one.
@Suite struct ReplacingWriterTests {
  @Test func replacingStartsEmptyAndReplacesTheFile() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("replace.zhsx")
    let old = randomCorpus(seed: 61, documents: 30, maxLength: 40)
    var writer: IndexWriter? = try IndexWriter(path: path)
    for doc in old { writer!.add(doc) }
    try writer!.commit()
    writer!.add(Document(id: "more", text: "第二个段"))
    try writer!.commit()
    writer = nil
    #expect(try IndexReader(path: path).segments.count == 2)
    let oldBytes = try fileBytes(path)

    let replacing = try IndexWriter(path: path, replacing: true)
    #expect(replacing.documentCount == 0)
    #expect(!replacing.contains(id: old[0].id))
    #expect(!replacing.delete(id: old[0].id))
    let new = [
      Document(id: old[0].id, text: "同一个编号，新的文本：教育质量"),
      Document(id: "fresh", title: "标题", text: "学前教育普惠"),
    ]
    #expect(!replacing.add(new[0]))
    replacing.add(new[1])
    #expect(try fileBytes(path) == oldBytes, "nothing changes before the commit")
    let summary = try replacing.commit()
    #expect(summary.documentCount == 2)
    #expect(summary.segmentCount == 1)
    let reader = try IndexReader(path: path)
    #expect(reader.formatVersion == IndexFormat.version)
    #expect(reader.commit!.slot.generation == 1)
    #expect(summary.fileSize == reader.fileSize)
    let comparison = try SegmentOracle.compare(
      reader, with: new, queries: SegmentOracle.fixedQueries)
    #expect(comparison.mismatches.isEmpty, "\(comparison.mismatches.prefix(3))")
    _ = try reader.check()
    #expect(folder.contents() == ["replace.zhsx", "replace.zhsx.lock"])
    // The same writer goes on appending to the new file.
    replacing.add(Document(id: "third", text: "第三篇"))
    try replacing.commit()
    #expect(try IndexReader(path: path).documentCount == 3)
  }

  /// A replacing writer that commits nothing leaves an empty index of no segments.
  @Test func replacingWithNothing() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("empty.zhsx")
    var writer: IndexWriter? = try IndexWriter(path: path)
    writer!.add(Document(id: "a", text: "教育"))
    try writer!.commit()
    writer = nil
    let replacing = try IndexWriter(path: path, replacing: true, wait: false)
    try replacing.commit()
    let reader = try IndexReader(path: path)
    #expect(reader.documentCount == 0)
    #expect(reader.segments.isEmpty)
    #expect(try Searcher(reader: reader).search("教育").hits.isEmpty)
    _ = try reader.check()
  }
}
