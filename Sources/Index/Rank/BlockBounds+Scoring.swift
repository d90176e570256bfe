/// Scoring one whole block straight from its bytes, for one-term queries.
///
/// A one-term query needs no cursor: it visits the blocks in the order that raises the k-th
/// score fastest. A block is decoded at once by `PostingsBlock`, the cursor's decoder, and
/// then filtered: a document whose frequency is too low to win even at the block's shortest
/// length is dropped before its length is loaded.
extension BlockBounds {
  /// Scores every document of `block` that may beat `threshold` into `top`, raising
  /// `threshold` as the list fills; every entry is checked as `PostingsCursor` checks it.
  /// `scratch` holds 2 × 128 values (the block's documents and frequencies), reused by every
  /// block of the query.
  func score(
    block: Int, bm25: BM25, lengths: DocumentLengths,
    scratch: UnsafeMutablePointer<UInt32>, top: inout TopK, threshold: inout Double
  ) throws(IndexError) {
    let weight = self.weight
    let minNorm = bm25.norm(length: minLengths[block])
    var floor = Self.frequencyFloor(weight: weight, minNorm: minNorm, threshold: threshold)
    var reader = postings.window(from: dataOffsets[block], to: dataOffsets[block + 1])
    let n = entryCount(ofBlock: block)
    let docs = scratch
    let freqs = scratch + IndexFormat.postingsBlockSize
    _ = try PostingsBlock.decode(
      &reader, count: n, first: UInt64(firstDocument(ofBlock: block)), limit: documentLimit,
      features: features, lastDocument: count == 1 ? nil : lastDocuments[block], block: block,
      docs: docs, freqs: freqs)
    for i in 0..<n {
      let f = UInt64(freqs[i])
      if f < floor { continue }
      let d = docs[i]
      let score = bm25.score(
        weight: weight, frequency: freqs[i], norm: bm25.norm(length: lengths[d]))
      // `>=`: blocks come out of order, so a tie may still win on its lower document number.
      if score >= threshold && top.insert(score: score, document: d, matches: Int(f)) {
        threshold = top.threshold
        floor = Self.frequencyFloor(weight: weight, minNorm: minNorm, threshold: threshold)
      }
    }
  }

  /// The smallest frequency that may still score at least `threshold` at length norm
  /// `minNorm`: w·f/(f + n) ≥ t ⇔ f ≥ t·n/(w − t). Rounded down with a margin far wider than
  /// floating-point error, so no document that could enter is dropped.
  @inline(__always)
  static func frequencyFloor(weight: Double, minNorm: Double, threshold: Double) -> UInt64 {
    guard threshold > 0, minNorm > 0, weight > threshold * (1 + 1e-6) else { return 1 }
    let f = threshold * minNorm / (weight - threshold) * (1 - 1e-6)
    return f < 1 ? 1 : f >= 1e18 ? UInt64.max : UInt64(f)
  }
}
