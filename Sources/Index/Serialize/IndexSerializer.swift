import Dispatch

/// Encodes inverted segments and stored documents as the bytes of one index file.
///
/// The layout is specified in `FORMAT.md`. Terms are merged across segments in UTF-8 byte
/// order and documents keep their order, so the output depends only on the documents.
///
/// Postings are encoded straight from the segments' slice streams: the doc streams already
/// hold the file's encoding (only the deltas at segment boundaries change) and the position
/// streams are copied byte for byte.
struct IndexSerializer {
  let documents: [Document]
  let segments: [SegmentResult]
  /// Threads to encode postings and compute checksums on (the bytes do not depend on it).
  var threads = 1

  func serialize() throws(IndexError) -> [UInt8] {
    var lengths: [UInt32] = []
    lengths.reserveCapacity(documents.count)
    for segment in segments { lengths.append(contentsOf: segment.documentLengths) }
    var lengthSection = OutputBuffer(capacity: lengths.count * 4)
    var totalTokens: UInt64 = 0
    for length in lengths {
      lengthSection.write(length)
      totalTokens += UInt64(length)
    }
    // The stored documents are independent of the terms: with several threads, they are
    // copied as one more work item beside the runs of terms.
    let storedSections = StoredSections()
    let storedJob = StoredJob(serializer: self, out: storedSections)
    var terms: TermSections? = nil
    if threads > 1 {
      terms = writeTerms(lengths: lengths, alongside: storedJob)
    } else {
      storedJob.run()
      terms = writeTerms(lengths: lengths, alongside: nil)
    }
    guard let terms else { fatalError("terms not written") }

    // Sections in file order (see `IndexFormat.Section`), each in one or more parts.
    let sections: [[UnsafeBufferPointer<UInt8>]] = [
      [lengthSection.bytes], [storedSections.offsets.bytes], [storedSections.stored.bytes],
      terms.postings, terms.positions,
      [terms.dictionary.bytes], [terms.termIndex.bytes],
    ]
    var sizes: [Int] = []
    for parts in sections { sizes.append(parts.reduce(0) { $0 + $1.count }) }
    let total = IndexFormat.headerSize + IndexFormat.footerSize + sizes.reduce(0, +)
    var starts: [Int] = []
    var at = IndexFormat.headerSize
    for size in sizes {
      starts.append(at)
      at += size
    }
    var head = OutputBuffer(capacity: IndexFormat.headerSize)
    head.write(IndexFormat.magic)
    head.write(UInt16(IndexFormat.version))
    head.write(UInt16(0))
    head.write(UInt64(0))
    return [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
      // Each section is copied into place and checksummed in the same pass.
      let crcs = copySections(sections, to: out.baseAddress!, at: starts)
      var foot = OutputBuffer(capacity: IndexFormat.footerSize)
      for i in 0..<sections.count {
        foot.write(UInt64(starts[i]))
        foot.write(UInt64(sizes[i]))
        foot.write(crcs[i])
      }
      foot.write(UInt32(documents.count))
      foot.write(UInt64(terms.termCount))
      foot.write(totalTokens)
      var crc = CRC32()
      crc.update(UnsafeRawBufferPointer(head.bytes))
      crc.update(UnsafeRawBufferPointer(foot.bytes))
      foot.write(crc.value)
      foot.write(UInt16(IndexFormat.version))
      foot.write(UInt16(0))
      foot.write(IndexFormat.magic)
      UnsafeMutableRawPointer(out.baseAddress!).copyMemory(
        from: head.base, byteCount: head.count)
      UnsafeMutableRawPointer(out.baseAddress! + at).copyMemory(
        from: foot.base, byteCount: foot.count)
      initialized = at + foot.count
    }
  }

  /// Copies each section's parts to `out` at its start and returns the sections' CRC-32s, the
  /// sections spread over `threads` threads.
  private func copySections(
    _ sections: [[UnsafeBufferPointer<UInt8>]], to out: UnsafeMutablePointer<UInt8>,
    at starts: [Int]
  ) -> [UInt32] {
    let job = CopyJob(
      sections: sections, out: out, starts: starts, crcs: .allocate(capacity: sections.count))
    defer { job.crcs.deallocate() }
    if threads > 1 {
      // The stored documents are the largest section: start with them.
      let order = [2, 3, 4, 0, 1, 5, 6]
      DispatchQueue.concurrentPerform(iterations: sections.count) { job.run(order[$0]) }
    } else {
      for i in 0..<sections.count { job.run(i) }
    }
    return Array(job.crcs)
  }

