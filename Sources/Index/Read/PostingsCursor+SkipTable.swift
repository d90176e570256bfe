/// The skip table of a long term, and how a cursor builds it and jumps by it.
extension PostingsCursor {
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
    init(reader: SegmentReader, term: TermInfo) throws(IndexError) {
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

  /// Reads every skip entry from the start, recording where each entry, its documents and
  /// its positions start and its last document.
  mutating func recordBlocks(
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
  mutating func jump(toBlock block: Int, in table: SkipTable) {
    assert(block >= 1 && block < table.lastDocuments.count, "jump outside the skip table")
    assert(table.lastDocuments.count == blockCount, "skip table of another term")
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
}
