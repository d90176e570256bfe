import Testing

@testable import Index

/// The read side's single owners agree with each other: the skip entries the cursor and the
/// block bounds read (`SkipEntry`), the blocks the cursor and the one-term scorer decode
/// (`PostingsBlock`), and the features each version has (`FormatFeatures`).
@Suite struct ReadOwnersTests {
  /// What each version added (FORMAT.md, "Version history").
  @Test(arguments: 1...6)
  func featuresFollowTheVersionHistory(version: Int) {
    let features = FormatFeatures(version: version)
    #expect(features.hasAttachedTerms == (version >= 2))
    #expect(features.hasHeaderlessOneDocumentTerms == (version >= 3))
    #expect(features.hasSkipLength == (version >= 3))
    #expect(features.hasTermIndexKeys == (version >= 3))
    #expect(features.termIndexEntrySize == (version >= 3 ? 16 : 8))
    #expect(features.hasBlockImpacts == (version >= 4))
    #expect(features.hasBitPackedBlocks == (version >= 5))
    #expect(features.hasBitPackedPositions == (version >= 5))
    #expect(features.hasRecordChecksums == (version >= 6))
  }

  /// For every term of an index with long postings, the block bounds hold the cursor's block
  /// ends and shortest lengths, and scoring each block sees exactly the cursor's documents.
  @Test func boundsAndCursorReadTheSameBlocks() throws {
    let writer = IndexWriter()
    for d in 0..<2000 {
      let text = ["教育质量", "学生发展", "教育", "质量提高"][d % 4] + String(repeating: "学", count: d % 3)
      writer.add(Document(id: "d\(d)", text: text))
    }
    let reader = try SegmentReader(bytes: try writer.buildImage())
    let bm25 = BM25(
      k1: 1.2, b: 0.75, averageLength: reader.averageDocumentLength,
      documentCount: reader.documentCount)
    let lengths = DocumentLengths(reader)
    let scratch = UnsafeMutablePointer<UInt32>.allocate(capacity: 2 * IndexFormat.postingsBlockSize)
    defer { scratch.deallocate() }
    var multiBlock = 0
    try reader.forEachTerm { (_, info) throws(IndexError) in
      let bounds = try BlockBounds(reader: reader, info: info, weight: 1, bm25: bm25)
      var cursor = try reader.postings(info)
      var lasts: [UInt32] = []
      var minLengths: [UInt32] = []
      var documents: [[UInt32]] = []
      while cursor.document != PostingsCursor.end {
        if lasts.last != cursor.blockLastDocument {
          lasts.append(cursor.blockLastDocument)
          minLengths.append(cursor.blockMinLength)
          documents.append([])
        }
        documents[documents.count - 1].append(cursor.document)
        try cursor.next()
      }
      #expect(bounds.lastDocuments == lasts)
      #expect(bounds.minLengths == minLengths)
      if bounds.count > 1 { multiBlock += 1 }
      for block in 0..<bounds.count {
        // A threshold of nothing: every document of the block enters a list as long as it.
        var top = TopK(capacity: info.documentFrequency)
        var threshold = -Double.infinity
        try bounds.score(
          block: block, bm25: bm25, lengths: lengths, scratch: scratch, top: &top,
          threshold: &threshold)
        #expect(top.sorted().map(\.document).sorted() == documents[block])
      }
    }
    #expect(multiBlock > 0)
  }
}
