import Testing

@testable import Index

/// A postings cursor keeps its file mapped: it reads the same postings after the last
/// `SegmentReader` of the file is gone, and the mapping goes when the cursor does.
@Suite struct CursorLifetimeTests {
  /// An index where 教育 spans many blocks (enough for a skip table) with positions.
  static func index() throws -> [UInt8] {
    let writer = IndexWriter()
    for d in 0..<3000 {
      let text =
        String(repeating: "提高", count: d % 3) + "教育" + String(repeating: "质量", count: d % 5)
      writer.add(Document(id: "d\(d)", text: d % 7 == 0 ? "学生" : text))
    }
    return try writer.buildImage()
  }

  /// Every document, frequency and positions of a cursor, and where `advance(to:)` lands for
  /// a few far targets (through the skip table).
  static func walk(_ cursor: inout PostingsCursor, _ probe: inout PostingsCursor) throws
    -> [[UInt32]]
  {
    var out: [[UInt32]] = []
    var positions: [UInt32] = []
    while cursor.document != PostingsCursor.end {
      try cursor.positions(into: &positions)
      out.append([cursor.document, cursor.frequency] + positions)
      try cursor.next()
    }
    for target: UInt32 in [5, 900, 901, 2500, 2999, 3000] {
      try probe.advance(to: target)
      out.append([target, probe.document, probe.frequency])
    }
    return out
  }

  @Test func aCursorOutlivesItsReader() throws {
    let bytes = try Self.index()
    let live = try SegmentReader(bytes: bytes)
    let info = try #require(try live.lookup("教育"))
    #expect(info.documentFrequency > 17 * IndexFormat.postingsBlockSize)
    var a = try live.postings(info)
    var b = try live.postings(info)
    let expected = try Self.walk(&a, &b)

    weak var mapping: MappedFile?
    do {
      var cursor: PostingsCursor
      var probe: PostingsCursor
      do {
        let reader = try SegmentReader(bytes: bytes)
        mapping = reader.file
        cursor = try reader.postings(info)
        probe = try reader.postings(info)
      }
      #expect(mapping != nil)
      #expect(try Self.walk(&cursor, &probe) == expected)
    }
    #expect(mapping == nil)
  }
}