  /// The size of the stored section, to allocate it once.
  fileprivate func storedSize() -> Int {
    var n = 0
    for doc in documents {
      n += doc.id.utf8.count + (doc.title?.utf8.count ?? 0) + doc.text.utf8.count + 24
    }
    return n
  }

  fileprivate func writeStored(offsets: inout OutputBuffer, stored: inout OutputBuffer) {
    for doc in documents {
      let start = stored.count
      offsets.write(UInt64(start))
      var id = doc.id
      id.withUTF8 { b in
        stored.writeVarInt(b.count)
        stored.append(b)
      }
      var title = doc.title ?? ""
      title.withUTF8 { b in
        stored.writeVarInt(b.count)
        stored.append(b)
      }
      var text = doc.text
      text.withUTF8 { stored.append($0) }
      // The record's own checksum (version 6), so that reading one record verifies it.
      let record = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(stored.bytes)[start...])
      stored.write(CRC32.checksum(record))
    }
    offsets.write(UInt64(stored.count))
  }

  /// The merged term order: per term, per segment the term's `SortedTerm.ref` in it or
  /// `SortedTerm.absent` (`segments.count` entries a term).
  private func mergeTerms() -> [UInt64] {
    let k = segments.count
    if k == 1 { return segments[0].sortedTerms.map { $0.ref } }
    let sorted = segments.map { $0.sortedTerms }
    let bases = segments.map { $0.base }
    var merged: [UInt64] = []
    merged.reserveCapacity(sorted.reduce(0) { $0 + $1.count } * k)
    var cursors = [Int](repeating: 0, count: k)
    while true {
      // The smallest term among the segments' next terms.
      var smallest = -1
      for s in 0..<k where cursors[s] < sorted[s].count {
        if smallest < 0
          || SortedTerm.compare(
            sorted[s][cursors[s]], bases[s], sorted[smallest][cursors[smallest]],
            bases[smallest]) < 0
        {
          smallest = s
        }
      }
      guard smallest >= 0 else { break }
      let current = sorted[smallest][cursors[smallest]]
      for s in 0..<k {
        if cursors[s] < sorted[s].count
          && (s == smallest
            || SortedTerm.compare(sorted[s][cursors[s]], bases[s], current, bases[smallest]) == 0)
        {
          merged.append(sorted[s][cursors[s]].ref)
          cursors[s] += 1
        } else {
          merged.append(SortedTerm.absent)
        }
      }
    }
    return merged
  }

  /// Encodes the postings, positions and dictionary entries of merged terms `range` into `out`.
  fileprivate func encode(
    _ range: Range<Int>, merged: UnsafeBufferPointer<UInt64>, bases: [UInt32],
    lengths: UnsafeBufferPointer<UInt32>, into out: EncodedTerms
  ) {
    let k = segments.count
    let blobBases = segments.map { $0.base }
    let parts = UnsafeMutablePointer<BlobPart>.allocate(capacity: k)
    defer { parts.deallocate() }
    var encoder = PostingsEncoder()
    var block = TermBlockWriter()
    for t in range {
      let postingsStart = out.postings.count
      let positionsStart = out.positions.count
      // The term's blob in each segment that has it.
      var n = 0
      var term = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
      var docBytes = 0
      for s in 0..<k {
        let ref = merged[t &* k &+ s]
        if ref == SortedTerm.absent { continue }
        let length = SortedTerm.length(ref)
        let start = blobBases[s] + SortedTerm.offset(ref)
        term = UnsafeBufferPointer(start: start, count: length)
        var q = start + length
        let docCount = Int(readVarInt(&q))
        let positionCount = Int(readVarInt(&q))
        parts[n] = BlobPart(
          docs: q, docsEnd: q + docCount, positions: q + docCount, positionsCount: positionCount,
          documentBase: bases[s])
        docBytes &+= docCount
        n &+= 1
      }
      // Up to one block of documents (every entry takes a byte at least): the skips are not
      // written, so positions need not be split by document. (Either way gives the same bytes.)
      let whole = docBytes <= IndexFormat.postingsBlockSize
      encoder.start()
      for i in 0..<n {
        encoder.add(parts[i], whole: whole, lengths: lengths, positions: &out.positions)
      }
      let documentFrequency = encoder.finish(positions: &out.positions, into: &out.postings)
      if block.count == IndexFormat.termBlockSize { block.flush(into: out) }
      if block.count == 0 {
        block.start(postingsBase: postingsStart, positionsBase: positionsStart)
      }
      block.add(
        term: term, documentFrequency: documentFrequency,
        postingsLength: out.postings.count - postingsStart,
        positionsLength: out.positions.count - positionsStart, into: out)
    }
    if block.count > 0 { block.flush(into: out) }
  }

  /// Merges the segments' terms in byte order and writes postings, positions and dictionary.
  ///
  /// Terms are encoded in runs, on `threads` threads when there are several, each run with its
  /// dictionary blocks (offsets relative to the run); the runs are concatenated in order, so
  /// the bytes do not depend on the thread count.
  fileprivate func writeTerms(lengths: [UInt32], alongside stored: StoredJob?) -> TermSections {
    var bases: [UInt32] = []
    var base: UInt32 = 0
    for segment in segments {
      bases.append(base)
      base += UInt32(segment.documentCount)
    }
    let merged = mergeTerms()
    let termCount = merged.count / max(1, segments.count)
    // A multiple of the dictionary block size: runs hold whole blocks.
    let runLength = 1 << 14
    let runCount = (termCount + runLength - 1) / runLength
    let runs = (0..<runCount).map { _ in EncodedTerms() }
    merged.withUnsafeBufferPointer { merged in
      lengths.withUnsafeBufferPointer { lengths in
        let job = EncodeJob(
          serializer: self, merged: merged, lengths: lengths, bases: bases, runs: runs,
          runLength: runLength, termCount: termCount, next: RunCounter())
        if let stored {
          // Item 0 is the stored documents (the largest), then the runs.
          DispatchQueue.concurrentPerform(iterations: min(threads, runCount + 1)) { _ in
            while let i = job.next.take(below: runCount + 1) {
              if i == 0 { stored.run() } else { job.run(i - 1) }
            }
          }
        } else {
          for r in 0..<runCount { job.run(r) }
        }
      }
    }

    for segment in segments { segment.releaseTerms() }

    // The dictionary: the runs' blocks, with their offsets made absolute.
    let out = TermSections(runs: runs)
    var dictionarySize = 0
    var blockCount = 0
    for run in runs {
      dictionarySize += run.entries.count + run.blocks.count * 30
      blockCount += run.blocks.count
    }
    out.dictionary.reserve(dictionarySize)
    out.termIndex.reserve(blockCount * 16)
    var postingsOffset = 0
    var positionsOffset = 0
    for run in runs {
      let entries = run.entries.base
      for b in run.blocks {
        out.termIndex.write(UInt64(out.dictionary.count))
        out.termIndex.write(firstTermKey(entries + b.entriesStart))
        out.dictionary.writeVarInt(postingsOffset + b.postingsBase)
        out.dictionary.writeVarInt(positionsOffset + b.positionsBase)
        out.dictionary.writeVarInt(b.count)
        out.dictionary.append(
          UnsafeBufferPointer(start: entries + b.entriesStart, count: b.entriesEnd - b.entriesStart)
        )
      }
      postingsOffset += run.postings.count
      positionsOffset += run.positions.count
    }
    out.termCount = termCount
    return out
  }
}

