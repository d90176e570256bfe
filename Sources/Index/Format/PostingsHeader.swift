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

  /// Reads the header at the start of `postings` (a reader over exactly the term's postings)
  /// of a term in `documentFrequency` of `documentCount` documents; `length` gives a
  /// document's length (the bound of a term in one document).
  init(
    _ postings: ByteReader, documentFrequency: Int, documentCount: Int,
    features: FormatFeatures, length: (Int) -> UInt32
  ) throws(IndexError) {
    var header = postings
    blockCount =
      (documentFrequency + IndexFormat.postingsBlockSize - 1) / IndexFormat.postingsBlockSize
    if features.hasHeaderlessOneDocumentTerms && documentFrequency == 1 {
      // The one entry: its document (a delta from 0) and frequency are the bounds.
      let (document, frequency) = try PostingsBlock.onlyEntry(
        header, documentCount: documentCount, features: features)
      guard document < UInt64(documentCount), frequency >= 1,
        frequency <= UInt64(UInt32.max)
      else {
        throw .corrupt(
          section: "postings", detail: "document \(document) or frequency \(frequency) out of range"
        )
      }
      maxFrequency = UInt32(frequency)
      minLength = length(Int(document))
      skipsStart = header.offset
      blocksStart = header.offset
      return
    }
    maxFrequency = UInt32(truncatingIfNeeded: try header.readVarInt(max: Int(UInt32.max)))
    minLength = UInt32(truncatingIfNeeded: try header.readVarInt(max: Int(UInt32.max)))
    skipsStart = header.offset
    guard blockCount > 1 else {
      blocksStart = header.offset
      return
    }
    if features.hasSkipLength {
      let skipLength = try header.readVarInt(max: header.end - header.offset)
      skipsStart = header.offset
      blocksStart = header.offset + skipLength
    } else {
      // Versions 1 and 2: the blocks start after the last of the skip entries.
      var scan = header
      for _ in 0..<blockCount { try SkipEntry.skipUnchecked(&scan, features: features) }
      blocksStart = scan.offset
    }
  }
}
