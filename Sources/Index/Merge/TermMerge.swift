/// The merge of the inputs' terms: per term in byte order, the live postings of every input
/// that has it, re-encoded with the documents renumbered, then its dictionary entry.
///
/// Postings go to the output as each term is done; positions and the dictionary go to spill
/// files (they follow all postings in the file) and the term index (16 bytes a dictionary block)
/// stays in memory. One term's postings and positions are the only per-term buffers, so memory
/// does not grow with the index. A term left with no live document disappears.
struct TermMerge: ~Copyable {
  private let readers: [SegmentReader]
  /// Per input: each local document's number in the output, or `SegmentMerger.deletedMark`.
  private let documentMaps: [[UInt32]]
  private var encoder = PostingsEncoder()
  private var termPostings = OutputBuffer(capacity: 1 << 16)
  private var termPositions = OutputBuffer(capacity: 1 << 16)
  /// The current dictionary block's entries (drained to `dictionary` when it closes).
  private let block = EncodedTerms()
  private var blockWriter = TermBlockWriter()
  private var blockHeader = OutputBuffer(capacity: 64)
  private var positions: SpillFile
  private var dictionary: SpillFile
  private var termIndex = OutputBuffer(capacity: 1 << 12)
  /// Two copies of recent terms, alternating: the block writer front-codes each term against
  /// the previous one, whose bytes must outlive the input stream's buffer.
  private let termCopies = TermCopies()
  private var documentPositions: [UInt32] = []
  /// The cursors' block buffers, lent to each cursor in turn.
  private var cursorDocs = [UInt32](repeating: 0, count: IndexFormat.postingsBlockSize)
  private var cursorFreqs = [UInt32](repeating: 0, count: IndexFormat.postingsBlockSize)
  private(set) var termCount = 0
  private var postingsSize = 0
  private var pages: PageRelease
  /// The output's document count (its live documents).
  private let documentCount: Int

  init(
    readers: [SegmentReader], documentMaps: [[UInt32]], documentCount: Int,
    spillDirectory: String,
    spillStem: String? = nil,
    pages: PageRelease
  ) throws(IndexError) {
    let positions = try SpillFile(directory: spillDirectory, name: "positions", stem: spillStem)
    let dictionary = try SpillFile(directory: spillDirectory, name: "dictionary", stem: spillStem)
    self.readers = readers
    self.documentMaps = documentMaps
    self.documentCount = documentCount
    self.pages = pages
    self.positions = positions
    self.dictionary = dictionary
  }

  /// Writes the postings, positions, dictionary and term index sections to `out`.
  mutating func run<Sink: MergeSink>(into out: inout MergeOutput<Sink>) throws(IndexError) {
    var streams: [MergeTermStream] = []
    for reader in readers { streams.append(try MergeTermStream(reader)) }
    var members: [Int] = []
    while true {
      members.removeAll(keepingCapacity: true)
      for s in 0..<streams.count where !streams[s].done {
        if members.isEmpty {
          members.append(s)
          continue
        }
        let order = Self.compare(streams[s].term, streams[members[0]].term)
        if order < 0 { members.removeAll(keepingCapacity: true) }
        if order <= 0 { members.append(s) }
      }
      guard !members.isEmpty else { break }
      try mergeTerm(streams, members, into: &out)
      for s in members { try streams[s].advance() }
      pages.progress(out.total)
    }
    blockWriter.flush(into: block)
    try drainBlocks()
    out.endSection()
    try positions.copy(into: &out)
    out.endSection()
    try dictionary.copy(into: &out)
    out.endSection()
    try out.append(UnsafeRawBufferPointer(termIndex.bytes))
    out.endSection()
  }