/// The first 8 bytes (zero-padded) of the first term of a dictionary block, whose entries
/// start at `entry`, as the term index stores them (FORMAT.md, version 3).
func firstTermKey(_ entry: UnsafePointer<UInt8>) -> UInt64 {
  var p = entry
  _ = readVarInt(&p)  // the shared prefix: 0 for a block's first entry
  let length = Int(readVarInt(&p))
  var key: UInt64 = 0
  for i in 0..<8 { key = key << 8 | UInt64(i < length ? p[i] : 0) }
  // The buffer stores integers little-endian; swapped, the key lands as the term's bytes.
  return key.byteSwapped
}

/// Reads a LEB128 variable-length integer at `p` and moves `p` past it.
@inline(__always)
func readVarInt(_ p: inout UnsafePointer<UInt8>) -> UInt64 {
  var b = p.pointee
  p += 1
  if b < 0x80 { return UInt64(b) }
  var value = UInt64(b & 0x7F)
  var shift: UInt64 = 7
  repeat {
    b = p.pointee
    p += 1
    value |= UInt64(b & 0x7F) &<< shift
    shift &+= 7
  } while b >= 0x80
  return value
}

/// One segment's part of a term being encoded: its streams in the segment's blob.
struct BlobPart {
  var docs: UnsafePointer<UInt8>
  var docsEnd: UnsafePointer<UInt8>
  var positions: UnsafePointer<UInt8>
  var positionsCount: Int
  var documentBase: UInt32
}

