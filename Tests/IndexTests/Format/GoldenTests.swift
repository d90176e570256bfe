import Foundation
import TestSupport
import Testing

@testable import Index

/// The small fixed corpus whose index bytes are committed in `Golden/v1/small.zhsx`.
enum GoldenCorpus {
  static let documents: [Document] = [
    Document(id: "a.txt", title: "教育质量", text: "全面提高教育质量，办好人民满意的教育。"),
    Document(id: "b.txt", text: "2020年，全市教育工作要点：学前教育普惠发展；K12与STEAM教育。"),
    Document(id: "c.txt", text: "校园安全是学校工作的底线。疫情防控常态化。"),
    Document(id: "d.txt", title: "ＡＢＣ１２３", text: "Hello, World! ひらがな 東京タワー 한국어 𠀀𠀁"),
    Document(id: "e.txt", text: "党的教育方针：立德树人。教育质量与质量教育不同。"),
  ]

  static var directory: URL {
    // This file is in Tests/IndexTests/Format; the golden files in Tests/IndexTests/Golden.
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Golden")
  }

  /// Written by format version 1 (no attached-character terms); must keep opening.
  static var v1: URL { directory.appendingPathComponent("v1/small.zhsx") }
  /// Written by format version 2 (postings headers on every term, 8-byte term index entries).
  static var v2: URL { directory.appendingPathComponent("v2/small.zhsx") }
  /// Written by format version 3 (block bounds as the largest tf and shortest length).
  static var v3: URL { directory.appendingPathComponent("v3/small.zhsx") }
  /// Written by format version 4 (varint entries in every block, positions as varints).
  static var v4: URL { directory.appendingPathComponent("v4/small.zhsx") }
  /// Written by format version 5 (stored records without their own checksums).
  static var v5: URL { directory.appendingPathComponent("v5/small.zhsx") }
  /// Written by format version 6: one image, which is also what every segment of a version-7
  /// file is, byte for byte (the writer's `buildImage()`).
  static var image: URL { directory.appendingPathComponent("v6/small.zhsx") }
  /// Written by format version 7: one commit of one segment, the `Golden/v6` image.
  static var v7: URL { directory.appendingPathComponent("v7/small.zhsx") }
  /// Written by format version 8: one commit of one segment, a version-8 image whose stored
  /// text is coded, its terms not folded.
  static var v8: URL { directory.appendingPathComponent("v8/small.zhsx") }
  /// Written by format version 9: as 8, the image's terms folded Traditional → Simplified
  /// (東京 as 东京) and its flags saying so.
  static var v9: URL { directory.appendingPathComponent("v9/small.zhsx") }
  /// Written by the current version (10: as 9, small postings blocks and position tails Rice
  /// coded, full blocks patched runs), byte for byte.
  static var current: URL { directory.appendingPathComponent("v10/small.zhsx") }

  static func writer() -> IndexWriter {
    let writer = IndexWriter()
    for doc in documents { writer.add(doc) }
    return writer
  }

  static func build() throws -> [UInt8] { try writer().build() }

  /// The golden image (version 6): what the image-level corruption tests damage.
  static func goldenBytes() throws -> [UInt8] {
    [UInt8](try Data(contentsOf: image))
  }

  /// The golden file of the current version.
  static func currentBytes() throws -> [UInt8] {
    [UInt8](try Data(contentsOf: current))
  }
}

@Suite struct GoldenTests {
  /// The writer's bytes equal the committed file; set UPDATE_GOLDEN=1 to rewrite it after a
  /// deliberate format change (together with FORMAT.md and a version bump).
  @Test func writerOutputMatchesGoldenFile() throws {
    let bytes = try GoldenCorpus.build()
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
      try FileManager.default.createDirectory(
        at: GoldenCorpus.current.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(bytes).write(to: GoldenCorpus.current)
    }
    let golden = try GoldenCorpus.currentBytes()
    #expect(bytes.count == golden.count)
    #expect(bytes == golden)
    // The segment inside is the version-10 image the writer builds, folded.
    let image = try GoldenCorpus.writer().buildImage()
    let reader = try IndexReader(bytes: bytes)
    #expect(Array(reader.segments[0].reader.bytes) == image)
    #expect(reader.segments[0].reader.formatVersion == 10)
    #expect(reader.foldsToSimplified)
  }

  /// Any thread count gives the same bytes.
  @Test func outputIsIndependentOfThreads() throws {
    let docs = randomCorpus(seed: 77, documents: 700)
    var outputs: [[UInt8]] = []
    for threads in [1, 2, 3] {
      let writer = IndexWriter(threads: threads)
      for doc in docs { writer.add(doc) }
      outputs.append(try writer.build())
    }
    #expect(outputs[0] == outputs[1])
    #expect(outputs[0] == outputs[2])
  }

