import Foundation
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
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
  }

  static var v1: URL { directory.appendingPathComponent("v1/small.zhsx") }

  static func build() throws -> [UInt8] {
    let writer = IndexWriter()
    for doc in documents { writer.add(doc) }
    return try writer.build()
  }

  static func goldenBytes() throws -> [UInt8] {
    [UInt8](try Data(contentsOf: v1))
  }
}

@Suite struct GoldenTests {
  /// The writer's bytes equal the committed file; set UPDATE_GOLDEN=1 to rewrite it after a
  /// deliberate format change (together with FORMAT.md and a version bump).
  @Test func writerOutputMatchesGoldenFile() throws {
    let bytes = try GoldenCorpus.build()
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
      try Data(bytes).write(to: GoldenCorpus.v1)
    }
    let golden = try GoldenCorpus.goldenBytes()
    #expect(bytes.count == golden.count)
    #expect(bytes == golden)
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

  /// The golden file opens, passes the full check, and reads back its documents and terms.
  @Test func goldenFileOpensAndChecks() throws {
    let reader = try IndexReader(path: GoldenCorpus.v1.path)
    #expect(reader.formatVersion == 1)
    #expect(reader.documentCount == GoldenCorpus.documents.count)
    let report = try reader.check()
    #expect(report.documentsVerified == 5)
    for (i, doc) in GoldenCorpus.documents.enumerated() {
      #expect(try reader.storedDocument(i) == doc)
    }
    let info = try #require(try reader.lookup("教育"))
    #expect(info.documentFrequency == 3)
    let character = try #require(try Array("党".utf8).withUnsafeBytes { try reader.lookupCharacter($0) })
    #expect(character.documentFrequency == 1)
  }

  /// A file from a future version is refused with a message that says what to do.
  @Test func futureVersionIsRefused() throws {
    var bytes = try GoldenCorpus.goldenBytes()
    bytes[4] = 2
    #expect(throws: IndexError.unsupportedFormatVersion(found: 2, supported: 1...1)) {
      try IndexReader(bytes: bytes)
    }
    #expect(
      IndexError.unsupportedFormatVersion(found: 2, supported: 1...1).description
        == "unsupported index format version 2 (this build reads versions 1...1); rebuild the index with `search index`"
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