/// One run of the postings encoding, shareable with the encoding threads (each run writes
/// only its own `EncodedTerms`; the rest is read-only while they run).
private struct EncodeJob: @unchecked Sendable {
  let serializer: IndexSerializer
  let merged: UnsafeBufferPointer<UInt64>
  let lengths: UnsafeBufferPointer<UInt32>
  let bases: [UInt32]
  let runs: [EncodedTerms]
  let runLength: Int
  let termCount: Int
  let next: RunCounter

  func run(_ r: Int) {
    let range = r * runLength..<min(termCount, (r + 1) * runLength)
    serializer.encode(range, merged: merged, bases: bases, lengths: lengths, into: runs[r])
  }
}

/// The copy and checksum of one section, shareable with the copying threads (each writes its
/// own part of `out` and its own entry of `crcs`).
private struct CopyJob: @unchecked Sendable {
  let sections: [[UnsafeBufferPointer<UInt8>]]
  let out: UnsafeMutablePointer<UInt8>
  let starts: [Int]
  let crcs: UnsafeMutableBufferPointer<UInt32>

  func run(_ i: Int) {
    var crc = CRC32()
    var at = out + starts[i]
    for part in sections[i] where part.count > 0 {
      // In pieces that stay in cache between the copy and the checksum.
      var from = 0
      while from < part.count {
        let n = min(1 << 16, part.count - from)
        at.update(from: part.baseAddress! + from, count: n)
        crc.update(UnsafeRawBufferPointer(start: at, count: n))
        at += n
        from += n
      }
    }
    crcs[i] = crc.value
  }
}

/// The stored-documents sections.
private final class StoredSections: @unchecked Sendable {
  var offsets = OutputBuffer(capacity: 64)
  var stored = OutputBuffer(capacity: 64)
}

/// Writes the stored documents; shareable with a thread (it writes only `out`).
private struct StoredJob: @unchecked Sendable {
  let serializer: IndexSerializer
  let out: StoredSections

  func run() {
    var offsets = OutputBuffer(capacity: serializer.documents.count * 8 + 8)
    var stored = OutputBuffer(capacity: serializer.storedSize())
    serializer.writeStored(offsets: &offsets, stored: &stored)
    out.offsets = offsets
    out.stored = stored
  }
}

/// Hands out run numbers to the encoding threads.
private final class RunCounter: @unchecked Sendable {
  private var next = 0
  private let lock = NSLockLike()

  func take(below count: Int) -> Int? {
    lock.withLock {
      guard next < count else { return nil }
      next += 1
      return next - 1
    }
  }
}

/// What the dictionary records of one term, besides its bytes.
struct TermMeta {
  var documentFrequency: Int
  var postingsLength: Int
  var positionsLength: Int
}

/// The postings, positions and dictionary blocks of one run of consecutive terms, encoded by
/// one thread.
final class EncodedTerms: @unchecked Sendable {
  var postings = OutputBuffer()
  var positions = OutputBuffer()
  /// The dictionary entries of the run's blocks, back to back.
  var entries = OutputBuffer()
  var blocks: [TermBlock] = []
}

/// One dictionary block of a run: its entries and where its terms start in the run.
struct TermBlock {
  var entriesStart: Int
  var entriesEnd: Int
  var count: Int
  var postingsBase: Int
  var positionsBase: Int
}

/// The four sections written from the terms; postings and positions stay in their runs, to
/// be concatenated into the file.
final class TermSections {
  let runs: [EncodedTerms]
  var dictionary = OutputBuffer(capacity: 1 << 16)
  var termIndex = OutputBuffer()
  var termCount = 0

  init(runs: [EncodedTerms]) { self.runs = runs }

  var postings: [UnsafeBufferPointer<UInt8>] { runs.map { $0.postings.bytes } }
  var positions: [UnsafeBufferPointer<UInt8>] { runs.map { $0.positions.bytes } }
}

/// Collects up to `IndexFormat.termBlockSize` front-coded dictionary entries into a run.
struct TermBlockWriter {
  private var previous = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
  private var postingsBase = 0
  private var positionsBase = 0
  private var entriesStart = 0
  private(set) var count = 0

  mutating func start(postingsBase: Int, positionsBase: Int) {
    self.postingsBase = postingsBase
    self.positionsBase = positionsBase
  }

  /// Adds a term; its bytes must stay valid until the block is flushed.
  @inline(__always)
  mutating func add(
    term: UnsafeBufferPointer<UInt8>, documentFrequency: Int, postingsLength: Int,
    positionsLength: Int, into out: EncodedTerms
  ) {
    if count == 0 { entriesStart = out.entries.count }
    var prefix = 0
    let limit = min(term.count, previous.count)
    while prefix < limit && term[prefix] == previous[prefix] { prefix += 1 }
    out.entries.reserve(term.count - prefix + 40)
    out.entries.writeVarInt(prefix)
    out.entries.writeVarInt(term.count - prefix)
    out.entries.append(UnsafeBufferPointer(rebasing: term[prefix...]))
    out.entries.writeVarInt(documentFrequency)
    out.entries.writeVarInt(postingsLength)
    out.entries.writeVarInt(positionsLength)
    previous = term
    count += 1
  }

