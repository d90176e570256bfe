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

  func serialize() throws(IndexError) -> [UInt8] {
    var lengths: [UInt32] = []
    lengths.reserveCapacity(documents.count)
    for segment in segments { lengths.append(contentsOf: segment.builder.documentLengths) }
    var lengthSection = OutputBuffer(capacity: lengths.count * 4)
    var totalTokens: UInt64 = 0
    for length in lengths {
      lengthSection.write(length)
      totalTokens += UInt64(length)
    }
    var offsets = OutputBuffer(capacity: documents.count * 8 + 8)
    var stored = OutputBuffer(capacity: storedSize())
    writeStored(offsets: &offsets, stored: &stored)
    var terms = TermSections(estimate: segments.reduce(0) { $0 + $1.builder.pool.bytesUsed })
    let termCount = lengths.withUnsafeBufferPointer { writeTerms(lengths: $0, into: &terms) }

    // Sections in file order (see `IndexFormat.Section`).
    let sections = [
      lengthSection.bytes, offsets.bytes, stored.bytes, terms.postings.bytes,
      terms.positions.bytes, terms.dictionary.bytes, terms.termIndex.bytes,
    ]
    let crcs = sections.map { CRC32.checksum(UnsafeRawBufferPointer($0)) }
    var total = IndexFormat.headerSize + IndexFormat.footerSize
    for s in sections { total += s.count }
    var head = OutputBuffer(capacity: IndexFormat.headerSize)
    head.write(IndexFormat.magic)
    head.write(UInt16(IndexFormat.version))
    head.write(UInt16(0))
    head.write(UInt64(0))
    var foot = OutputBuffer(capacity: IndexFormat.footerSize)
    var offset = UInt64(IndexFormat.headerSize)
    for (s, crc) in zip(sections, crcs) {
      foot.write(offset)
      foot.write(UInt64(s.count))
      foot.write(crc)
      offset += UInt64(s.count)
    }
    foot.write(UInt32(documents.count))
    foot.write(UInt64(termCount))
    foot.write(totalTokens)
    var crc = CRC32()
    crc.update(UnsafeRawBufferPointer(head.bytes))
    crc.update(UnsafeRawBufferPointer(foot.bytes))
    foot.write(crc.value)
    foot.write(UInt16(IndexFormat.version))
    foot.write(UInt16(0))
    foot.write(IndexFormat.magic)
    let parts = [head.bytes] + sections + [foot.bytes]
    return [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
      var at = 0
      for part in parts where part.count > 0 {
        UnsafeMutableRawPointer(out.baseAddress! + at).copyMemory(
          from: part.baseAddress!, byteCount: part.count)
        at += part.count
      }
      initialized = at
    }
  }

  /// The size of the stored section, to allocate it once.
  private func storedSize() -> Int {
    var n = 0
    for doc in documents {
      n += doc.id.utf8.count + (doc.title?.utf8.count ?? 0) + doc.text.utf8.count + 20
    }
    return n
  }

  private func writeStored(offsets: inout OutputBuffer, stored: inout OutputBuffer) {
    for doc in documents {
      offsets.write(UInt64(stored.count))
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
    }
    offsets.write(UInt64(stored.count))
  }

  /// Merges the segments' terms in byte order and writes postings, positions and dictionary.
  private func writeTerms(lengths: UnsafeBufferPointer<UInt32>, into out: inout TermSections)
    -> Int
  {
    let sorted = segments.map { $0.builder.terms.sortedIDs() }
    var bases: [UInt32] = []
    var base: UInt32 = 0
    for segment in segments {
      bases.append(base)
      base += UInt32(segment.builder.documentCount)
    }
    var cursors = [Int](repeating: 0, count: segments.count)
    /// Per segment: the id of the current term in it, or -1.
    var matched = [Int](repeating: -1, count: segments.count)
    var encoder = PostingsEncoder()
    var block = TermBlockWriter()
    var termCount = 0

    while true {
      // The smallest term among the segments' next terms.
      var smallest = -1
      var current = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
      for s in 0..<segments.count where cursors[s] < sorted[s].count {
        let bytes = segments[s].builder.terms.bytes(of: Int(sorted[s][cursors[s]]))
        if smallest < 0 || TermTable.compare(bytes, current) < 0 {
          smallest = s
          current = bytes
        }
      }
      guard smallest >= 0 else { break }
      for s in 0..<segments.count {
        matched[s] = -1
        guard cursors[s] < sorted[s].count else { continue }
        let id = Int(sorted[s][cursors[s]])
        if s == smallest
          || TermTable.compare(segments[s].builder.terms.bytes(of: id), current) == 0
        {
          matched[s] = id
          cursors[s] += 1
        }
      }
      let postingsStart = out.postings.count
      let positionsStart = out.positions.count
      encoder.start()
      for s in 0..<segments.count where matched[s] >= 0 {
        var reader = segments[s].builder.postings(of: matched[s])
        let hasPositions = !segments[s].builder.isCharacterTerm(matched[s])
        encoder.add(
          &reader, documentBase: bases[s], hasPositions: hasPositions,
          lengths: lengths, positions: &out.positions)
      }
      let documentFrequency = encoder.finish(positions: out.positions, into: &out.postings)
      if block.count == IndexFormat.termBlockSize {
        out.termIndex.write(UInt64(out.dictionary.count))
        block.flush(into: &out.dictionary)
      }
      if block.count == 0 {
        block.start(postingsBase: postingsStart, positionsBase: positionsStart)
      }
      block.add(
        term: current, documentFrequency: documentFrequency,
        postingsLength: out.postings.count - postingsStart,
        positionsLength: out.positions.count - positionsStart)
      termCount += 1
    }
    if block.count > 0 {
      out.termIndex.write(UInt64(out.dictionary.count))
      block.flush(into: &out.dictionary)
    }
    return termCount
  }
}

