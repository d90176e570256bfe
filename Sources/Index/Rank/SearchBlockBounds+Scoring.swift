/// Scoring one whole block straight from its bytes, for one-term queries.
///
/// A one-term query needs no cursor: it visits the blocks in the order that raises the k-th
/// score fastest, and inside a block it decodes and filters in one pass. A document whose
/// frequency is too low to win even at the block's shortest length is dropped before its
/// length is loaded, so most documents of a frequent term cost a varint or two.
extension SearchBlockBounds {
  /// Scores every document of `block` that may beat `threshold` into `top`, raising
  /// `threshold` as the list fills; every entry is checked as `PostingsCursor` checks it.
  /// `scratch` holds 2 × 128 values (a packed block's documents and frequencies), reused by
  /// every block of the query.
  func score(
    block: Int, raw: UnsafeRawBufferPointer, bm25: BM25, lengths: SearchDocumentLengths,
    scratch: UnsafeMutablePointer<UInt32>, top: inout TopK, threshold: inout Double
  ) throws(IndexError) {
    let weight = self.weight
    let minNorm = bm25.norm(length: minLengths[block])
    var floor = Self.frequencyFloor(weight: weight, minNorm: minNorm, threshold: threshold)
    var reader = ByteReader(
      raw, from: dataOffsets[block], to: dataOffsets[block + 1], section: "postings")
    var next = UInt64(firstDocument(ofBlock: block))
    let limit = UInt64(documentLimit)
    let n = entryCount(ofBlock: block)
    if packed && n == IndexFormat.postingsBlockSize {
      // A full block of version 5: bit-packed documents and frequencies, decoded at once.
      let docs = scratch
      let freqs = scratch + n
      next = try BitPacking.readBlock(
        &reader, first: next, limit: documentLimit, docs: docs, freqs: freqs)
      for i in 0..<n {
        let f = UInt64(freqs[i])
        if f < floor { continue }
        let d = docs[i]
        let score = bm25.score(
          weight: weight, frequency: freqs[i], norm: bm25.norm(length: lengths[d]))
        if score >= threshold && top.insert(score: score, document: d, matches: Int(f)) {
          threshold = top.threshold
          floor = Self.frequencyFloor(weight: weight, minNorm: minNorm, threshold: threshold)
        }
      }
      guard reader.isAtEnd, count == 1 || next &- 1 == UInt64(lastDocuments[block]) else {
        throw .corrupt(section: "postings", detail: "block \(block) disagrees with its skip entry")
      }
      return
    }
    for _ in 0..<n {
      let code = try reader.readVarInt()
      let doc = next &+ (code >> 1)
      let f: UInt64 = (code & 1) != 0 ? 1 : try reader.readVarInt()
      guard doc < limit, f >= 1, f <= UInt64(UInt32.max) else {
        throw .corrupt(
          section: "postings", detail: "document \(doc) or frequency \(f) out of range")
      }
      next = doc &+ 1
      if f < floor { continue }
      let d = UInt32(truncatingIfNeeded: doc)
      let score = bm25.score(
        weight: weight, frequency: UInt32(truncatingIfNeeded: f),
        norm: bm25.norm(length: lengths[d]))
      // `>=`: blocks come out of order, so a tie may still win on its lower document number.
      if score >= threshold && top.insert(score: score, document: d, matches: Int(f)) {
        threshold = top.threshold
        floor = Self.frequencyFloor(weight: weight, minNorm: minNorm, threshold: threshold)
      }
    }
    guard reader.isAtEnd, count == 1 || next &- 1 == UInt64(lastDocuments[block]) else {
      throw .corrupt(section: "postings", detail: "block \(block) disagrees with its skip entry")
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