  mutating func flush(into out: EncodedTerms) {
    out.blocks.append(
      TermBlock(
        entriesStart: entriesStart, entriesEnd: out.entries.count, count: count,
        postingsBase: postingsBase, positionsBase: positionsBase))
    previous = UnsafeBufferPointer(start: nil, count: 0)
    count = 0
  }
}

/// Encodes one term's postings in blocks of `IndexFormat.postingsBlockSize` documents.
///
/// Per term: `start()`, then `add` the term's postings of every segment in document order,
/// then `finish`. Positions go straight to the positions section; the documents of the term
/// wait in `blockDocs` until its skip data (written before them) is known.
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

  /// Adds one segment's postings of the term, with documents shifted by its base; with
  /// `whole`, the term has one block of documents at most and its positions are copied at once.
  @inline(__always)
  mutating func add(
    _ part: BlobPart, whole: Bool, lengths: UnsafeBufferPointer<UInt32>,
    positions: inout OutputBuffer
  ) {
    var p = part.docs
    var q = part.positions
    if whole {
      if inBlock == 0 { blockPositionsStart = positions.count }
      positions.append(UnsafeBufferPointer(start: q, count: part.positionsCount))
    }
    var local: UInt32 = 0
    let hasPositions = part.positionsCount > 0
    while p < part.docsEnd {
      let code = readVarInt(&p)
      let tf = code & 1 != 0 ? 1 : UInt32(truncatingIfNeeded: readVarInt(&p))
      let doc = local &+ UInt32(truncatingIfNeeded: code >> 1) &+ part.documentBase
      local = doc &- part.documentBase &+ 1
      if inBlock == 0 {
        if !whole { blockPositionsStart = positions.count }
        blockFirst = next
      }
      blockDocuments[inBlock] = doc
      blockFrequencies[inBlock] = tf
      blockDocs.writeVarInt(UInt64(doc &- next) &<< 1 | (tf == 1 ? 1 : 0))
      if tf != 1 { blockDocs.writeVarInt(tf) }
      next = doc &+ 1
      if tf > blockMaxTF { blockMaxTF = tf }
      let length = lengths[Int(doc)]
      if length < blockMinLength { blockMinLength = length }
      impacts.add(frequency: tf, length: length)
      if hasPositions && !whole {
        // The bytes of the document's `tf` positions.
        let start = q
        var remaining = tf
        while remaining > 0 {
          if q.pointee < 0x80 { remaining &-= 1 }
          q += 1
        }
        positions.append(UnsafeBufferPointer(start: start, count: q - start))
      }
      lastDocument = doc
      documentCount &+= 1
      inBlock &+= 1
      if inBlock == IndexFormat.postingsBlockSize { closeBlock(positions: &positions) }
    }
  }

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
    skips.writeVarInt(lastDocument &- skipNext)
    skipNext = lastDocument &+ 1
    skips.writeVarInt(blockDocs.count - blockDocsStart)
    skips.writeVarInt(positions.count - blockPositionsStart)
    impacts.write(into: &skips)
    maxTF = max(maxTF, blockMaxTF)
    minLength = min(minLength, blockMinLength)
    blockDocsStart = blockDocs.count
    blockMaxTF = 0
    blockMinLength = .max
    blockCount += 1
    inBlock = 0
  }

  /// Rewrites the current block's positions (varints from `blockPositionsStart`) as packed
  /// runs of 128 values and a varint tail, when they hold a full run.
  private mutating func packPositions(_ positions: inout OutputBuffer) {
    positionValues.removeAll(keepingCapacity: true)
    var p = UnsafePointer(positions.base + blockPositionsStart)
    let end = UnsafePointer(positions.base + positions.count)
    while p < end { positionValues.append(UInt32(truncatingIfNeeded: readVarInt(&p))) }
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
    // A term in one document needs no header: its entry gives both bounds (FORMAT.md).
    if documentCount > 1 {
      postings.writeVarInt(maxTF)
      postings.writeVarInt(minLength)
      if blockCount > 1 {
        postings.writeVarInt(skips.count)
        postings.append(skips.bytes)
      }
    }
    postings.append(blockDocs.bytes)
    return documentCount
  }
}
