/// Reads the front-coded entries of one term dictionary block, checking every field.
///
/// Lookups and full scans both walk blocks entry by entry; this is the one place that knows
/// the entry layout (FORMAT.md: `TermBlock`, `TermEntry`) and the bounds each field must keep.
struct TermBlockReader {
  /// One entry: the bytes it shares with the previous term, its own suffix and its postings.
  struct Entry {
    var prefix: Int
    var suffix: UnsafeRawBufferPointer
    var info: TermInfo
  }

  /// The number of entries in the block.
  let count: Int
  private var reader: ByteReader
  private var postingsStart: Int
  private var positionsStart: Int
  private let postings: SegmentReader.SectionInfo
  private let positions: SegmentReader.SectionInfo
  private let documentCount: Int

  init(_ index: SegmentReader, block: Int) throws(IndexError) {
    let terms = index.info(.terms)
    postings = index.info(.postings)
    positions = index.info(.positions)
    documentCount = index.documentCount
    let end =
      block + 1 < index.termBlockCount
      ? try index.blockOffset(block + 1) : terms.offset + terms.length
    reader = ByteReader(
      index.bytes, from: try index.blockOffset(block), to: end, section: "term dictionary")
    postingsStart = try reader.readVarInt(max: postings.length)
    positionsStart = try reader.readVarInt(max: positions.length)
    count = try reader.readVarInt(max: IndexFormat.termBlockSize)
  }

  /// Reads the next entry; its shared prefix may not exceed `maxPrefix` (the previous term's
  /// length, 0 for the first entry).
  mutating func next(maxPrefix: Int) throws(IndexError) -> Entry {
    try entry(prefix: try reader.readVarInt(max: maxPrefix))
  }

  /// Reads the block's first entry, which must share nothing (it holds its whole term);
  /// `block` names the block in the error.
  mutating func first(ofBlock block: Int) throws(IndexError) -> Entry {
    guard try reader.readVarInt() == 0 else {
      throw .corrupt(
        section: "term dictionary", detail: "block \(block) starts with a shared prefix")
    }
    return try entry(prefix: 0)
  }

  /// Reads the rest of an entry whose shared prefix, `prefix`, has been read.
  @inline(__always)
  private mutating func entry(prefix: Int) throws(IndexError) -> Entry {
    let suffixLength = try reader.readVarInt(max: 1 << 16)
    let suffix = try reader.readBytes(suffixLength)
    let df = try reader.readVarInt(max: documentCount)
    let postingsLength = try reader.readVarInt(max: postings.length - postingsStart)
    let positionsLength = try reader.readVarInt(max: positions.length - positionsStart)
    guard df > 0 else {
      throw .corrupt(section: "term dictionary", detail: "a term with no documents")
    }
    let info = TermInfo(
      documentFrequency: df,
      postings: postings.offset + postingsStart..<postings.offset + postingsStart
        + postingsLength,
      positions: positions.offset + positionsStart..<positions.offset + positionsStart
        + positionsLength)
    postingsStart += postingsLength
    positionsStart += positionsLength
    return Entry(prefix: prefix, suffix: suffix, info: info)
  }
}
