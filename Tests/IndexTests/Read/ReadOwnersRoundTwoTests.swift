import TestSupport
import Testing

@testable import Index

/// The read side's owners of the term index, the dictionary block and the document lengths:
/// lookups read block heads through `TermBlockReader`, keys and offsets through
/// `TermIndexEntry`, and every length load goes through the one `DocumentLengths` view.
@Suite struct ReadOwnersRoundTwoTests {
  /// The golden files of every version, then an index of many dictionary blocks.
  static func readers() throws -> [SegmentReader] {
    let golden = [
      GoldenCorpus.v1, GoldenCorpus.v2, GoldenCorpus.v3, GoldenCorpus.v4, GoldenCorpus.v5,
      GoldenCorpus.image,
    ].map { $0.path }
    let writer = IndexWriter()
    for doc in randomCorpus(seed: 41, documents: 400, maxLength: 40) { writer.add(doc) }
    return try golden.map { try SegmentReader(path: $0) } + [
      SegmentReader(bytes: try writer.buildImage())
    ]
  }

  /// The reader's `documentLength` and the scoring loops' view load the same lengths.
  @Test func documentLengthsHaveOneReader() throws {
    for reader in try Self.readers() {
      let view = DocumentLengths(reader)
      #expect(view.count == reader.documentCount)
      var total: UInt64 = 0
      for doc in 0..<reader.documentCount {
        #expect(reader.documentLength(doc) == view[UInt32(doc)])
        total += UInt64(view[UInt32(doc)])
      }
      #expect(total == reader.totalTokens)
    }
  }

  /// Each block's first term, as the lookup reads it, is the first term a scan of the block
  /// yields, its key is the term index entry's (when the version has keys), and it is found.
  @Test func blockHeadsAgreeWithTheirScanAndIndexEntry() throws {
    var blocks = 0
    for reader in try Self.readers() {
      for block in 0..<reader.termBlockCount {
        let first = Array(try reader.firstTerm(ofBlock: block))
        var scanned: [UInt8]? = nil
        try reader.scanBlock(block) { (bytes, _) throws(IndexError) -> Bool in
          scanned = Array(bytes)
          return false
        }
        #expect(first == scanned)
        if reader.features.hasTermIndexKeys {
          let at = reader.info(.termIndex).offset + block * reader.termIndexEntrySize
          let key = first.withUnsafeBytes { TermKey.of($0) }
          #expect(TermIndexEntry.key(reader.file.bytes, entryAt: at) == key)
        }
        let found = try first.withUnsafeBytes { p in try reader.lookup(p) }
        #expect(found != nil)
        blocks += 1
      }
    }
    #expect(blocks > 10)
  }

  /// A block whose first entry claims a shared prefix is reported as such.
  @Test func aSharedPrefixInABlockHeadIsNamed() throws {
    let writer = IndexWriter()
    for (i, text) in ["教育质量", "学前教育普惠", "提高教育质量"].enumerated() {
      writer.add(Document(id: "d\(i)", text: text))
    }
    var bytes = try writer.buildImage()
    let original = try SegmentReader(bytes: bytes)
    let start = try original.blockOffset(0)
    var header = ByteReader(
      original.file.bytes, from: start, to: original.info(.terms).range.upperBound,
      section: "term dictionary")
    for _ in 0..<3 { _ = try header.readVarInt() }
    // The dictionary is not verified on open, so the damaged file opens.
    bytes[header.offset] = 1
    let damaged = try SegmentReader(bytes: bytes)
    #expect(
      throws: IndexError.corrupt(
        section: "term dictionary", detail: "block 0 starts with a shared prefix")
    ) {
      _ = try damaged.firstTerm(ofBlock: 0)
    }
  }
}
