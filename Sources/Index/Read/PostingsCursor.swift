/// Walks one term's postings in document order, block by block, with skipping.
///
/// `advance(to:)` jumps over whole blocks by reading only their skip entries, so intersecting
/// a rare term with a frequent one touches few of the frequent term's blocks. Positions are
/// decoded only for the documents that ask for them. Every decoded value is checked, and
/// corrupt bytes throw instead of trapping.
public struct PostingsCursor {
  /// The sentinel document number of an exhausted cursor.
  public static let end = UInt32.max

  /// The term's document frequency.
  public let documentFrequency: Int
  /// The largest term frequency in any document (a bound for dynamic pruning).
  public let maxFrequency: UInt32
  /// The smallest length of any document that contains the term (a bound for pruning).
  public let minLength: UInt32
  /// The current document, or `PostingsCursor.end`.
  public private(set) var document: UInt32 = 0
  /// The term frequency in the current document.
  public private(set) var frequency: UInt32 = 0
  /// The last document of the current block (for block-max pruning).
  public private(set) var blockLastDocument: UInt32 = 0
  /// The largest term frequency in the current block.
  public private(set) var blockMaxFrequency: UInt32 = 0
  /// The smallest document length in the current block.
  public private(set) var blockMinLength: UInt32 = 0

  let raw: UnsafeRawBufferPointer
  let formatVersion: Int
  let documentLimit: UInt32
  let hasPositions: Bool
  let blockCount: Int
  var skips: ByteReader
  var blockIndex = -1
  private var nextDocData: Int
  private let docDataEnd: Int
  private var nextPositionData: Int
  private let positionDataEnd: Int
  private var skipNext: UInt32 = 0
  /// The term's skip entries parsed once (long terms only), so that `advance(to:)` jumps to a
  /// far block by binary search instead of reading every skip entry before it.
  private var table: SkipTable?
  // Pending block (read from its skip entry, not yet decoded).
  private var pendingDocBytes = 0
  private var pendingPositionBytes = 0

  var docs: [UInt32]
  var freqs: [UInt32]
  var count = 0
  var index = 0
  // Positions of the current block: where they start and how far they are decoded.
  private var positionReader: ByteReader
  private var positionsSkippedThrough = 0
  // Version 5: the block's position values before `positionsSkippedThrough`'s document, the
  // packed runs read past, and the run decoded into `positionRun` (−1 for none).
  private var positionValuesSkipped = 0
  private var positionRunsPassed = 0
  private var positionRunLoaded = -1
  private var positionRun: [UInt32] = []
  private var blockPositionValues = 0

