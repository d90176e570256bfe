/// A term's posting blocks as pruning sees them: where each starts, ends and how high it scores.
///
/// Block-max pruning needs to look ahead (which block can still beat the k-th score?) and, for
/// one-term queries, to visit the most promising blocks first, which the forward-only postings
/// cursor cannot do. The skip entries hold all of it and cost a few varints per 128 documents
/// to read, far less than decoding the blocks they let a query skip.
struct SearchBlockBounds {
  /// The last document of each block, increasing (for a one-block term: the last document of
  /// the index, as the cursor reports it).
  let lastDocuments: [UInt32]
  /// The largest score any document of each block can have (inflated like `BM25.upperBound`).
  let maxScores: [Double]
  /// The shortest document length of each block.
  let minLengths: [UInt32]
  /// Where each block's entries start in the file, and where the last one ends.
  let dataOffsets: [Int]
  /// The bound over the whole term (the largest block bound).
  let maxScore: Double
  /// The term's document frequency.
  let documentFrequency: Int
  /// The number of documents in the index (every decoded document must be below it).
  let documentLimit: UInt32
  /// The weight the bounds were computed for (query frequency · idf).
  let weight: Double
  /// Whether full blocks are bit-packed (format version 5).
  let packed: Bool

  /// The number of blocks.
  var count: Int { lastDocuments.count }

  /// Reads the skip entries of `info` (or, for a one-block term, its global bounds) and turns
  /// each block's largest frequency and shortest length into a score bound for `weight`.
  ///
  /// A term of more than `blockLimit` blocks gets its global bound as one block instead: its
  /// skip entries would cost more to read than its blocks' bounds save. Such a term is common,
  /// so its idf, and with it every bound, is small anyway (the characters of `.ranked`).
  init(
    reader: IndexReader, info: TermInfo, weight: Double, bm25: BM25, blockLimit: Int = .max
  ) throws(IndexError) {
    let postingsHeader = try PostingsHeader(reader: reader, term: info)
    let maxFrequency = postingsHeader.maxFrequency
    let minLength = postingsHeader.minLength
    let blockCount = postingsHeader.blockCount
    var header = ByteReader(
      reader.file.bytes, from: postingsHeader.skipsStart, to: postingsHeader.blocksStart,
      section: "postings")
    documentFrequency = info.documentFrequency
    documentLimit = UInt32(truncatingIfNeeded: reader.documentCount)
    self.weight = weight
    packed = reader.formatVersion >= 5
    let end = info.postings.upperBound
    guard blockCount > 1 && blockCount <= blockLimit else {
      let bound = bm25.upperBound(weight: weight, maxFrequency: maxFrequency, minLength: minLength)
      lastDocuments = [documentLimit &- 1]
      maxScores = [bound]
      minLengths = [minLength]
      dataOffsets = [postingsHeader.blocksStart, end]
      maxScore = bound
      return
    }
    var lasts = [UInt32](repeating: 0, count: blockCount)
    var scores = [Double](repeating: 0, count: blockCount)
    var lengths = [UInt32](repeating: 0, count: blockCount)
    var sizes = [Int](repeating: 0, count: blockCount + 1)
    var best = 0.0
    var next: UInt64 = 0
    for block in 0..<blockCount {
      let last = next + (try header.readVarInt())
      guard last < UInt64(documentLimit) else {
        throw .corrupt(section: "postings", detail: "skip entry points past the last document")
      }
      sizes[block] = try header.readVarInt(max: end - header.offset)
      _ = try header.readVarInt()
      let blockMinLength: UInt32
      let bound: Double
      if reader.formatVersion >= 4 {
        // The block's impacts give its exact best score.
        var best = 0.0
        let impacts = try BlockImpactsReader(&header) { frequency, length in
          best = Swift.max(
            best, bm25.upperBound(weight: weight, maxFrequency: frequency, minLength: length))
        }
        blockMinLength = impacts.minLength
        bound = best
      } else {
        let blockMaxFrequency = UInt32(
          truncatingIfNeeded: try header.readVarInt(max: Int(UInt32.max)))
        blockMinLength = UInt32(truncatingIfNeeded: try header.readVarInt(max: Int(UInt32.max)))
        bound = bm25.upperBound(
          weight: weight, maxFrequency: blockMaxFrequency, minLength: blockMinLength)
      }
      lasts[block] = UInt32(last)
      lengths[block] = blockMinLength
      scores[block] = bound
      best = Swift.max(best, bound)
      next = last + 1
    }
    // Block sizes to offsets: the entries follow the skip entries back to back.
    guard header.isAtEnd else {
      throw .corrupt(section: "postings", detail: "skip entries disagree with their length")
    }
    var offset = postingsHeader.blocksStart
    for block in 0...blockCount {
      let size = sizes[block]
      sizes[block] = offset
      offset += size
      guard offset <= end else {
        throw .corrupt(section: "postings", detail: "blocks run past the term's postings")
      }
    }
    lastDocuments = lasts
    maxScores = scores
    minLengths = lengths
    dataOffsets = sizes
    maxScore = best
  }

  /// The first document a block may hold (one past the previous block's last).
  @inline(__always)
  func firstDocument(ofBlock block: Int) -> UInt32 {
    block == 0 ? 0 : lastDocuments[block - 1] &+ 1
  }

  /// The number of entries of a block (128 but for the last).
  @inline(__always)
  func entryCount(ofBlock block: Int) -> Int {
    block == count - 1
      ? documentFrequency - block * IndexFormat.postingsBlockSize : IndexFormat.postingsBlockSize
  }
}
