/// Encodes runs of consecutive terms (in byte order): per term, its postings and positions
/// from its blob, and its dictionary entry.
///
/// Shareable with the encoding threads: each run writes only its own `EncodedTerms`, made by
/// the thread that encodes it (so that two threads' buffers, whose counts move with every byte
/// written, never share a cache line), and its own slot of `runs`; the rest is read-only while
/// they run (the segment's blobs are freed only after every run is done).
struct TermRunEncoder: @unchecked Sendable {
  /// The start of the segment's term blobs.
  private let blobs: UnsafePointer<UInt8>
  /// The terms in byte order (`SegmentResult.sortedTerms`).
  private let terms: UnsafeBufferPointer<SortedTerm>
  /// Per document: its length, for the blocks' impacts.
  private let lengths: UnsafeBufferPointer<UInt32>
  /// Per run: its encoding, once done.
  private let runs: UnsafeMutableBufferPointer<EncodedTerms?>
  private let runLength: Int

  init(
    blobs: UnsafePointer<UInt8>, terms: UnsafeBufferPointer<SortedTerm>,
    lengths: UnsafeBufferPointer<UInt32>, runs: UnsafeMutableBufferPointer<EncodedTerms?>,
    runLength: Int
  ) {
    self.blobs = blobs
    self.terms = terms
    self.lengths = lengths
    self.runs = runs
    self.runLength = runLength
  }

  /// Encodes run `r` into `runs[r]`.
  func encode(run r: Int) {
    let range = r * runLength..<min(terms.count, (r + 1) * runLength)
    let out = EncodedTerms()
    encode(range, into: out)
    runs[r] = out
  }

  /// Encodes the postings, positions and dictionary entries of terms `range` into `out`.
  private func encode(_ range: Range<Int>, into out: EncodedTerms) {
    var encoder = PostingsEncoder()
    var block = TermBlockWriter()
    for t in range {
      let postingsStart = out.postings.count
      let positionsStart = out.positions.count
      let ref = terms[t].ref
      let length = SortedTerm.length(ref)
      let start = blobs + SortedTerm.offset(ref)
      let blob = TermBlob(at: start, termLength: length)
      // Up to one block of documents (every entry takes a byte at least): the skips are not
      // written, so positions need not be split by document. (Either way gives the same bytes.)
      let whole = blob.docsEnd - blob.docs <= IndexFormat.postingsBlockSize
      encoder.start(documentLimit: lengths.count)
      encoder.add(
        blob, documentBase: 0, whole: whole, lengths: lengths, positions: &out.positions)
      let documentFrequency = encoder.finish(positions: &out.positions, into: &out.postings)
      block.add(
        term: UnsafeBufferPointer(start: start, count: length),
        documentFrequency: documentFrequency, postingsStart: postingsStart,
        positionsStart: positionsStart, into: out)
    }
    block.flush(into: out)
  }
}
