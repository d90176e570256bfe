import Foundation
import TestSupport
import Testing

@testable import Index

/// A torn commit leaves the previous one in use: a truncated manifest, bytes after the last
/// commit, a damaged slot. `check()` reports it, and the next writer commits over it.
@Suite struct CommitRecoveryTests {
  /// A file of two commits (3 documents, then 5); returns the path, the two document lists
  /// and the first commit's end.
  static func twoCommits(_ folder: TemporaryFolder) throws -> (
    path: String, first: [Document], second: [Document], firstEnd: Int
  ) {
    let path = folder.path("recover.zhsx")
    let docs = randomCorpus(seed: 41, documents: 5, maxLength: 40)
    var writer: IndexWriter? = try IndexWriter(path: path)
    for doc in docs.prefix(3) { writer!.add(doc) }
    try writer!.commit()
    let firstEnd = try IndexReader(path: path).commit!.slot.end
    for doc in docs.suffix(2) { writer!.add(doc) }
    try writer!.commit()
    writer = nil
    let reader = try IndexReader(path: path)
    #expect(reader.commit!.slot.generation == 2)
    #expect(reader.commit!.fellBack == nil)
    #expect(reader.commit!.uncommittedBytes == 0)
    return (path, Array(docs.prefix(3)), docs, firstEnd)
  }

  /// The message of an interrupted commit, as IndexError words it.
  static func message(_ detail: String, generation: Int) -> String {
    "index has an unfinished commit: \(detail); readers use commit \(generation), which is "
      + "intact, and the next update (or `search optimize`) drops the unfinished bytes"
  }

  static func tail(_ bytes: Int) -> String {
    "\(bytes) bytes after the last commit were never committed (an update that was "
      + "interrupted, or one still running)"
  }

  /// `check()` throws exactly `expected`.
  static func expectCheck(_ reader: IndexReader, throws expected: IndexError) {
    #expect(throws: expected) { try reader.check() }
    do {
      _ = try reader.check()
    } catch {
      #expect(error == expected)
    }
  }

  /// A new writer adds a document and commits: the file is whole again.
  static func expectRecovers(_ path: String, from docs: [Document]) throws {
    let writer = try IndexWriter(path: path)
    #expect(writer.documentCount == docs.count)
    let extra = Document(id: "after-recovery", text: "教育质量恢复以后")
    writer.add(extra)
    try writer.commit()
    let reader = try IndexReader(path: path)
    #expect(reader.commit!.fellBack == nil)
    #expect(reader.commit!.uncommittedBytes == 0)
    let report = try reader.check()
    #expect(report.documentsVerified == docs.count + 1)
    let comparison = try SegmentOracle.compare(
      reader, with: docs + [extra], queries: SegmentOracle.fixedQueries)
    #expect(comparison.mismatches.isEmpty, "\(comparison.mismatches.prefix(3))")
  }

  @Test func truncatedInTheLastManifest() throws {
    let folder = try TemporaryFolder()
    let (path, first, _, firstEnd) = try Self.twoCommits(folder)
    var bytes = try fileBytes(path)
    let slot = try IndexReader(path: path).commit!.slot
    let cut = Int(slot.manifestOffset) + Int(slot.manifestLength) / 2
    bytes.removeSubrange(cut...)
    try writeFileBytes(bytes, path)
    let reader = try IndexReader(path: path)
    #expect(reader.documentCount == first.count)
    #expect(reader.commit!.slot.generation == 1)
    let detail =
      "commit 2's manifest lies past the end of the file (truncated?); " + Self.tail(cut - firstEnd)
    Self.expectCheck(reader, throws: .interruptedCommit(detail: detail, generation: 1))
    #expect(
      IndexError.interruptedCommit(detail: detail, generation: 1).description
        == Self.message(detail, generation: 1))
    try Self.expectRecovers(path, from: first)
  }

  @Test func garbageAfterTheLastCommit() throws {
    let folder = try TemporaryFolder()
    let (path, _, second, _) = try Self.twoCommits(folder)
    let garbage: [UInt8] = [0x5A, 0x48, 0x53, 0x4D, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    try writeFileBytes(try fileBytes(path) + garbage, path)
    let reader = try IndexReader(path: path)
    #expect(reader.documentCount == second.count)
    #expect(reader.commit!.slot.generation == 2)
    #expect(reader.commit!.uncommittedBytes == garbage.count)
    Self.expectCheck(
      reader, throws: .interruptedCommit(detail: Self.tail(garbage.count), generation: 2))
    try Self.expectRecovers(path, from: second)
    #expect(try fileBytes(path).suffix(garbage.count) != garbage[...])
  }

  @Test func newestSlotDamaged() throws {
    let folder = try TemporaryFolder()
    let (path, first, _, firstEnd) = try Self.twoCommits(folder)
    var bytes = try fileBytes(path)
    // The slot holding generation 2 (the first commit went to slot 0, the second to slot 1).
    let newest = CommitSlot.decode(bytes.withUnsafeBytes { $0 }, at: 48)?.generation == 2 ? 1 : 0
    #expect(newest == 1)
    bytes[16 + newest * 32 + 3] ^= 0x40
    try writeFileBytes(bytes, path)
    let reader = try IndexReader(path: path)
    #expect(reader.documentCount == first.count)
    #expect(reader.commit!.slot.generation == 1)
    let detail =
      "commit slot \(newest) fails its checksum (a torn write?); "
      + Self.tail(bytes.count - firstEnd)
    #expect(reader.commit!.fellBack == "commit slot \(newest) fails its checksum (a torn write?)")
    Self.expectCheck(reader, throws: .interruptedCommit(detail: detail, generation: 1))
    try Self.expectRecovers(path, from: first)
  }

  @Test func bothSlotsDamaged() throws {
    let folder = try TemporaryFolder()
    let (path, _, _, _) = try Self.twoCommits(folder)
    var bytes = try fileBytes(path)
    bytes[16 + 5] ^= 0x01
    bytes[48 + 9] ^= 0x01
    try writeFileBytes(bytes, path)
    let detail =
      "no usable commit: commit slot 0 fails its checksum (a torn write?); "
      + "commit slot 1 fails its checksum (a torn write?)"
    #expect(throws: IndexError.corrupt(section: "header", detail: detail)) {
      try IndexReader(path: path)
    }
    #expect(
      IndexError.corrupt(section: "header", detail: detail).description
        == "index is corrupt (header): \(detail); rebuild it with `search index`")
    // A writer cannot build on it either, and leaves it as it was.
    #expect(throws: IndexError.corrupt(section: "header", detail: detail)) {
      try IndexWriter(path: path)
    }
    #expect(try fileBytes(path) == bytes)
  }

  /// A writer that goes away after flushing but before committing leaves a tail; the
  /// next writer cuts it off.
  @Test func abandonedWriterLeavesATail() throws {
    let folder = try TemporaryFolder()
    let (path, _, second, _) = try Self.twoCommits(folder)
    let size = try fileBytes(path).count
    var writer: IndexWriter? = try IndexWriter(path: path)
    writer!.memoryBudget = 100
    writer!.add(Document(id: "lost", text: "这篇文档没有提交就丢了"))
    writer = nil
    let reader = try IndexReader(path: path)
    #expect(reader.documentCount == second.count)
    let tail = try fileBytes(path).count - size
    #expect(tail > 0, "the flushed segment was appended")
    Self.expectCheck(reader, throws: .interruptedCommit(detail: Self.tail(tail), generation: 2))
    try Self.expectRecovers(path, from: second)
  }
}
