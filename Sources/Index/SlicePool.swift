/// A byte pool holding many small, growing byte streams without one allocation per stream.
///
/// Each stream is a chain of slices whose sizes grow from 16 to 2048 bytes; the last 4 bytes of
/// every slice hold the offset of the next one. This is Lucene's `ByteBlockPool` idea: the
/// inverter appends variable-length integers to millions of per-term streams, most of them a few
/// bytes long, with no per-term arrays and no reference counting.
struct SlicePool: ~Copyable {
  private(set) var base: UnsafeMutablePointer<UInt8>
  private(set) var capacity: Int
  private(set) var used: Int = 0

  /// Slice sizes by level, link included.
  static let sizes: [Int] = [16, 32, 64, 128, 256, 512, 1024, 2048]

  init() {
    capacity = 1 << 20
    base = .allocate(capacity: capacity)
  }

  deinit { base.deallocate() }

  /// Bytes allocated so far (for memory reports).
  var bytesUsed: Int { used }

  /// Allocates a slice of `level` and returns its start offset.
  mutating func allocate(level: Int) throws(IndexError) -> Int {
    let size = SlicePool.sizes[level]
    if used + size > capacity {
      var newCapacity = capacity * 2
      while used + size > newCapacity { newCapacity *= 2 }
      guard newCapacity <= Int(UInt32.max) else {
        throw .tooLarge(detail: "more than 4 GiB of postings in one build segment")
      }
      let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
      fresh.update(from: base, count: used)
      base.deallocate()
      base = fresh
      capacity = newCapacity
    }
    let start = used
    used += size
    return start
  }
}

/// Where one stream in a `SlicePool` is being written.
struct SliceStream {
  /// Offset of the first slice (where reading starts).
  var head: UInt32
  /// Offset of the next byte to write.
  var cursor: UInt32
  /// Offset of the current slice's 4-byte link (writing stops there).
  var limit: UInt32
  /// Level of the current slice.
  var level: UInt8

  static let empty = SliceStream(head: 0, cursor: 0, limit: 0, level: 0)

  /// Starts a stream in a fresh level-0 slice.
  static func start(in pool: inout SlicePool) throws(IndexError) -> SliceStream {
    let start = try pool.allocate(level: 0)
    return SliceStream(
      head: UInt32(start), cursor: UInt32(start),
      limit: UInt32(start + SlicePool.sizes[0] - 4), level: 0)
  }

  /// Appends one byte, chaining a new slice when the current one is full.
  @inline(__always)
  mutating func append(_ byte: UInt8, in pool: inout SlicePool) throws(IndexError) {
    if cursor == limit {
      let nextLevel = min(Int(level) + 1, SlicePool.sizes.count - 1)
      let next = try pool.allocate(level: nextLevel)
      let link = UInt32(next).littleEndian
      withUnsafeBytes(of: link) { raw in
        (pool.base + Int(limit)).update(from: raw.bindMemory(to: UInt8.self).baseAddress!, count: 4)
      }
      level = UInt8(nextLevel)
      cursor = UInt32(next)
      limit = UInt32(next + SlicePool.sizes[nextLevel] - 4)
    }
    pool.base[Int(cursor)] = byte
    cursor &+= 1
  }

  /// Appends a LEB128 variable-length integer.
  @inline(__always)
  mutating func appendVarInt(_ value: UInt32, in pool: inout SlicePool) throws(IndexError) {
    var v = value
    while v >= 0x80 {
      try append(UInt8(truncatingIfNeeded: v) | 0x80, in: &pool)
      v >>= 7
    }
    try append(UInt8(truncatingIfNeeded: v), in: &pool)
  }
}

/// Reads back a stream written with `SliceStream`, following the slice links.
struct SliceStreamReader {
  let base: UnsafePointer<UInt8>
  var cursor: Int
  var limit: Int
  var level: Int

  init(pool: borrowing SlicePool, stream: SliceStream) {
    base = UnsafePointer(pool.base)
    cursor = Int(stream.head)
    level = 0
    limit = cursor + SlicePool.sizes[0] - 4
  }

  @inline(__always)
  mutating func readByte() -> UInt8 {
    if cursor == limit {
      var link: UInt32 = 0
      withUnsafeMutableBytes(of: &link) { raw in
        raw.copyMemory(from: UnsafeRawBufferPointer(start: base + limit, count: 4))
      }
      level = min(level + 1, SlicePool.sizes.count - 1)
      cursor = Int(UInt32(littleEndian: link))
      limit = cursor + SlicePool.sizes[level] - 4
    }
    let b = base[cursor]
    cursor &+= 1
    return b
  }

  @inline(__always)
  mutating func readVarInt() -> UInt32 {
    var value: UInt32 = 0
    var shift: UInt32 = 0
    while true {
      let b = readByte()
      value |= UInt32(b & 0x7F) &<< shift
      if b < 0x80 { return value }
      shift &+= 7
    }
  }
}
