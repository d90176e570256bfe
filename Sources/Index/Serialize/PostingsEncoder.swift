/// Encodes one term's postings in blocks of `IndexFormat.postingsBlockSize` documents.
///
/// Per term: `start()`, then `add` the term's blob of every segment in document order, then
/// `finish`. Positions go straight to the positions section; the documents of the term wait in
/// `blockDocs` until its skip entries (written before them) are known. This type is the one
/// writer of a term's postings: its header, its skip entries (one a block, with the block's
/// impacts) and its blocks (postings entries, or bit-packed when full), and of the positions'
/// packed runs.
struct PostingsEncoder: ~Copyable {
  private var blockDocs = OutputBuffer()
  private var skips = OutputBuffer()
  private var next: UInt32 = 0
  private var skipNext: UInt32 = 0
  private var documentCount = 0
  private var blockCount = 0
  private var inBlock = 0
  private var lastDocument: UInt32 = 0
  private var blockDocsStart = 0
  private var blockPositionsStart = 0
  private var blockMaxTF: UInt32 = 0
  private var blockMinLength = UInt32.max
  private var maxTF: UInt32 = 0
  private var minLength = UInt32.max
  private var impacts = BlockImpacts()
  /// The current block's documents and frequencies (for packing a full block).
  private let blockDocuments = UnsafeMutablePointer<UInt32>.allocate(
    capacity: IndexFormat.postingsBlockSize)
  private let blockFrequencies = UnsafeMutablePointer<UInt32>.allocate(
    capacity: IndexFormat.postingsBlockSize)
  private let scratch = UnsafeMutablePointer<UInt32>.allocate(
    capacity: IndexFormat.postingsBlockSize)
  /// The first document the current block may start at (the previous block's last + 1).
  private var blockFirst: UInt32 = 0
  /// The current block's position values, to pack them.
  private var positionValues: [UInt32] = []

  deinit {
    blockDocuments.deallocate()
    blockFrequencies.deallocate()
    scratch.deallocate()
  }

  /// Starts a new term.
  mutating func start() {
    blockDocs.removeAll()
    skips.removeAll()
    next = 0
    skipNext = 0
    documentCount = 0
    blockCount = 0
    inBlock = 0
    blockMaxTF = 0
    blockMinLength = .max
    maxTF = 0
    minLength = .max
    blockDocsStart = 0
    blockPositionsStart = -1
  }

  /// Adds one segment's postings of the term, with documents shifted by `documentBase`; with
  /// `whole`, the term has one block of documents at most and its positions are copied at once.
  @inline(__always)
  mutating func add(
    _ blob: TermBlob, documentBase: UInt32, whole: Bool, lengths: UnsafeBufferPointer<UInt32>,
    positions: inout OutputBuffer
  ) {
    var p = blob.docs
    var q = blob.positions
    let positionsEnd = blob.positions + blob.positionsCount
    if whole {
      if inBlock == 0 { blockPositionsStart = positions.count }
      positions.append(UnsafeBufferPointer(start: q, count: blob.positionsCount))
    }
    var local: UInt32 = 0
    let hasPositions = blob.positionsCount > 0
    while p < blob.docsEnd {
      let entry = PostingsEntry.decode(&p)
      assert(p <= blob.docsEnd, "PostingsEncoder: entry past the doc stream")
      let tf = UInt32(truncatingIfNeeded: entry.frequency)
      let doc = local &+ UInt32(truncatingIfNeeded: entry.delta) &+ documentBase
      local = doc &- documentBase &+ 1
      if inBlock == 0 {
        if !whole { blockPositionsStart = positions.count }
        blockFirst = next
      }
      record(document: doc, frequency: tf, length: lengths[Int(doc)])
      if hasPositions && !whole {
        // The bytes of the document's `tf` positions.
        let start = q
        LEB128.skip(tf, at: &q, end: positionsEnd)
        positions.append(UnsafeBufferPointer(start: start, count: q - start))
      }
      lastDocument = doc
      documentCount &+= 1
      inBlock &+= 1
      if inBlock == IndexFormat.postingsBlockSize { closeBlock(positions: &positions) }
    }
  }

  /// Adds one decoded posting of the term: document `doc` (after the previous one), its
  /// frequency, its length and its positions (increasing; empty for a character term), for a
  /// writer that re-encodes postings read from a file (`SegmentMerger`) rather than from the
  /// build's blobs. Gives the bytes `add(_:documentBase:whole:lengths:positions:)` gives.
  @inline(__always)
  mutating func add(
    document doc: UInt32, frequency tf: UInt32, length: UInt32,
    positions documentPositions: [UInt32], into positions: inout OutputBuffer
  ) {
    if inBlock == 0 {
      blockPositionsStart = positions.count
      blockFirst = next
    }
    record(document: doc, frequency: tf, length: length)
    var previous: UInt32 = 0
    for position in documentPositions {
      positions.writeVarInt(position &- previous)
      previous = position
    }
    lastDocument = doc
    documentCount &+= 1
    inBlock &+= 1
    if inBlock == IndexFormat.postingsBlockSize { closeBlock(positions: &positions) }
  }

