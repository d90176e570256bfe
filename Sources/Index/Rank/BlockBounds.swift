/// A term's posting blocks as pruning sees them: where each starts, ends and how high it scores.
///
/// Block-max pruning needs to look ahead (which block can still beat the k-th score?) and, for
/// one-term queries, to visit the most promising blocks first, which the forward-only postings
/// cursor cannot do. The skip entries hold all of it and cost a few varints per 128 documents
/// to read, far less than decoding the blocks they let a query skip. They are read by
/// `SkipEntry`, as the cursor reads them, from a checked view of the term's postings that the
/// reader gives (valid while the reader lives, as it does for a whole search).
struct BlockBounds {
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
  /// The format's features (how blocks are encoded).
  let features: FormatFeatures
  /// The term's postings, checked. It does not keep the mapping alive: the bounds live only
  /// inside one search, whose `Searcher` holds the reader.
  let postings: ByteReader

  /// The number of blocks.
  var count: Int { lastDocuments.count }

  /// Reads the skip entries of `info` (or, for a one-block term, its global bounds) and turns
  /// each block's largest frequency and shortest length into a score bound for `weight`.
  ///
  /// A term of more than `blockLimit` blocks gets its global bound as one block instead: its
  /// skip entries would cost more to read than its blocks' bounds save. Such a term is common,
  /// so its idf, and with it every bound, is small anyway (the characters of `.ranked`).
  init(
    reader: SegmentReader, info: TermInfo, weight: Double, bm25: BM25, blockLimit: Int = .max
  ) throws(IndexError) {
    let header = try reader.postingsHeader(info)
    documentFrequency = info.documentFrequency
    documentLimit = UInt32(truncatingIfNeeded: reader.documentCount)
    self.weight = weight
    features = reader.features
    postings = reader.byteReader(
      .postings, from: info.postings.lowerBound, to: info.postings.upperBound)
    guard header.blockCount > 1 && header.blockCount <= blockLimit else {
      let bound = bm25.upperBound(
        weight: weight, maxFrequency: header.maxFrequency, minLength: header.minLength)
      lastDocuments = [documentLimit &- 1]
      maxScores = [bound]
      minLengths = [header.minLength]
      dataOffsets = [header.blocksStart, info.postings.upperBound]
      maxScore = bound
      return
    }
    let blocks = try Self.readBlocks(
      postings.window(from: header.skipsStart, to: header.blocksStart), header: header,
      info: info, features: features, documentLimit: documentLimit, weight: weight, bm25: bm25)
    lastDocuments = blocks.lasts
    maxScores = blocks.scores
    minLengths = blocks.lengths
    dataOffsets = blocks.offsets
    maxScore = blocks.best
  }

  /// Reads every skip entry in `skips` into the blocks' last documents, score bounds, shortest
  /// lengths and offsets, and the largest bound.
  private static func readBlocks(
    _ skips: ByteReader, header: PostingsHeader, info: TermInfo, features: FormatFeatures,
    documentLimit: UInt32, weight: Double, bm25: BM25
  ) throws(IndexError) -> (
    lasts: [UInt32], scores: [Double], lengths: [UInt32], offsets: [Int], best: Double
  ) {
    let blockCount = header.blockCount
    var skips = skips
    var lasts = [UInt32](repeating: 0, count: blockCount)
    var scores = [Double](repeating: 0, count: blockCount)
    var lengths = [UInt32](repeating: 0, count: blockCount)
    var offsets = [Int](repeating: 0, count: blockCount + 1)
    var best = 0.0
    var next: UInt32 = 0
    // The entries follow the skip entries back to back; so do the positions.
    var offset = header.blocksStart
    var positionOffset = info.positions.lowerBound
    for block in 0..<blockCount {
      // With impacts, the block's exact best score is the best over its frontier.
      var impactBound = 0.0
      let entry = try SkipEntry(
        &skips, features: features, next: next, documentLimit: documentLimit,
        documentBytesLimit: info.postings.upperBound - offset,
        positionBytesLimit: info.positions.upperBound - positionOffset
      ) { frequency, length in
        impactBound = Swift.max(
          impactBound, bm25.upperBound(weight: weight, maxFrequency: frequency, minLength: length))
      }
      let bound =
        features.hasBlockImpacts
        ? impactBound
        : bm25.upperBound(
          weight: weight, maxFrequency: entry.maxFrequency, minLength: entry.minLength)
      offsets[block] = offset
      offset += entry.documentBytes
      positionOffset += entry.positionBytes
      lasts[block] = entry.lastDocument
      lengths[block] = entry.minLength
      scores[block] = bound
      best = Swift.max(best, bound)
      next = entry.lastDocument &+ 1
    }
    offsets[blockCount] = offset
    guard skips.isAtEnd else {
      throw .corrupt(section: "postings", detail: "skip entries disagree with their length")
    }
    return (lasts, scores, lengths, offsets, best)
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
