/// Walks one term's postings in document order, block by block, with skipping.
///
/// `advance(to:)` jumps over whole blocks by reading only their skip entries, so intersecting
/// a rare term with a frequent one touches few of the frequent term's blocks. Positions are
/// decoded only for the documents that ask for them. Every decoded value is checked, and
/// corrupt bytes throw instead of trapping.
///
/// The cursor reads the mapped file through a raw pointer, and keeps the `MappedFile` alive
/// with a strong reference (one retain when it is made or copied), so it stays valid after the
/// last `SegmentReader` of the file is gone. Its concerns live in extensions: reading blocks and
/// skip entries (`+Blocks`), the skip table of long terms (`+SkipTable`), positions
/// (`+Positions`).
package struct PostingsCursor {
  /// The sentinel document number of an exhausted cursor.
  package static let end = UInt32.max

  /// The term's document frequency.
  package let documentFrequency: Int
  /// The largest term frequency in any document (a bound for dynamic pruning).
  package let maxFrequency: UInt32
  /// The smallest length of any document that contains the term (a bound for pruning).
  package let minLength: UInt32
  /// The current document, or `PostingsCursor.end`.
  package internal(set) var document: UInt32 = 0
  /// The term frequency in the current document.
  package internal(set) var frequency: UInt32 = 0
  /// The last document of the current block (for block-max pruning).
  package internal(set) var blockLastDocument: UInt32 = 0
  /// The largest term frequency in the current block.
  package internal(set) var blockMaxFrequency: UInt32 = 0
  /// The smallest document length in the current block.
  package internal(set) var blockMinLength: UInt32 = 0

  /// The mapping `raw` points into, kept alive as long as the cursor.
  let file: MappedFile
  let raw: UnsafeRawBufferPointer
  let features: FormatFeatures
  let documentLimit: UInt32
  let hasPositions: Bool
  let blockCount: Int
  var skips: ByteReader
  var blockIndex = -1
  var nextDocData: Int
  let docDataEnd: Int
  var nextPositionData: Int
  let positionDataEnd: Int
  /// One past the last document of the block whose skip entry was read last.
  var skipNext: UInt32 = 0
  /// One past the last document of the block before the pending or current one.
  var previousBlockEnd: UInt32 = 0
  /// Whether the current block's entries are decoded (false after `shallowAdvance(to:)`).
  var blockDecoded = true
  /// The term's skip entries parsed once (long terms only), so that `advance(to:)` jumps to a
  /// far block by binary search instead of reading every skip entry before it.
  var table: SkipTable?
  // Pending block (read from its skip entry, not yet decoded).
  var pendingDocBytes = 0
  var pendingPositionBytes = 0

  var docs: [UInt32]
  var freqs: [UInt32]
  var count = 0
  var index = 0
  // Positions of the current block: where they lie, and how far they are decoded.
  var blockPositions = 0..<0
  var positionReader: ByteReader
  var positionsSkippedThrough = 0
  // Bit-packed positions: the block's position values before `positionsSkippedThrough`'s
  // document, the packed runs read past, and the run decoded into `positionRun` (−1 for none).
  var positionValuesSkipped = 0
  var positionRunsPassed = 0
  var positionRunLoaded = -1
  var positionRun: [UInt32] = []
  var blockPositionValues = 0
  /// Bit-packed positions: the next value of the block's varint tail that `positionReader` is
  /// at.
  var positionValuesTail = 0
  /// Rice-coded position tails (version 10): the tail's bit stream once the cursor reached it
  /// (nil before), and the block index and first value of the document of the next tail value.
  var positionTail: BitReader?
  var tailDocument = 0
  var tailDocumentStart = 0
  /// The segment's document lengths: the Rice parameters of a document's positions.
  let lengths: DocumentLengths

  init(reader: SegmentReader, term: TermInfo, hasPositions: Bool) throws(IndexError) {
    try self.init(unloaded: reader, term: term, hasPositions: hasPositions)
    // Most terms are rare: size the block buffers to what the term can fill.
    let capacity = min(documentFrequency, IndexFormat.postingsBlockSize)
    docs = [UInt32](repeating: 0, count: capacity)
    freqs = [UInt32](repeating: 0, count: capacity)
    if blockCount > SkipTable.minimumBlocks {
      table = try reader.skipTables.table(for: term) { () throws(IndexError) in
        try SkipTable(reader: reader, term: term)
      }
    }
    try loadNextBlock()
  }

  /// A cursor before its first block: no buffers, no table, nothing decoded (the skip table
  /// reads the entries of such a cursor).
  init(unloaded reader: SegmentReader, term: TermInfo, hasPositions: Bool) throws(IndexError) {
    file = reader.file
    raw = reader.bytes
    features = reader.features
    lengths = reader.documentLengths
    documentLimit = UInt32(reader.documentCount)
    documentFrequency = term.documentFrequency
    self.hasPositions = hasPositions && !term.positions.isEmpty
    let header = try reader.postingsHeader(term)
    maxFrequency = header.maxFrequency
    minLength = header.minLength
    blockCount = header.blockCount
    skips = ByteReader(
      raw, from: header.skipsStart, to: header.blocksStart, section: "postings")
    nextDocData = header.blocksStart
    docDataEnd = term.postings.upperBound
    nextPositionData = term.positions.lowerBound
    positionDataEnd = term.positions.upperBound
    positionReader = ByteReader(raw, from: 0, to: 0, section: "positions")
    docs = []
    freqs = []
  }

  /// Moves the block bounds (`blockLastDocument`, `blockMaxFrequency`, `blockMinLength`) to the
  /// block that may hold `target` without decoding any entry (Lucene's `advanceShallow`), so
  /// that block-max pruning can skip blocks whose best score cannot enter the top k.
  ///
  /// `document` is left behind; call `advance(to:)` before reading documents again.
  package mutating func shallowAdvance(to target: UInt32) throws(IndexError) {
    while target > blockLastDocument {
      if !blockDecoded {
        previousBlockEnd = blockLastDocument &+ 1
        skipPendingBlock()
      }
      guard try readSkip() else { return }
      blockDecoded = false
    }
  }

  /// Moves to the next document.
  @inline(__always)
  package mutating func next() throws(IndexError) {
    if !blockDecoded {
      try decodePendingBlock()
      return
    }
    index += 1
    if index < count {
      document = docs[index]
      frequency = freqs[index]
    } else {
      try loadNextBlock()
    }
  }

  /// Moves to the first document `>= target` (or to `end`); never moves backwards.
  package mutating func advance(to target: UInt32) throws(IndexError) {
    if document >= target { return }
    if target > blockLastDocument {
      if let table, blockIndex + 2 < blockCount {
        // Far ahead: find the block by binary search and read only its entry.
        guard let block = table.block(after: blockIndex, reaching: target) else {
          document = PostingsCursor.end
          blockLastDocument = PostingsCursor.end
          blockIndex = blockCount
          return
        }
        if block > blockIndex + 1 { jump(toBlock: block, in: table) }
      }
      // Skip whole blocks by their skip entries.
      while true {
        if !blockDecoded {
          previousBlockEnd = blockLastDocument &+ 1
          skipPendingBlock()
        }
        guard try readSkip() else { return }
        blockDecoded = false
        if blockLastDocument >= target { break }
      }
    }
    if !blockDecoded { try decodePendingBlock() }
    while document < target {
      index += 1
      if index >= count {
        try loadNextBlock()
        if document == PostingsCursor.end { return }
        continue
      }
      document = docs[index]
      frequency = freqs[index]
    }
  }
}

extension SegmentReader {
  /// A cursor over a term's postings (it keeps the file mapped while it lives).
  package func postings(_ term: TermInfo) throws(IndexError) -> PostingsCursor {
    try PostingsCursor(reader: self, term: term, hasPositions: true)
  }
}