  /// Encodes the term the `members` streams are at: their live postings, then (if any is
  /// left) its postings to `out`, its positions to the spill file and its dictionary entry.
  private mutating func mergeTerm<Sink: MergeSink>(
    _ streams: [MergeTermStream], _ members: [Int], into out: inout MergeOutput<Sink>
  ) throws(IndexError) {
    encoder.start(documentLimit: documentCount)
    termPostings.removeAll()
    termPositions.removeAll()
    for s in members { try addPostings(streams[s].info, of: s) }
    let documentFrequency = encoder.finish(positions: &termPositions, into: &termPostings)
    guard documentFrequency > 0 else { return }
    let term = termCopies.store(streams[members[0]].term, slot: termCount & 1)
    if blockWriter.count == IndexFormat.termBlockSize {
      blockWriter.flush(into: block)
      try drainBlocks()
    }
    blockWriter.add(
      term: term, documentFrequency: documentFrequency, postingsStart: postingsSize,
      postingsLength: termPostings.count, positionsStart: positions.count,
      positionsLength: termPositions.count, into: block)
    try out.append(UnsafeRawBufferPointer(termPostings.bytes))
    postingsSize += termPostings.count
    try positions.append(termPositions.bytes)
    termCount += 1
  }

  /// Feeds input `s`'s live postings of `term` to the encoder, renumbered.
  private mutating func addPostings(_ term: TermInfo, of s: Int) throws(IndexError) {
    let reader = readers[s]
    var cursor = try PostingsCursor(
      sequential: reader, term: term, docs: &cursorDocs, freqs: &cursorFreqs)
    defer { cursor.returnBuffers(docs: &cursorDocs, freqs: &cursorFreqs) }
    let hasPositions = !term.positions.isEmpty
    try documentMaps[s].withUnsafeBufferPointer { (map) throws(IndexError) in
      documentPositions.removeAll(keepingCapacity: true)
      while cursor.document != PostingsCursor.end {
        let doc = Int(cursor.document)
        let mapped = map[doc]
        if mapped != SegmentMerger.deletedMark {
          if hasPositions { try cursor.positions(into: &documentPositions) }
          encoder.add(
            document: mapped, frequency: cursor.frequency, length: reader.documentLength(doc),
            positions: documentPositions, into: &termPositions)
        }
        try cursor.next()
      }
    }
  }

  /// Writes the closed dictionary blocks (header and entries) to the dictionary spill file and
  /// their term index entries, then empties `block`.
  private mutating func drainBlocks() throws(IndexError) {
    let entries = block.entries.base
    for b in block.blocks {
      TermIndexEntry.write(blockOffset: dictionary.count, key: b.firstTermKey, to: &termIndex)
      blockHeader.removeAll()
      blockHeader.writeVarInt(b.postingsBase)
      blockHeader.writeVarInt(b.positionsBase)
      blockHeader.writeVarInt(b.count)
      try dictionary.append(blockHeader.bytes)
      try dictionary.append(
        UnsafeBufferPointer(start: entries + b.entriesStart, count: b.entriesEnd - b.entriesStart))
    }
    block.blocks.removeAll(keepingCapacity: true)
    block.entries.removeAll()
  }

  /// The byte order of two terms (`TermOrder`).
  @inline(__always)
  private static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
    a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in TermOrder.compare(pa, pb) } }
  }
}

/// Two term buffers, written alternately: a stored term's bytes stay put while the next one is
/// stored (the block writer front-codes each term against the previous one).
final class TermCopies {
  private var buffers: [UnsafeMutablePointer<UInt8>] = [
    .allocate(capacity: 256), .allocate(capacity: 256),
  ]
  private var capacities = [256, 256]

  deinit { for buffer in buffers { buffer.deallocate() } }

  /// Copies `term` into buffer `slot` (0 or 1; the other one is left alone) and returns it.
  func store(_ term: [UInt8], slot: Int) -> UnsafeBufferPointer<UInt8> {
    if term.count > capacities[slot] {
      buffers[slot].deallocate()
      capacities[slot] = term.count * 2
      buffers[slot] = .allocate(capacity: capacities[slot])
    }
    let buffer = buffers[slot]
    for i in 0..<term.count { buffer[i] = term[i] }
    return UnsafeBufferPointer(start: buffer, count: term.count)
  }
}