  /// Both golden files (the current version's and version 1's) open, pass the full check, and
  /// read back their documents and terms.
  @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  func goldenFileOpensAndChecks(version: Int) throws {
    let url = [
      GoldenCorpus.v1, GoldenCorpus.v2, GoldenCorpus.v3, GoldenCorpus.v4, GoldenCorpus.v5,
      GoldenCorpus.image, GoldenCorpus.v7, GoldenCorpus.v8, GoldenCorpus.v9, GoldenCorpus.current,
    ][version - 1]
    let index = try IndexReader(path: url.path)
    #expect(index.formatVersion == version)
    #expect(index.documentCount == GoldenCorpus.documents.count)
    let report = try index.check()
    #expect(report.documentsVerified == 5)
    #expect(report.segments == 1)
    for (i, doc) in GoldenCorpus.documents.enumerated() {
      #expect(try index.storedDocument(i) == doc)
    }
    let reader = index.segments[0].reader
    let info = try #require(try reader.lookup("教育"))
    #expect(info.documentFrequency == 3)
    let character = try #require(
      try Array("党".utf8).withUnsafeBytes { try reader.lookupCharacter($0) })
    #expect(character.documentFrequency == 1)
    // 年 right after 2020 (in b.txt) is an attached term from version 2 on.
    let attached = try Array("年".utf8).withUnsafeBytes {
      try reader.lookupAttached($0, side: .afterWord)
    }
    #expect(attached?.documentFrequency == (version >= 2 ? 1 : nil))
    #expect(index.segments[0].reader.formatVersion == (version >= 8 ? version : min(version, 6)))
    // From version 9 on, terms fold: 東京 (in d.txt) is 东京 there, as is a query for either.
    #expect(index.foldsToSimplified == (version >= 9))
    let tokyo = try reader.lookup(version >= 9 ? "东京" : "東京")
    #expect(tokyo?.documentFrequency == 1)
    let hits = try Searcher(reader: index).search("東京", options: SearchOptions(mode: .all))
    #expect(hits.hits.map(\.id) == ["d.txt"])
  }

  /// A search over an index of an older version still works and ranks as the current one.
  @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8, 9])
  func olderIndexesStillSearch(version: Int) throws {
    let url = [
      GoldenCorpus.v1, GoldenCorpus.v2, GoldenCorpus.v3, GoldenCorpus.v4, GoldenCorpus.v5,
      GoldenCorpus.image, GoldenCorpus.v7, GoldenCorpus.v8, GoldenCorpus.v9,
    ][
      version - 1]
    let searcher = Searcher(reader: try IndexReader(path: url.path))
    let current = Searcher(reader: try IndexReader(path: GoldenCorpus.current.path))
    for query in ["教育质量", "党", "学前教育 普惠", "hello", "教育 -质量", "如何提高教育质量"] {
      for mode in [MatchMode.ranked, .all, .any] {
        let old = try searcher.search(query, options: SearchOptions(mode: mode))
        let new = try current.search(query, options: SearchOptions(mode: mode))
        #expect(old.hits.map(\.id) == new.hits.map(\.id))
        #expect(old.hits.map(\.score) == new.hits.map(\.score))
      }
    }
    #expect(
      try searcher.search("教育质量", options: SearchOptions(mode: .all)).hits.map(\.id) == [
        "a.txt", "e.txt",
      ])
    #expect(
      try searcher.search("2020年", options: SearchOptions(mode: .all)).hits.map(\.id) == ["b.txt"])
  }

  /// A file from a future version is refused with a message that says what to do.
  @Test func futureVersionIsRefused() throws {
    var bytes = try GoldenCorpus.currentBytes()
    bytes[4] = 11
    #expect(throws: IndexError.unsupportedFormatVersion(found: 11, supported: 1...10)) {
      try IndexReader(bytes: bytes)
    }
    #expect(
      IndexError.unsupportedFormatVersion(found: 11, supported: 1...10).description
        == "unsupported index format version 11 (this build reads versions 1...10); rebuild the index with `search index`"
    )
  }

  @Test func notAnIndexIsRecognised() throws {
    #expect(throws: IndexError.notAnIndex(path: "<memory>")) {
      try IndexReader(bytes: Array("教育质量 plain text, not an index at all".utf8))
    }
    #expect(throws: IndexError.corrupt(section: "header", detail: "<memory> is empty")) {
      try IndexReader(bytes: [])
    }
  }
}