  /// Records one posting in the current block: its entry, its place for packing, and the
  /// block's bounds and impacts (the one copy of this step for both `add`s).
  @inline(__always)
  private mutating func record(document doc: UInt32, frequency tf: UInt32, length: UInt32) {
    assert(inBlock < IndexFormat.postingsBlockSize, "PostingsEncoder: block overfull")
    blockDocuments[inBlock] = doc
    blockFrequencies[inBlock] = tf
    PostingsEntry.write(delta: UInt64(doc &- next), frequency: tf, to: &blockDocs)
    next = doc &+ 1
    if tf > blockMaxTF { blockMaxTF = tf }
    if length < blockMinLength { blockMinLength = length }
    impacts.add(frequency: tf, length: length)
  }

  /// Ends the current block: packs it if it is full, packs its positions if they hold a run,
  /// and writes its skip entry.
  private mutating func closeBlock(positions: inout OutputBuffer) {
    if inBlock == IndexFormat.postingsBlockSize {
      // A full block is bit-packed (FORMAT.md, version 5).
      blockDocs.truncate(to: blockDocsStart)
      BitPacking.writeBlock(
        docs: blockDocuments, freqs: blockFrequencies, first: blockFirst, scratch: scratch,
        into: &blockDocs)
    }
    if positions.count - blockPositionsStart >= BitPacking.runLength {
      packPositions(&positions)
    }
    writeSkipEntry(positionsLength: positions.count - blockPositionsStart)
    maxTF = max(maxTF, blockMaxTF)
    minLength = min(minLength, blockMinLength)
    blockDocsStart = blockDocs.count
    blockMaxTF = 0
    blockMinLength = .max
    blockCount += 1
    inBlock = 0
  }

  /// Writes the current block's skip entry: its last document (as the delta from the previous
  /// block's last + 1), the byte lengths of its documents and positions (LEB128), and its
  /// impacts (version 4), so that a cursor can step over the block or bound its scores.
  private mutating func writeSkipEntry(positionsLength: Int) {
    skips.writeVarInt(lastDocument &- skipNext)
    skipNext = lastDocument &+ 1
    skips.writeVarInt(blockDocs.count - blockDocsStart)
    skips.writeVarInt(positionsLength)
    impacts.write(into: &skips)
  }

  /// Rewrites the current block's positions (LEB128 from `blockPositionsStart`) as packed runs
  /// of `BitPacking.runLength` values and a LEB128 tail, when they hold a full run.
  private mutating func packPositions(_ positions: inout OutputBuffer) {
    positionValues.removeAll(keepingCapacity: true)
    var p = UnsafePointer(positions.base + blockPositionsStart)
    let end = UnsafePointer(positions.base + positions.count)
    while p < end { positionValues.append(UInt32(truncatingIfNeeded: LEB128.decode(&p))) }
    let runs = positionValues.count / BitPacking.runLength
    guard runs > 0 else { return }
    positions.truncate(to: blockPositionsStart)
    positionValues.withUnsafeBufferPointer { values in
      for r in 0..<runs {
        BitPacking.write(
          values.baseAddress! + r * BitPacking.runLength, count: BitPacking.runLength,
          into: &positions)
      }
      for i in runs * BitPacking.runLength..<values.count { positions.writeVarInt(values[i]) }
    }
  }

  /// Writes the term's postings (header, skips, documents) and returns its document frequency.
  mutating func finish(positions: inout OutputBuffer, into postings: inout OutputBuffer)
    -> Int
  {
    if inBlock > 0 { closeBlock(positions: &positions) }
    writeHeader(into: &postings)
    postings.append(blockDocs.bytes)
    return documentCount
  }

  /// Writes the term's postings header: its largest frequency and shortest document length
  /// (the term's score bound), then, with several blocks, the skip entries' byte length and
  /// the entries. A term in one document needs no header: its entry gives both bounds
  /// (FORMAT.md, version 3).
  private func writeHeader(into postings: inout OutputBuffer) {
    guard documentCount > 1 else { return }
    postings.writeVarInt(maxTF)
    postings.writeVarInt(minLength)
    if blockCount > 1 {
      postings.writeVarInt(skips.count)
      postings.append(skips.bytes)
    }
  }
}
