import Foundation
import TestSupport
import Testing

@testable import Index

/// Documents of equal score rank by index order (lower number first) in a file of segments,
/// as in a one-segment build of the same documents.
@Suite struct TieOrderTests {
  /// `segments` commits of `perSegment` documents of the same text "教育" (equal scores).
  static func build(_ path: String, segments: Int, perSegment: Int) throws -> [Document] {
    var docs: [Document] = []
    for s in 0..<segments {
      let writer = try IndexWriter(path: path)
      for i in 0..<perSegment {
        let doc = Document(id: "s\(s)-\(i)", text: "教育")
        writer.add(doc)
        docs.append(doc)
      }
      try writer.commit()
    }
    return docs
  }

  /// Two segments of two equal documents: the hits should be s0-0, s0-1, s1-0, s1-1 (index
  /// order), as the one-segment build gives them.
  @Test(arguments: [MatchMode.ranked, .any, .all])
  func equalScoresKeepIndexOrderAcrossSegments(mode: MatchMode) throws {
    let folder = try TemporaryFolder()
    let path = folder.path("ties.zhsx")
    let docs = try Self.build(path, segments: 2, perSegment: 2)
    let reader = try IndexReader(path: path)
    #expect(reader.segments.count == 2)
    let fresh = try SegmentOracle.freshReader(docs)
    let options = SearchOptions(limit: 10, mode: mode, snippets: false)
    let expected = try Searcher(reader: fresh).search("教育", options: options).hits.map(\.id)
    #expect(expected == ["s0-0", "s0-1", "s1-0", "s1-1"])
    let actual = try Searcher(reader: reader).search("教育", options: options)
    #expect(Set(actual.hits.map(\.score)).count == 1)
    #expect(actual.hits.map(\.id) == expected)
  }

  /// At a cut (limit 3): a, b (segment 0) and c (segment 1) tie, d (segment 2) scores
  /// higher and pushes one of them out, which must be the last in index order, c.
  @Test func equalScoresAtTheCut() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("ties.zhsx")
    let texts = [["a": "教育", "b": "教育"], ["c": "教育"], ["d": "教育 教育 教育"]]
    var docs: [Document] = []
    for segment in texts {
      let writer = try IndexWriter(path: path)
      for (id, text) in segment.sorted(by: { $0.key < $1.key }) {
        docs.append(Document(id: id, text: text))
        writer.add(docs.last!)
      }
      try writer.commit()
    }
    let options = SearchOptions(limit: 3, mode: .ranked, snippets: false)
    let expected = try Searcher(reader: try SegmentOracle.freshReader(docs)).search(
      "教育", options: options)
    #expect(expected.hits.map(\.id) == ["d", "a", "b"])
    let actual = try Searcher(reader: try IndexReader(path: path)).search("教育", options: options)
    #expect(actual.hits.map(\.score) == expected.hits.map(\.score))
    #expect(actual.hits.map(\.id) == expected.hits.map(\.id))
  }
}
