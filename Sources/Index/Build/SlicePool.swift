/// A byte pool holding many small, growing byte streams without one allocation per stream.
///
/// Each stream is a chain of slices whose sizes grow from 8 to 2048 bytes. This is Lucene's
/// `ByteBlockPool` idea: the inverter appends variable-length integers to millions of per-term
/// streams, most of them a few bytes long, with no per-term arrays and no reference counting.
///
/// - Memory comes in fixed 1 MiB zeroed chunks that are never moved or copied; a slice never
///   crosses a chunk, and an address is `chunk << 20 | offset` in 32 bits (4 GiB at most).
/// - A writer needs nothing but its cursor: the first of the 4 bytes that end every slice holds
///   a non-zero level marker (the rest of an unwritten slice is zero), so a writer notices the
///   end of its slice when the byte under its cursor is not zero. The 4 bytes then receive the
///   address of the next slice. Readers follow the same level sequence to know where slices end.
/// - Address 0 is reserved, so that 0 can mean "no stream". No chunk is allocated before the
///   first slice (a segment has dozens of pools, most of them small in small builds).
struct SlicePool: ~Copyable, CursorVarIntSink {
  /// log2 of the chunk size.
  static let chunkShift: UInt32 = 20
  static let chunkSize = 1 << Int(chunkShift)
  static let maxChunks = 1 << (32 - Int(chunkShift))

  /// Slice sizes by level, link included. Most terms occur once, so the first level is small.
  static let sizes: [Int] = [8, 16, 32, 64, 128, 256, 512, 1024, 2048]
  static let lastLevel = sizes.count - 1

  /// Chunk start pointers (`maxChunks` entries, the first `chunkCount` valid).
  private let chunks: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>>
  private var chunkCount = 0
  /// Next free offset in the last chunk.
  private var used = SlicePool.chunkSize

  init() {
    chunks = .allocate(capacity: SlicePool.maxChunks)
  }

  deinit {
    for i in 0..<chunkCount { SystemCalls.deallocate(chunks[i]) }
    chunks.deallocate()
  }

  /// Bytes allocated so far (for memory reports).
  var bytesUsed: Int { chunkCount == 0 ? 0 : (chunkCount - 1) * SlicePool.chunkSize + used }

  /// The byte at `address`.
  @inline(__always)
  func pointer(_ address: UInt32) -> UnsafeMutablePointer<UInt8> {
    assert(Int(address >> SlicePool.chunkShift) < chunkCount, "SlicePool: address past the chunks")
    return chunks[Int(address >> SlicePool.chunkShift)]
      + Int(address & UInt32(SlicePool.chunkSize - 1))
  }

  private mutating func addChunkUnchecked() {
    guard let raw = SystemCalls.allocateZeroed(SlicePool.chunkSize, size: 1) else {
      fatalError("out of memory")
    }
    chunks[chunkCount] = raw.assumingMemoryBound(to: UInt8.self)
    // The first chunk starts with the reserved address 0.
    used = chunkCount == 0 ? 8 : 0
    chunkCount += 1
  }

  /// Allocates a zeroed slice of `level`, with its end marker set, and returns its address.
  mutating func allocate(level: Int) throws(IndexError) -> UInt32 {
    let size = SlicePool.sizes[level]
    if used + size > SlicePool.chunkSize {
      guard chunkCount < SlicePool.maxChunks else {
        throw .tooLarge(detail: "more than 4 GiB of postings in one build segment")
      }
      addChunkUnchecked()
    }
    let address = UInt32((chunkCount - 1) << Int(SlicePool.chunkShift) + used)
    used += size
    pointer(address)[size - 4] = UInt8(level + 1)
    return address
  }

  /// Starts a new stream and returns its address (its head and first cursor).
  mutating func startStream() throws(IndexError) -> UInt32 { try allocate(level: 0) }

