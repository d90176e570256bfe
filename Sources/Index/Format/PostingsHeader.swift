/// The start of one term's postings: its bounds for pruning and where skips and blocks begin.
///
/// Version 3 writes no header for a term in one document (its bounds are that document's
/// frequency and length, read from the entry itself) and, for terms with several blocks, the
/// byte length of the skip entries, so that a cursor finds the first block without reading
/// every skip entry. Versions 1 and 2 always write the two bounds and no skip length.
struct PostingsHeader {
  /// The largest term frequency in any document.
  var maxFrequency: UInt32
  /// The smallest length of a document that holds the term.
  var minLength: UInt32
  /// Where the skip entries start (meaningful when there are several blocks).
  var skipsStart: Int
  /// Where the first block's entries start.
  var blocksStart: Int
  /// The number of blocks.
  var blockCount: Int

  init(reader: IndexReader, term: TermInfo) throws(IndexError) {
    var header = ByteReader(
      reader.file.bytes, from: term.postings.lowerBound, to: term.postings.upperBound,
      section: "postings")
    blockCount =
      (term.documentFrequency + IndexFormat.postingsBlockSize - 1) / IndexFormat.postingsBlockSize
    if reader.formatVersion >= 3 && term.documentFrequency == 1 {
      // The one entry: document code, then the frequency unless the code says it is 1.
      var entry = header
      let code = try entry.readVarInt()
      let document = code >> 1
      let frequency: UInt64 = (code & 1) != 0 ? 1 : try entry.readVarInt()
      guard document < UInt64(reader.documentCount), frequency >= 1,
        frequency <= UInt64(UInt32.max)
      else {
        throw .corrupt(
          section: "postings", detail: "document \(document) or frequency \(frequency) out of range"
        )
      }
      maxFrequency = UInt32(frequency)
      minLength = reader.documentLength(Int(document))
      skipsStart = header.offset
      blocksStart = header.offset
      return
    }
    maxFrequency = UInt32(truncatingIfNeeded: try header.readVarInt(max: Int(UInt32.max)))
    minLength = UInt32(truncatingIfNeeded: try header.readVarInt(max: Int(UInt32.max)))
    guard blockCount > 1 else {
      skipsStart = header.offset
      blocksStart = header.offset
      return
    }
    if reader.formatVersion >= 3 {
      let skipLength = try header.readVarInt(max: term.postings.upperBound - header.offset)
      skipsStart = header.offset
      blocksStart = header.offset + skipLength
    } else {
      // Versions 1 and 2: the blocks start after the last of the skip entries.
      skipsStart = header.offset
      var scan = header
      for _ in 0..<blockCount {
        for _ in 0..<5 { _ = try scan.readVarInt() }
      }
      blocksStart = scan.offset
    }
  }
}