  init(reader: IndexReader, term: TermInfo, hasPositions: Bool) throws(IndexError) {
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

  /// A term's skip entries, parsed: where each block's entry, documents and positions start
  /// and the block's last document.
  ///
  /// Reading skip entries is linear (each holds varints and impacts of its own length), so a
  /// cursor that probes a long list (a common character, scored for a few candidates) would
  /// read most of its entries on every query. The table is built once per term and reader,
  /// with the cursor's own reading of the entries, and kept by the reader.
  final class SkipTable: Sendable {
    /// Terms of more blocks than this get a table.
    static let minimumBlocks = 16
    let lastDocuments: [UInt32]
    let skipOffsets: [Int]
    let documentOffsets: [Int]
    let positionOffsets: [Int]

    /// Reads every skip entry of `term` (throws on a corrupt one, as a cursor would).
    init(reader: IndexReader, term: TermInfo) throws(IndexError) {
      var cursor = try PostingsCursor(unloaded: reader, term: term, hasPositions: false)
      var lasts: [UInt32] = []
      var skipOffsets: [Int] = []
      var documentOffsets: [Int] = []
      var positionOffsets: [Int] = []
      lasts.reserveCapacity(cursor.blockCount)
      try cursor.recordBlocks(
        &lasts, &skipOffsets, &documentOffsets, &positionOffsets)
      lastDocuments = lasts
      self.skipOffsets = skipOffsets
      self.documentOffsets = documentOffsets
      self.positionOffsets = positionOffsets
    }

    /// The first block after `block` whose last document is `>= target`; nil when none is.
    @inline(__always)
    func block(after block: Int, reaching target: UInt32) -> Int? {
      var low = block + 1
      var high = lastDocuments.count
      while low < high {
        let mid = (low + high) / 2
        if lastDocuments[mid] < target { low = mid + 1 } else { high = mid }
      }
      return low < lastDocuments.count ? low : nil
    }
  }

  /// A cursor before its first block: no buffers, no table, nothing decoded (the skip table
  /// reads the entries of such a cursor).
  private init(unloaded reader: IndexReader, term: TermInfo, hasPositions: Bool)
    throws(IndexError)
  {
    raw = reader.file.bytes
    formatVersion = reader.formatVersion
    documentLimit = UInt32(reader.documentCount)
    documentFrequency = term.documentFrequency
    self.hasPositions = hasPositions && !term.positions.isEmpty
    let header = try PostingsHeader(reader: reader, term: term)
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

  /// Reads every skip entry from the start, recording where each entry, its documents and
  /// its positions start and its last document.
  private mutating func recordBlocks(
    _ lasts: inout [UInt32], _ skipOffsets: inout [Int], _ documentOffsets: inout [Int],
    _ positionOffsets: inout [Int]
  ) throws(IndexError) {
    while true {
      let entry = skips.offset
      let documentsStart = nextDocData
      let positionsStart = nextPositionData
      guard try readSkip() else { return }
      lasts.append(blockLastDocument)
      skipOffsets.append(entry)
      documentOffsets.append(documentsStart)
      positionOffsets.append(positionsStart)
      skipPendingBlock()
    }
  }

  /// Moves to just before block `block`'s skip entry, as if every block before it had been
  /// skipped; `readSkip()` then reads it.
  private mutating func jump(toBlock block: Int, in table: SkipTable) {
    blockIndex = block - 1
    let previousLast = table.lastDocuments[block - 1]
    blockLastDocument = previousLast
    skipNext = previousLast &+ 1
    previousBlockEnd = skipNext
    nextDocData = table.documentOffsets[block]
    nextPositionData = table.positionOffsets[block]
    skips.offset = table.skipOffsets[block]
    blockDecoded = true
  }

  /// Reads the next block's skip entry (or, for a one-block term, its bounds).
  private mutating func readSkip() throws(IndexError) -> Bool {
    blockIndex += 1
    guard blockIndex < blockCount else {
      document = PostingsCursor.end
      blockLastDocument = PostingsCursor.end
      return false
    }
    if blockCount == 1 {
      blockLastDocument = documentLimit &- 1
      pendingDocBytes = docDataEnd - nextDocData
      pendingPositionBytes = positionDataEnd - nextPositionData
      blockMaxFrequency = maxFrequency
      blockMinLength = minLength
      return true
    }
    let delta = try skips.readVarInt(max: Int(UInt32.max))
    let last = UInt64(skipNext) + UInt64(delta)
    guard last < UInt64(documentLimit) else {
      throw .corrupt(section: "postings", detail: "skip entry points past the last document")
    }
    blockLastDocument = UInt32(last)
    skipNext = blockLastDocument &+ 1
    pendingDocBytes = try skips.readVarInt(max: docDataEnd - nextDocData)
    pendingPositionBytes = try skips.readVarInt(max: max(0, positionDataEnd - nextPositionData))
    if formatVersion >= 4 {
      let impacts = try BlockImpactsReader(&skips)
      blockMaxFrequency = impacts.maxFrequency
      blockMinLength = impacts.minLength
    } else {
      blockMaxFrequency = UInt32(truncatingIfNeeded: try skips.readVarInt(max: Int(UInt32.max)))
      blockMinLength = UInt32(truncatingIfNeeded: try skips.readVarInt(max: Int(UInt32.max)))
    }
    return true
  }

  /// Moves past the pending block without decoding it.
  private mutating func skipPendingBlock() {
    nextDocData += pendingDocBytes
    nextPositionData += pendingPositionBytes
  }

  private mutating func loadNextBlock() throws(IndexError) {
    guard try readSkip() else { return }
    try decodePendingBlock()
  }

  private mutating func decodePendingBlock() throws(IndexError) {
    let expected =
      blockIndex == blockCount - 1
      ? documentFrequency - blockIndex * IndexFormat.postingsBlockSize
      : IndexFormat.postingsBlockSize
    var reader = ByteReader(
      raw, from: nextDocData, to: nextDocData + pendingDocBytes, section: "postings")
    var next: UInt64 = blockIndex == 0 ? 0 : UInt64(previousBlockEnd)
    if formatVersion >= 5 && expected == IndexFormat.postingsBlockSize {
      // A full block is bit-packed (version 5).
      let first = next
      let limit = documentLimit
      next = try docs.withUnsafeMutableBufferPointer { (d) throws(IndexError) -> UInt64 in
        try freqs.withUnsafeMutableBufferPointer { (f) throws(IndexError) -> UInt64 in
          try BitPacking.readBlock(
            &reader, first: first, limit: limit, docs: d.baseAddress!, freqs: f.baseAddress!)
        }
      }
    } else {
      next = try decodeVarIntEntries(&reader, count: expected, from: next)
    }
    guard reader.isAtEnd, blockCount == 1 || docs[expected - 1] == blockLastDocument else {
      throw .corrupt(
        section: "postings", detail: "block \(blockIndex) disagrees with its skip entry")
    }
    previousBlockEnd = UInt32(next)
    blockDecoded = true
    count = expected
    index = 0
    document = docs[0]
    frequency = freqs[0]
    positionReader = ByteReader(
      raw, from: nextPositionData, to: nextPositionData + pendingPositionBytes,
      section: "positions")
    positionsSkippedThrough = 0
    positionValuesSkipped = 0
    positionValuesTail = 0
    positionRunsPassed = 0
    positionRunLoaded = -1
    if hasPositions && formatVersion >= 5 {
      var total = 0
      for i in 0..<expected { total &+= Int(freqs[i]) }
      blockPositionValues = total
    }
    skipPendingBlock()
  }

  /// Decodes `count` varint entries (every block before version 5, partial blocks since).
  private mutating func decodeVarIntEntries(
    _ reader: inout ByteReader, count expected: Int, from start: UInt64
  ) throws(IndexError) -> UInt64 {
    var next = start
    for i in 0..<expected {
      let code = try reader.readVarInt()
      let doc = next + (code >> 1)
      let tf: UInt64 = (code & 1) != 0 ? 1 : try reader.readVarInt()
      guard doc < UInt64(documentLimit), tf >= 1, tf <= UInt64(UInt32.max) else {
        throw .corrupt(
          section: "postings", detail: "document \(doc) or frequency \(tf) out of range")
      }
      docs[i] = UInt32(doc)
      freqs[i] = UInt32(tf)
      next = doc + 1
    }
    return next
  }

  private var previousBlockEnd: UInt32 = 0
  /// Whether the current block's entries are decoded (false after `shallowAdvance(to:)`).
  private var blockDecoded = true

  /// Moves the block bounds (`blockLastDocument`, `blockMaxFrequency`, `blockMinLength`) to the
  /// block that may hold `target` without decoding any entry (Lucene's `advanceShallow`), so
  /// that block-max pruning can skip blocks whose best score cannot enter the top k.
  ///
  /// `document` is left behind; call `advance(to:)` before reading documents again.
  public mutating func shallowAdvance(to target: UInt32) throws(IndexError) {
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
  public mutating func next() throws(IndexError) {
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
  public mutating func advance(to target: UInt32) throws(IndexError) {
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

  /// The positions of the term in the current document, in increasing order.
  public mutating func positions(into out: inout [UInt32]) throws(IndexError) {
    out.removeAll(keepingCapacity: true)
    guard hasPositions else { return }
    if formatVersion >= 5 {
      try packedPositions(into: &out)
      return
    }
    // Skip the positions of the block's earlier documents.
    while positionsSkippedThrough < index {
      for _ in 0..<Int(freqs[positionsSkippedThrough]) { _ = try positionReader.readVarInt() }
      positionsSkippedThrough += 1
    }
    var position: UInt64 = 0
    for _ in 0..<Int(frequency) {
      position += try positionReader.readVarInt()
      guard position <= UInt64(UInt32.max) else {
        throw .corrupt(section: "positions", detail: "position out of range")
      }
      out.append(UInt32(position))
    }
    positionsSkippedThrough += 1
  }

  /// Version 5: a block's position values are runs of 128 bit-packed values and then the rest
  /// as varints; a document's values start after the frequencies of the block's earlier
  /// documents, so earlier documents' positions are skipped without decoding them.
  private mutating func packedPositions(into out: inout [UInt32]) throws(IndexError) {
    while positionsSkippedThrough < index {
      positionValuesSkipped &+= Int(freqs[positionsSkippedThrough])
      positionsSkippedThrough += 1
    }
    let run = BitPacking.runLength
    let packedValues = blockPositionValues / run * run
    var position: UInt64 = 0
    var v = positionValuesSkipped
    let end = v &+ Int(frequency)
    while v < end {
      let value: UInt64
      if v < packedValues {
        let r = v / run
        if r != positionRunLoaded {
          while positionRunsPassed < r {
            try BitPacking.skip(&positionReader, count: run)
            positionRunsPassed += 1
          }
          if positionRun.isEmpty { positionRun = [UInt32](repeating: 0, count: run) }
          try positionRun.withUnsafeMutableBufferPointer { (b) throws(IndexError) in
            try BitPacking.read(&positionReader, count: run, into: b.baseAddress!)
          }
          positionRunsPassed += 1
          positionRunLoaded = r
        }
        value = UInt64(positionRun[v - r * run])
      } else {
        // The varint tail: pass the remaining runs, then the tail's earlier values.
        while positionRunsPassed < packedValues / run {
          try BitPacking.skip(&positionReader, count: run)
          positionRunsPassed += 1
        }
        var tail = max(packedValues, positionValuesTail)
        while tail < v {
          _ = try positionReader.readVarInt()
          tail += 1
        }
        value = try positionReader.readVarInt()
        positionValuesTail = v + 1
      }
      position += value
      guard position <= UInt64(UInt32.max) else {
        throw .corrupt(section: "positions", detail: "position out of range")
      }
      out.append(UInt32(position))
      v += 1
    }
    positionValuesSkipped = end
    positionsSkippedThrough += 1
  }
  /// Version 5: the next value of the block's varint tail that `positionReader` is at.
  private var positionValuesTail = 0
}

extension IndexReader {
  /// A cursor over a term's postings.
  public func postings(_ term: TermInfo) throws(IndexError) -> PostingsCursor {
    try PostingsCursor(reader: self, term: term, hasPositions: true)
  }
}
