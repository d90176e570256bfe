/// Encodes inverted segments and stored documents as the bytes of one index file.
///
/// The layout is specified in `FORMAT.md`. Terms are merged across segments in UTF-8 byte
/// order and documents keep their order, so the output depends only on the documents.
struct IndexSerializer {
  let documents: [Document]
  let segments: [SegmentResult]

  func serialize() throws(IndexError) -> [UInt8] {
    var sections = [ByteWriter](repeating: ByteWriter(), count: IndexFormat.sectionCount)
    var totalTokens: UInt64 = 0
    var lengths: [UInt32] = []
    lengths.reserveCapacity(documents.count)
    for segment in segments { lengths.append(contentsOf: segment.builder.documentLengths) }
    for length in lengths {
      sections[IndexFormat.Section.documentLengths.rawValue].write(length)
      totalTokens += UInt64(length)
    }
    writeStored(into: &sections)
    let termCount = try writeTerms(lengths: lengths, into: &sections)

    var file = ByteWriter()
    var total = IndexFormat.headerSize + IndexFormat.footerSize
    for s in sections { total += s.count }
    file.reserve(total)
    file.write(IndexFormat.magic)
    file.write(UInt16(IndexFormat.version))
    file.write(UInt16(0))
    file.write(UInt64(0))
    var table: [(offset: UInt64, length: UInt64, crc: UInt32)] = []
    for s in sections {
      table.append((UInt64(file.count), UInt64(s.count), CRC32.checksum(s.bytes)))
      file.write(contentsOf: s.bytes)
    }
    let footerStart = file.count
    for entry in table {
      file.write(entry.offset)
      file.write(entry.length)
      file.write(entry.crc)
    }
    file.write(UInt32(documents.count))
    file.write(UInt64(termCount))
    file.write(totalTokens)
    var crc = CRC32()
    file.bytes.withUnsafeBytes { raw in
      crc.update(UnsafeRawBufferPointer(rebasing: raw[0..<IndexFormat.headerSize]))
      crc.update(UnsafeRawBufferPointer(rebasing: raw[footerStart..<file.count]))
    }
    file.write(crc.value)
    file.write(UInt16(IndexFormat.version))
    file.write(UInt16(0))
    file.write(IndexFormat.magic)
    return file.bytes
  }

  private func writeStored(into sections: inout [ByteWriter]) {
    var offsets = ByteWriter()
    var stored = ByteWriter()
    for doc in documents {
      offsets.write(UInt64(stored.count))
      let id = Array(doc.id.utf8)
      let title = Array((doc.title ?? "").utf8)
      stored.writeVarInt(id.count)
      stored.write(contentsOf: id)
      stored.writeVarInt(title.count)
      stored.write(contentsOf: title)
      stored.write(contentsOf: doc.text.utf8)
    }
    offsets.write(UInt64(stored.count))
    sections[IndexFormat.Section.storedOffsets.rawValue] = offsets
    sections[IndexFormat.Section.stored.rawValue] = stored
  }

  /// Merges the segments' terms in byte order and writes postings, positions and dictionary.
  private func writeTerms(lengths: [UInt32], into sections: inout [ByteWriter]) throws(IndexError)
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
    var postings = ByteWriter()
    var positions = ByteWriter()
    var dictionary = ByteWriter()
    var termIndex = ByteWriter()
    var encoder = PostingsEncoder()
    var scratch = PostingsScratch()
    var block = TermBlockWriter()
    var termCount = 0
    var current: [UInt8] = []

    while true {
      // The smallest term among the segments' next terms.
      var smallest: Int? = nil
      for s in 0..<segments.count where cursors[s] < sorted[s].count {
        if let m = smallest {
          let a = Int(sorted[s][cursors[s]])
          let b = Int(sorted[m][cursors[m]])
          let less = segments[s].builder.terms.withBytes(of: a) { x in
            segments[m].builder.terms.withBytes(of: b) { y in x.lexicographicallyPrecedes(y) }
          }
          if less { smallest = s }
        } else {
          smallest = s
        }
      }
      guard let m = smallest else { break }
      let leadID = Int(sorted[m][cursors[m]])
      current = segments[m].builder.terms.withBytes(of: leadID) { Array($0) }
      scratch.removeAll()
      var hasPositions = true
      for s in 0..<segments.count where cursors[s] < sorted[s].count {
        let id = Int(sorted[s][cursors[s]])
        let same = segments[s].builder.terms.withBytes(of: id) { $0.elementsEqual(current) }
        if same {
          segments[s].builder.readPostings(of: id, documentBase: bases[s], into: &scratch)
          hasPositions = !segments[s].builder.isCharacterTerm[id]
          cursors[s] += 1
        }
      }
      let postingsStart = postings.count
      let positionsStart = positions.count
      encoder.encode(
        scratch, lengths: lengths, hasPositions: hasPositions, postings: &postings,
        positions: &positions)
      if block.count == IndexFormat.termBlockSize {
        termIndex.write(UInt64(dictionary.count))
        block.flush(into: &dictionary)
      }
      if block.count == 0 {
        block.start(postingsBase: postingsStart, positionsBase: positionsStart)
      }
      block.add(
        term: current, documentFrequency: scratch.documents.count,
        postingsLength: postings.count - postingsStart,
        positionsLength: positions.count - positionsStart)
      termCount += 1
    }
    if block.count > 0 {
      termIndex.write(UInt64(dictionary.count))
      block.flush(into: &dictionary)
    }
    sections[IndexFormat.Section.postings.rawValue] = postings
    sections[IndexFormat.Section.positions.rawValue] = positions
    sections[IndexFormat.Section.terms.rawValue] = dictionary
    sections[IndexFormat.Section.termIndex.rawValue] = termIndex
    return termCount
  }
}