  /// Appends one byte at `cursor`, chaining a new slice when the current one is full.
  @inline(__always)
  mutating func append(_ byte: UInt8, at cursor: inout UInt32) throws(IndexError) {
    var p = pointer(cursor)
    if p.pointee != 0 {
      try chain(at: &cursor, marker: p.pointee)
      p = pointer(cursor)
    }
    p.pointee = byte
    cursor &+= 1
  }

  /// Allocates the next slice after the full one whose end marker is at `cursor`, links it and
  /// moves `cursor` there.
  @inline(never)
  private mutating func chain(at cursor: inout UInt32, marker: UInt8) throws(IndexError) {
    let level = min(Int(marker), SlicePool.lastLevel)
    let next = try allocate(level: level)
    let link = pointer(cursor)
    UnsafeMutableRawPointer(link).storeBytes(of: next.littleEndian, as: UInt32.self)
    cursor = next
  }

  /// Appends a LEB128 variable-length integer at `cursor`, byte by byte (the bytes come from
  /// `LEB128`; a slice can end after any of them).
  @inline(__always)
  mutating func appendVarInt(_ value: UInt64, at cursor: inout UInt32) throws(IndexError) {
    try LEB128.encode(value) { (byte) throws(IndexError) in try append(byte, at: &cursor) }
  }
}

/// Reads back a stream written into a `SlicePool`, following the slice links up to its end.
///
/// The reader holds raw pointers into the pool: the pool must outlive it and not change.
struct SliceStreamReader {
  private let chunks: UnsafePointer<UnsafeMutablePointer<UInt8>>
  /// The next byte to read, and the first byte of the current slice's link.
  private var cursor: UnsafePointer<UInt8>
  private var limit: UnsafePointer<UInt8>
  private var level: Int
  /// Where the stream ends (its writer's cursor).
  private let end: UnsafePointer<UInt8>

  /// A reader of the stream that starts at `head` and was written up to `end` (both addresses;
  /// `head == 0` is the empty stream).
  init(pool: borrowing SlicePool, head: UInt32, end: UInt32) {
    chunks = pool.chunkTable
    if head == 0 {
      // Never dereferenced: the reader is at its end.
      let p = UnsafePointer<UInt8>(bitPattern: 64)!
      cursor = p
      limit = p + 4
      self.end = p
    } else {
      cursor = UnsafePointer(pool.pointer(head))
      limit = cursor + SlicePool.sizes[0] - 4
      self.end = UnsafePointer(pool.pointer(end))
    }
    level = 0
  }

  /// Whether every byte has been read.
  @inline(__always)
  var atEnd: Bool { cursor == end }

  @inline(__always)
  mutating func readByte() -> UInt8 {
    if cursor == limit { follow() }
    assert(cursor != end, "SliceStreamReader: read past the end")
    let b = cursor.pointee
    cursor += 1
    return b
  }

  @inline(never)
  private mutating func follow() {
    let link = UInt32(
      littleEndian: UnsafeRawPointer(cursor).loadUnaligned(as: UInt32.self))
    level = min(level + 1, SlicePool.lastLevel)
    cursor = UnsafePointer(
      chunks[Int(link >> SlicePool.chunkShift)]
        + Int(link & UInt32(SlicePool.chunkSize - 1)))
    limit = cursor + SlicePool.sizes[level] - 4
  }

  /// Copies every remaining byte to `out`, a slice at a time.
  mutating func copyRest(to out: inout OutputBuffer) {
    while cursor != end {
      if cursor == limit { follow(); continue }
      // The end lies in this slice if it lies between cursor and limit.
      let stop = (end >= cursor && end < limit) ? end : limit
      out.append(UnsafeBufferPointer(start: cursor, count: stop - cursor))
      cursor = stop
    }
  }
}

extension SlicePool {
  /// The chunk table, for readers.
  fileprivate var chunkTable: UnsafePointer<UnsafeMutablePointer<UInt8>> { UnsafePointer(chunks) }
}
