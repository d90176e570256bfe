/// Reading a cursor's skip entries and blocks: the entry of the next block, then its
/// documents and frequencies, decoded by `PostingsBlock` only when the cursor needs them.
extension PostingsCursor {
  /// Reads the next block's skip entry (or, for a one-block term, its bounds).
  mutating func readSkip() throws(IndexError) -> Bool {
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
    let entry = try SkipEntry(
      &skips, features: features, next: skipNext, documentLimit: documentLimit,
      documentBytesLimit: docDataEnd - nextDocData,
      positionBytesLimit: positionDataEnd - nextPositionData)
    blockLastDocument = entry.lastDocument
    skipNext = blockLastDocument &+ 1
    pendingDocBytes = entry.documentBytes
    pendingPositionBytes = entry.positionBytes
    blockMaxFrequency = entry.maxFrequency
    blockMinLength = entry.minLength
    return true
  }

  /// Moves past the pending block without decoding it.
  mutating func skipPendingBlock() {
    nextDocData += pendingDocBytes
    nextPositionData += pendingPositionBytes
  }

  mutating func loadNextBlock() throws(IndexError) {
    guard try readSkip() else { return }
    try decodePendingBlock()
  }

  /// Decodes the pending block into the block buffers and moves to its first document.
  mutating func decodePendingBlock() throws(IndexError) {
    let expected =
      blockIndex == blockCount - 1
      ? documentFrequency - blockIndex * IndexFormat.postingsBlockSize
      : IndexFormat.postingsBlockSize
    assert(docs.count >= expected && freqs.count >= expected, "block buffers too small")
    assert(nextDocData + pendingDocBytes <= docDataEnd, "block past the term's postings")
    assert(
      nextPositionData + pendingPositionBytes <= positionDataEnd,
      "block positions past the term's positions")
    var reader = ByteReader(
      raw, from: nextDocData, to: nextDocData + pendingDocBytes, section: "postings")
    let first: UInt64 = blockIndex == 0 ? 0 : UInt64(previousBlockEnd)
    let limit = documentLimit
    let features = self.features
    let block = blockIndex
    let last: UInt32? = blockCount == 1 ? nil : blockLastDocument
    let next = try docs.withUnsafeMutableBufferPointer { (d) throws(IndexError) -> UInt64 in
      try freqs.withUnsafeMutableBufferPointer { (f) throws(IndexError) -> UInt64 in
        try PostingsBlock.decode(
          &reader, count: expected, first: first, limit: limit, features: features,
          lastDocument: last, block: block, docs: d.baseAddress!, freqs: f.baseAddress!)
      }
    }
    previousBlockEnd = UInt32(next)
    blockDecoded = true
    count = expected
    index = 0
    document = docs[0]
    frequency = freqs[0]
    blockPositions = nextPositionData..<nextPositionData + pendingPositionBytes
    rewindPositions()
    if hasPositions && features.hasBitPackedPositions {
      var total = 0
      for i in 0..<expected { total &+= Int(freqs[i]) }
      blockPositionValues = total
    }
    skipPendingBlock()
  }
}
