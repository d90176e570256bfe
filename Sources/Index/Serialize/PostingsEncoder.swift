/// Encodes one term's postings in blocks of `IndexFormat.postingsBlockSize` documents.
///
/// Per term: `start()`, then `add` the term's blob of every segment in document order, then
/// `finish`. Positions go straight to the positions section; the documents of the term wait in
/// `blockDocs` until its skip entries (written before them) are known. This type is the one
/// writer of a term's postings: its header, its skip entries (one a block, with the block's
/// impacts) and its blocks (patched runs when full, else Rice codes), and of the positions'
/// packed runs and Rice-coded tails (FORMAT.md, version 10).
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
  /// The current block's documents' lengths (the Rice parameters of their positions).
  private let blockLengths = UnsafeMutablePointer<UInt32>.allocate(
    capacity: IndexFormat.postingsBlockSize)
  private let scratch = UnsafeMutablePointer<UInt32>.allocate(
    capacity: IndexFormat.postingsBlockSize)
  /// The segment's document count: the small blocks' Rice parameters depend on it.
  private var documentLimit: UInt32 = 0
  /// The first document the current block may start at (the previous block's last + 1).
  private var blockFirst: UInt32 = 0
  /// The current block's position values, to pack them.
  private var positionValues: [UInt32] = []

  deinit {
    blockDocuments.deallocate()
    blockFrequencies.deallocate()
    blockLengths.deallocate()
    scratch.deallocate()
  }

  /// Starts a new term of a segment of `limit` documents.
  mutating func start(documentLimit limit: Int) {
    documentLimit = UInt32(limit)
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
    blockLengths[inBlock] = length
    next = doc &+ 1
    if tf > blockMaxTF { blockMaxTF = tf }
    if length < blockMinLength { blockMinLength = length }
    impacts.add(frequency: tf, length: length)
  }

  /// Ends the current block: writes its documents (patched runs when it is full, else Rice
  /// and gamma codes), recodes its positions (packed runs, then Rice codes), and writes its
  /// skip entry.
  private mutating func closeBlock(positions: inout OutputBuffer) {
    if inBlock == IndexFormat.postingsBlockSize {
      BitPacking.writeBlock(
        docs: blockDocuments, freqs: blockFrequencies, first: blockFirst, scratch: scratch,
        into: &blockDocs)
    } else {
      writeRiceCodedBlock()
    }
    if positions.count > blockPositionsStart { recodePositions(&positions) }
    writeSkipEntry(positionsLength: positions.count - blockPositionsStart)
    maxTF = max(maxTF, blockMaxTF)
    minLength = min(minLength, blockMinLength)
    blockDocsStart = blockDocs.count
    blockMaxTF = 0
    blockMinLength = .max
    blockCount += 1
    inBlock = 0
  }

  /// Writes a block of fewer than 128 documents: per document its gap (Rice, the parameter
  /// from the documents the block may use and its count) and its frequency (gamma).
  private mutating func writeRiceCodedBlock() {
    let k = RiceCode.gapParameter(range: UInt64(documentLimit &- blockFirst), count: inBlock)
    var bits = BitWriter()
    var previous = blockFirst
    for i in 0..<inBlock {
      RiceCode.write(blockDocuments[i] &- previous, parameter: k, to: &bits, into: &blockDocs)
      RiceCode.writeGamma(blockFrequencies[i], to: &bits, into: &blockDocs)
      previous = blockDocuments[i] &+ 1
    }
    bits.finish(into: &blockDocs)
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
  /// of `BitPacking.runLength` values and then Rice codes: a document's first position with
  /// the parameter of its length, its later gaps minus one with that of its length over its
  /// frequency.
  private mutating func recodePositions(_ positions: inout OutputBuffer) {
    positionValues.removeAll(keepingCapacity: true)
    var p = UnsafePointer(positions.base + blockPositionsStart)
    let end = UnsafePointer(positions.base + positions.count)
    while p < end { positionValues.append(UInt32(truncatingIfNeeded: LEB128.decode(&p))) }
    let runs = positionValues.count / BitPacking.runLength
    positions.truncate(to: blockPositionsStart)
    positionValues.withUnsafeBufferPointer { values in
      for r in 0..<runs {
        BitPacking.write(
          values.baseAddress! + r * BitPacking.runLength, count: BitPacking.runLength,
          into: &positions)
      }
      // The Rice-coded tail, from the document that holds its first value.
      var v = runs * BitPacking.runLength
      var doc = 0
      var docStart = 0
      while v < values.count && docStart + Int(blockFrequencies[doc]) <= v {
        docStart += Int(blockFrequencies[doc])
        doc += 1
      }
      var bits = BitWriter()
      while v < values.count {
        let tf = blockFrequencies[doc]
        let length = blockLengths[doc]
        if v == docStart {
          RiceCode.write(
            values[v], parameter: RiceCode.firstPositionParameter(length: length), to: &bits,
            into: &positions)
        } else {
          RiceCode.write(
            values[v] &- 1,
            parameter: RiceCode.laterPositionParameter(length: length, frequency: tf),
            to: &bits, into: &positions)
        }
        v += 1
        if v == docStart + Int(tf) {
          docStart = v
          doc += 1
        }
      }
      bits.finish(into: &positions)
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