/// Collects up to `IndexFormat.termBlockSize` front-coded dictionary entries.
struct TermBlockWriter {
  private var entries = ByteWriter()
  private var previous: [UInt8] = []
  private var postingsBase = 0
  private var positionsBase = 0
  private(set) var count = 0

  mutating func start(postingsBase: Int, positionsBase: Int) {
    self.postingsBase = postingsBase
    self.positionsBase = positionsBase
  }

  mutating func add(
    term: [UInt8], documentFrequency: Int, postingsLength: Int, positionsLength: Int
  ) {
    var prefix = 0
    let limit = min(term.count, previous.count)
    while prefix < limit && term[prefix] == previous[prefix] { prefix += 1 }
    entries.writeVarInt(prefix)
    entries.writeVarInt(term.count - prefix)
    entries.write(contentsOf: term[prefix...])
    entries.writeVarInt(documentFrequency)
    entries.writeVarInt(postingsLength)
    entries.writeVarInt(positionsLength)
    previous = term
    count += 1
  }

  mutating func flush(into out: inout ByteWriter) {
    out.writeVarInt(postingsBase)
    out.writeVarInt(positionsBase)
    out.writeVarInt(count)
    out.write(contentsOf: entries.bytes)
    entries.bytes.removeAll(keepingCapacity: true)
    previous.removeAll(keepingCapacity: true)
    count = 0
  }
}

/// Encodes one term's postings in blocks of `IndexFormat.postingsBlockSize` documents.
struct PostingsEncoder {
  private var blockDocs = ByteWriter()
  private var skips = ByteWriter()

  mutating func encode(
    _ p: PostingsScratch, lengths: [UInt32], hasPositions: Bool, postings: inout ByteWriter,
    positions: inout ByteWriter
  ) {
    let df = p.documents.count
    let blockSize = IndexFormat.postingsBlockSize
    let blockCount = (df + blockSize - 1) / blockSize
    blockDocs.bytes.removeAll(keepingCapacity: true)
    skips.bytes.removeAll(keepingCapacity: true)
    var maxTF: UInt32 = 0
    var minLength = UInt32.max
    var next: UInt32 = 0
    var positionIndex = 0
    var skipNext: UInt32 = 0
    for b in 0..<blockCount {
      let lower = b * blockSize
      let upper = min(df, lower + blockSize)
      let docStart = blockDocs.count
      let positionsStart = positions.count
      var blockMaxTF: UInt32 = 0
      var blockMinLength = UInt32.max
      for i in lower..<upper {
        let doc = p.documents[i]
        let tf = p.frequencies[i]
        let code = UInt64(doc - next) << 1 | (tf == 1 ? 1 : 0)
        blockDocs.writeVarInt(code)
        if tf != 1 { blockDocs.writeVarInt(tf) }
        next = doc + 1
        blockMaxTF = max(blockMaxTF, tf)
        blockMinLength = min(blockMinLength, lengths[Int(doc)])
        if hasPositions {
          var previous: UInt32 = 0
          for _ in 0..<Int(tf) {
            let position = p.positions[positionIndex]
            positions.writeVarInt(position - previous)
            previous = position
            positionIndex += 1
          }
        }
      }
      let lastDoc = p.documents[upper - 1]
      skips.writeVarInt(lastDoc - skipNext)
      skipNext = lastDoc + 1
      skips.writeVarInt(blockDocs.count - docStart)
      skips.writeVarInt(positions.count - positionsStart)
      skips.writeVarInt(blockMaxTF)
      skips.writeVarInt(blockMinLength)
      maxTF = max(maxTF, blockMaxTF)
      minLength = min(minLength, blockMinLength)
    }
    postings.writeVarInt(maxTF)
    postings.writeVarInt(minLength)
    if blockCount > 1 { postings.write(contentsOf: skips.bytes) }
    postings.write(contentsOf: blockDocs.bytes)
  }
}
