/// Encodes runs of consecutive merged terms: per term, its postings and positions from every
/// segment that has it, and its dictionary entry.
///
/// Shareable with the encoding threads: each run writes only its own `EncodedTerms`; the rest
/// is read-only while they run (the segments' blobs are freed only after every run is done).
struct TermRunEncoder: @unchecked Sendable {
  /// Per segment: the start of its term blobs, and its first document's number in the file.
  private let blobBases: [UnsafePointer<UInt8>]
  private let documentBases: [UInt32]
  /// The merged term order (see `TermMerger.merge`).
  private let merged: UnsafeBufferPointer<UInt64>
  /// Per document: its length, for the blocks' impacts.
  private let lengths: UnsafeBufferPointer<UInt32>
  private let runs: [EncodedTerms]
  private let runLength: Int
  private let termCount: Int

  init(
    segments: [SegmentResult], merged: UnsafeBufferPointer<UInt64>,
    lengths: UnsafeBufferPointer<UInt32>, runs: [EncodedTerms], runLength: Int, termCount: Int
  ) {
    blobBases = segments.map { $0.base }
    var bases: [UInt32] = []
    var base: UInt32 = 0
    for segment in segments {
      bases.append(base)
      base += UInt32(segment.documentCount)
    }
    documentBases = bases
    self.merged = merged
    self.lengths = lengths
    self.runs = runs
    self.runLength = runLength
    self.termCount = termCount
  }

  /// Encodes run `r` into `runs[r]`.
  func encode(run r: Int) {
    let range = r * runLength..<min(termCount, (r + 1) * runLength)
    encode(range, into: runs[r])
  }

  /// Encodes the postings, positions and dictionary entries of merged terms `range` into `out`.
  private func encode(_ range: Range<Int>, into out: EncodedTerms) {
    let k = blobBases.count
    let parts = UnsafeMutablePointer<TermBlob>.allocate(capacity: k)
    let partBases = UnsafeMutablePointer<UInt32>.allocate(capacity: k)
    defer {
      parts.deallocate()
      partBases.deallocate()
    }
    var encoder = PostingsEncoder()
    var block = TermBlockWriter()
    for t in range {
      let postingsStart = out.postings.count
      let positionsStart = out.positions.count
      let found = gather(term: t, into: parts, bases: partBases)
      // Up to one block of documents (every entry takes a byte at least): the skips are not
      // written, so positions need not be split by document. (Either way gives the same bytes.)
      let whole = found.docBytes <= IndexFormat.postingsBlockSize
      encoder.start(documentLimit: lengths.count)
      for i in 0..<found.parts {
        encoder.add(
          parts[i], documentBase: partBases[i], whole: whole, lengths: lengths,
          positions: &out.positions)
      }
      let documentFrequency = encoder.finish(positions: &out.positions, into: &out.postings)
      block.add(
        term: found.term, documentFrequency: documentFrequency, postingsStart: postingsStart,
        positionsStart: positionsStart, into: out)
    }
    block.flush(into: out)
  }

  /// Reads the blob of merged term `t` in each segment that has it into `parts` (with the
  /// segment's document base in `bases`); returns the term's bytes, the number of parts and
  /// their doc streams' total size.
  @inline(__always)
  private func gather(
    term t: Int, into parts: UnsafeMutablePointer<TermBlob>, bases: UnsafeMutablePointer<UInt32>
  ) -> (term: UnsafeBufferPointer<UInt8>, parts: Int, docBytes: Int) {
    let k = blobBases.count
    var n = 0
    var term = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    var docBytes = 0
    for s in 0..<k {
      assert(t &* k &+ s < merged.count, "TermRunEncoder: term past the merged order")
      let ref = merged[t &* k &+ s]
      if ref == SortedTerm.absent { continue }
      let start = blobBases[s] + SortedTerm.offset(ref)
      let length = SortedTerm.length(ref)
      term = UnsafeBufferPointer(start: start, count: length)
      parts[n] = TermBlob(at: start, termLength: length)
      bases[n] = documentBases[s]
      docBytes &+= parts[n].docsEnd - parts[n].docs
      n &+= 1
    }
    return (term, n, docBytes)
  }
}
