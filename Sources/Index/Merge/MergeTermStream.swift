/// One input's terms in dictionary order, decoded block by block, for the k-way term merge.
///
/// The current term's bytes are rebuilt in `term` from each front-coded entry (as
/// `SegmentReader.scanBlock` does), so the merge can compare the inputs' current terms without
/// a callback per term.
struct MergeTermStream {
  private let reader: SegmentReader
  private let blockCount: Int
  private var block = 0
  private var entries: TermBlockReader?
  private var left = 0
  /// The current term's bytes (valid until `advance`).
  private(set) var term: [UInt8] = []
  /// Where the current term's postings and positions lie.
  private(set) var info = TermInfo(documentFrequency: 0, postings: 0..<0, positions: 0..<0)
  /// Whether every term has been read.
  private(set) var done = false

  /// A stream at the first term of `reader`.
  init(_ reader: SegmentReader) throws(IndexError) {
    self.reader = reader
    blockCount = reader.termBlockCount
    term.reserveCapacity(64)
    try advance()
  }

  /// Moves to the next term (or sets `done`).
  mutating func advance() throws(IndexError) {
    while left == 0 {
      guard block < blockCount else {
        done = true
        return
      }
      let next = try TermBlockReader(reader, block: block)
      left = next.count
      entries = next
      block += 1
      term.removeAll(keepingCapacity: true)
    }
    let entry = try entries!.next(maxPrefix: term.count)
    term.removeSubrange(entry.prefix...)
    term.append(contentsOf: entry.suffix)
    info = entry.info
    left -= 1
  }
}

extension PostingsCursor {
  /// Starts a cursor that reads a term once, front to back (the merge), with the caller's
  /// block buffers (`docs`, `freqs`: `IndexFormat.postingsBlockSize` entries each, moved in and
  /// handed back by `returnBuffers`), so that the millions of rare terms of a merge allocate
  /// nothing; no skip table is built or cached in the reader, whose cache would otherwise grow
  /// with every long term merged.
  init(
    sequential reader: SegmentReader, term: TermInfo, docs: inout [UInt32], freqs: inout [UInt32]
  ) throws(IndexError) {
    try self.init(unloaded: reader, term: term, hasPositions: true)
    assert(docs.count >= IndexFormat.postingsBlockSize && freqs.count == docs.count)
    swap(&self.docs, &docs)
    swap(&self.freqs, &freqs)
    try loadNextBlock()
  }

  /// Hands the block buffers back to the caller (the cursor is done).
  mutating func returnBuffers(docs: inout [UInt32], freqs: inout [UInt32]) {
    swap(&self.docs, &docs)
    swap(&self.freqs, &freqs)
  }
}