/// The four sections written from the terms.
struct TermSections: ~Copyable {
  var postings: OutputBuffer
  var positions: OutputBuffer
  var dictionary: OutputBuffer
  var termIndex = OutputBuffer()

  /// Buffers sized for segments whose pools hold `estimate` bytes.
  init(estimate: Int) {
    postings = OutputBuffer(capacity: estimate / 2)
    positions = OutputBuffer(capacity: estimate / 2)
    dictionary = OutputBuffer(capacity: estimate / 8)
  }
}

/// Collects up to `IndexFormat.termBlockSize` front-coded dictionary entries.
struct TermBlockWriter: ~Copyable {
  private var entries = OutputBuffer()
  private var previous = OutputBuffer(capacity: 256)
  private var postingsBase = 0
  private var positionsBase = 0
  private(set) var count = 0

  mutating func start(postingsBase: Int, positionsBase: Int) {
    self.postingsBase = postingsBase
    self.positionsBase = positionsBase
  }

  mutating func add(
    term: UnsafeBufferPointer<UInt8>, documentFrequency: Int, postingsLength: Int,
    positionsLength: Int
  ) {
    var prefix = 0
    let last = previous.bytes
    let limit = min(term.count, last.count)
    while prefix < limit && term[prefix] == last[prefix] { prefix += 1 }
    entries.writeVarInt(prefix)
    entries.writeVarInt(term.count - prefix)
    entries.append(UnsafeBufferPointer(rebasing: term[prefix...]))
    entries.writeVarInt(documentFrequency)
    entries.writeVarInt(postingsLength)
    entries.writeVarInt(positionsLength)
    previous.removeAll()
    previous.append(term)
    count += 1
  }

  mutating func flush(into out: inout OutputBuffer) {
    out.writeVarInt(postingsBase)
    out.writeVarInt(positionsBase)
    out.writeVarInt(count)
    out.append(entries.bytes)
    entries.removeAll()
    previous.removeAll()
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

  /// Adds one segment's postings of the term, with documents shifted by `documentBase`.
  mutating func add(
    _ reader: inout TermPostingsReader, documentBase: UInt32, hasPositions: Bool,
    lengths: UnsafeBufferPointer<UInt32>, positions: inout OutputBuffer
  ) {
    var local: UInt32 = 0
    var tf: UInt32 = 0
    while reader.next(&local, &tf) {
      let doc = local &+ documentBase
      if inBlock == 0 { blockPositionsStart = positions.count }
      blockDocs.writeVarInt(UInt64(doc &- next) &<< 1 | (tf == 1 ? 1 : 0))
      if tf != 1 { blockDocs.writeVarInt(tf) }
      next = doc &+ 1
      if tf > blockMaxTF { blockMaxTF = tf }
      let length = lengths[Int(doc)]
      if length < blockMinLength { blockMinLength = length }
      if hasPositions { reader.positions.copyVarInts(Int(tf), to: &positions) }
      lastDocument = doc
      documentCount &+= 1
      inBlock &+= 1
      if inBlock == IndexFormat.postingsBlockSize { closeBlock(positionsCount: positions.count) }
    }
  }

  private mutating func closeBlock(positionsCount: Int) {
    skips.writeVarInt(lastDocument &- skipNext)
    skipNext = lastDocument &+ 1
    skips.writeVarInt(blockDocs.count - blockDocsStart)
    skips.writeVarInt(positionsCount - blockPositionsStart)
    skips.writeVarInt(blockMaxTF)
    skips.writeVarInt(blockMinLength)
    maxTF = max(maxTF, blockMaxTF)
    minLength = min(minLength, blockMinLength)
    blockDocsStart = blockDocs.count
    blockMaxTF = 0
    blockMinLength = .max
    blockCount += 1
    inBlock = 0
  }

  /// Writes the term's postings (header, skips, documents) and returns its document frequency.
  mutating func finish(positions: borrowing OutputBuffer, into postings: inout OutputBuffer)
    -> Int
  {
    if inBlock > 0 { closeBlock(positionsCount: positions.count) }
    postings.writeVarInt(maxTF)
    postings.writeVarInt(minLength)
    if blockCount > 1 { postings.append(skips.bytes) }
    postings.append(blockDocs.bytes)
    return documentCount
  }
}
