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
    for segment in segments { lengths.append(contentsOf: segment.builder.documentLengths) }
    var lengthSection = OutputBuffer(capacity: lengths.count * 4)
    var totalTokens: UInt64 = 0
    for length in lengths {
      lengthSection.write(length)
      totalTokens += UInt64(length)
    }
    // The stored documents are independent of the terms: with several threads, one copies
    // them while the others encode postings.
    let storedSections = StoredSections()
    var terms: TermSections? = nil
    if threads > 1 {
      let job = StoredJob(serializer: self, out: storedSections)
      let termsBox = TermsBox()
      let lengths = lengths
      DispatchQueue.concurrentPerform(iterations: 2) { i in
        if i == 0 {
          job.run()
        } else {
          termsBox.value = job.serializer.writeTerms(lengths: lengths)
        }
      }
      terms = termsBox.value
    } else {
      StoredJob(serializer: self, out: storedSections).run()
      terms = writeTerms(lengths: lengths)
    }
    guard let terms else { fatalError("terms not written") }

    // Sections in file order (see `IndexFormat.Section`), each in one or more parts.
    let sections: [[UnsafeBufferPointer<UInt8>]] = [
      [lengthSection.bytes], [storedSections.offsets.bytes], [storedSections.stored.bytes], terms.postings, terms.positions,
      [terms.dictionary.bytes], [terms.termIndex.bytes],
    ]
    let crcs = checksums(sections)
    var sizes: [Int] = []
    for parts in sections { sizes.append(parts.reduce(0) { $0 + $1.count }) }
    let total = IndexFormat.headerSize + IndexFormat.footerSize + sizes.reduce(0, +)
    var head = OutputBuffer(capacity: IndexFormat.headerSize)
    head.write(IndexFormat.magic)
    head.write(UInt16(IndexFormat.version))
    head.write(UInt16(0))
    head.write(UInt64(0))
    var foot = OutputBuffer(capacity: IndexFormat.footerSize)
    var offset = UInt64(IndexFormat.headerSize)
    for (size, crc) in zip(sizes, crcs) {
      foot.write(offset)
      foot.write(UInt64(size))
      foot.write(crc)
      offset += UInt64(size)
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
    let parts = [head.bytes] + sections.flatMap { $0 } + [foot.bytes]
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

  /// The CRC-32 of each section, the sections spread over `threads` threads.
  private func checksums(_ sections: [[UnsafeBufferPointer<UInt8>]]) -> [UInt32] {
    let job = ChecksumJob(
      sections: sections, crcs: .allocate(capacity: sections.count))
    defer { job.crcs.deallocate() }
    if threads > 1 {
      // The stored documents are the largest section: start with them.
      let order = [2, 3, 4, 0, 1, 5, 6]
      DispatchQueue.concurrentPerform(iterations: sections.count) { job.run(order[$0]) }
    } else {
      for i in 0..<sections.count { job.run(i) }
    }
    let crcs = job.crcs
    return Array(crcs)
  }

  /// The size of the stored section, to allocate it once.
  fileprivate func storedSize() -> Int {
    var n = 0
    for doc in documents {
      n += doc.id.utf8.count + (doc.title?.utf8.count ?? 0) + doc.text.utf8.count + 20
    }
    return n
  }

  fileprivate func writeStored(offsets: inout OutputBuffer, stored: inout OutputBuffer) {
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

  /// The merged term order: per term, per segment the term's id in it or -1
  /// (`segments.count` entries a term).
  private func mergeTerms() -> [Int] {
    let sorted = segments.map { $0.sortedTerms }
    let k = segments.count
    if k == 1 { return sorted[0] }
    var merged: [Int] = []
    merged.reserveCapacity(sorted.reduce(0) { $0 + $1.count } * k)
    var cursors = [Int](repeating: 0, count: k)
    while true {
      // The smallest term among the segments' next terms.
      var smallest = -1
      var current = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
      for s in 0..<k where cursors[s] < sorted[s].count {
        let bytes = segments[s].builder.bytes(of: sorted[s][cursors[s]])
        if smallest < 0 || TermTable.compare(bytes, current) < 0 {
          smallest = s
          current = bytes
        }
      }
      guard smallest >= 0 else { break }
      for s in 0..<k {
        guard cursors[s] < sorted[s].count else {
          merged.append(-1)
          continue
        }
        let id = sorted[s][cursors[s]]
        if s == smallest
          || TermTable.compare(segments[s].builder.bytes(of: id), current) == 0
        {
          merged.append(id)
          cursors[s] += 1
        } else {
          merged.append(-1)
        }
      }
    }
    return merged
  }

  /// The bytes of merged term `t`.
  private func termBytes(_ t: Int, merged: UnsafeBufferPointer<Int>) -> UnsafeBufferPointer<UInt8> {
    let k = segments.count
    for s in 0..<k where merged[t * k + s] >= 0 {
      return segments[s].builder.bytes(of: merged[t * k + s])
    }
    fatalError("merged term in no segment")
  }

  /// Encodes the postings and positions of merged terms `range` into `out`.
  fileprivate func encode(
    _ range: Range<Int>, merged: UnsafeBufferPointer<Int>, bases: [UInt32],
    lengths: UnsafeBufferPointer<UInt32>, into out: EncodedTerms
  ) {
    let k = segments.count
    var encoder = PostingsEncoder()
    out.meta.reserveCapacity(range.count)
    for t in range {
      let postingsStart = out.postings.count
      let positionsStart = out.positions.count
      encoder.start()
      for s in 0..<k where merged[t * k + s] >= 0 {
        let id = merged[t * k + s]
        var reader = segments[s].builder.postings(of: id)
        let hasPositions = !segments[s].builder.isCharacterTerm(id)
        encoder.add(
          &reader, documentBase: bases[s], hasPositions: hasPositions, lengths: lengths,
          positions: &out.positions)
      }
      let documentFrequency = encoder.finish(positions: out.positions, into: &out.postings)
      out.meta.append(
        TermMeta(
          documentFrequency: documentFrequency, postingsLength: out.postings.count - postingsStart,
          positionsLength: out.positions.count - positionsStart))
    }
  }

  /// Merges the segments' terms in byte order and writes postings, positions and dictionary.
  ///
  /// Postings are encoded in runs of terms, on `threads` threads when there are several; the
  /// runs are concatenated in order, so the bytes do not depend on the thread count.
  fileprivate func writeTerms(lengths: [UInt32]) -> TermSections {
    var bases: [UInt32] = []
    var base: UInt32 = 0
    for segment in segments {
      bases.append(base)
      base += UInt32(segment.builder.documentCount)
    }
    let merged = mergeTerms()
    let termCount = merged.count / max(1, segments.count)
    let runLength = 1 << 14
    let runCount = (termCount + runLength - 1) / runLength
    let runs = (0..<runCount).map { _ in EncodedTerms() }
    merged.withUnsafeBufferPointer { merged in
      lengths.withUnsafeBufferPointer { lengths in
        let job = EncodeJob(
          serializer: self, merged: merged, lengths: lengths, bases: bases, runs: runs,
          runLength: runLength, termCount: termCount, next: RunCounter())
        if threads > 1 && runCount > 1 {
          DispatchQueue.concurrentPerform(iterations: min(threads, runCount)) { _ in
            while let r = job.next.take(below: runCount) { job.run(r) }
          }
        } else {
          for r in 0..<runCount { job.run(r) }
        }
      }
    }

    // The dictionary, with the runs' offsets made absolute.
    let out = TermSections(runs: runs)
    var block = TermBlockWriter()
    var postingsOffset = 0
    var positionsOffset = 0
    merged.withUnsafeBufferPointer { merged in
      var t = 0
      for run in runs {
        for meta in run.meta {
          if block.count == IndexFormat.termBlockSize {
            out.termIndex.write(UInt64(out.dictionary.count))
            block.flush(into: &out.dictionary)
          }
          if block.count == 0 {
            block.start(postingsBase: postingsOffset, positionsBase: positionsOffset)
          }
          block.add(
            term: termBytes(t, merged: merged), documentFrequency: meta.documentFrequency,
            postingsLength: meta.postingsLength, positionsLength: meta.positionsLength)
          postingsOffset += meta.postingsLength
          positionsOffset += meta.positionsLength
          t += 1
        }
      }
    }
    if block.count > 0 {
      out.termIndex.write(UInt64(out.dictionary.count))
      block.flush(into: &out.dictionary)
    }
    out.termCount = termCount
    return out
  }
}

/// One run of the postings encoding, shareable with the encoding threads (each run writes
/// only its own `EncodedTerms`; the rest is read-only while they run).
private struct EncodeJob: @unchecked Sendable {
  let serializer: IndexSerializer
  let merged: UnsafeBufferPointer<Int>
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

/// The checksum of one section, shareable with the checksum threads (each writes its own
/// entry of `crcs`).
private struct ChecksumJob: @unchecked Sendable {
  let sections: [[UnsafeBufferPointer<UInt8>]]
  let crcs: UnsafeMutableBufferPointer<UInt32>

  func run(_ i: Int) {
    var crc = CRC32()
    for part in sections[i] { crc.update(UnsafeRawBufferPointer(part)) }
    crcs[i] = crc.value
  }
}

/// The stored-documents sections.
private final class StoredSections: @unchecked Sendable {
  var offsets = OutputBuffer(capacity: 64)
  var stored = OutputBuffer(capacity: 64)
}

/// The term sections, handed back by the thread that wrote them.
private final class TermsBox: @unchecked Sendable {
  var value: TermSections? = nil
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

/// The postings and positions of one run of consecutive terms, encoded by one thread.
final class EncodedTerms: @unchecked Sendable {
  var postings = OutputBuffer()
  var positions = OutputBuffer()
  var meta: [TermMeta] = []
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
