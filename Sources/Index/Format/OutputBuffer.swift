/// A growable byte buffer for the hot paths of serialization: appends without per-byte
/// capacity or uniqueness checks (capacity is checked once per value).
///
/// It grows with `realloc`, which on Linux moves large buffers by remapping pages, not copying.
struct OutputBuffer: ~Copyable, VarIntSink {
  private(set) var base: UnsafeMutablePointer<UInt8>
  private(set) var capacity: Int
  private(set) var count = 0

  init(capacity: Int = 4096) {
    self.capacity = max(capacity, 64)
    guard let raw = SystemCalls.allocate(bytes: self.capacity) else { fatalError("out of memory") }
    base = raw.assumingMemoryBound(to: UInt8.self)
  }

  deinit { SystemCalls.deallocate(base) }

  /// The bytes written so far; valid until the next write.
  var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

  mutating func removeAll() { count = 0 }

  /// Drops the bytes from `newCount` on (to rewrite them).
  mutating func truncate(to newCount: Int) {
    precondition(newCount >= 0 && newCount <= count)
    count = newCount
  }

  /// Frees the memory and leaves the buffer empty.
  mutating func release() {
    SystemCalls.deallocate(base)
    capacity = 64
    guard let raw = SystemCalls.allocate(bytes: capacity) else { fatalError("out of memory") }
    base = raw.assumingMemoryBound(to: UInt8.self)
    count = 0
  }

  /// Makes room for `n` more bytes.
  @inline(__always)
  mutating func reserve(_ n: Int) {
    if count &+ n > capacity { grow(to: count + n) }
  }

  @inline(never)
  private mutating func grow(to needed: Int) {
    var c = capacity * 2
    while c < needed { c *= 2 }
    guard let raw = SystemCalls.reallocate(base, bytes: c) else { fatalError("out of memory") }
    base = raw.assumingMemoryBound(to: UInt8.self)
    capacity = c
  }

  @inline(__always)
  mutating func append(_ byte: UInt8) {
    reserve(1)
    assert(count < capacity)
    base[count] = byte
    count &+= 1
  }

  mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
    guard buffer.count > 0 else { return }
    reserve(buffer.count)
    assert(count + buffer.count <= capacity)
    (base + count).update(from: buffer.baseAddress!, count: buffer.count)
    count &+= buffer.count
  }

  /// Appends `n` bytes for the caller to fill in (before anything reads them), for copies
  /// that several threads make into one buffer; returns where they start.
  mutating func extend(by n: Int) -> UnsafeMutablePointer<UInt8> {
    precondition(n >= 0)
    reserve(n)
    let start = base + count
    count &+= n
    return start
  }

  mutating func append(_ buffer: UnsafeRawBufferPointer) {
    append(buffer.bindMemory(to: UInt8.self))
  }

  /// Appends a LEB128 variable-length integer (see `LEB128`).
  @inline(__always)
  mutating func writeVarInt(_ value: UInt64) {
    reserve(LEB128.maxEncodedLength)
    assert(count + LEB128.maxEncodedLength <= capacity)
    count &+= LEB128.encode(value, to: base + count)
  }

  @inline(__always)
  mutating func writeVarInt(_ value: UInt32) { writeVarInt(UInt64(value)) }

  @inline(__always)
  mutating func writeVarInt(_ value: Int) { writeVarInt(UInt64(value)) }

  /// Appends a little-endian fixed-width integer.
  @inline(__always)
  mutating func write<T: FixedWidthInteger>(_ value: T) { store(value.littleEndian) }

  /// Appends a big-endian fixed-width integer (the term index's keys, so that their bytes are
  /// the term's first bytes; see `TermKey`).
  @inline(__always)
  mutating func writeBigEndian<T: FixedWidthInteger>(_ value: T) { store(value.bigEndian) }

  /// Appends the bytes of `value` as they lie in memory.
  @inline(__always)
  private mutating func store<T: FixedWidthInteger>(_ value: T) {
    reserve(MemoryLayout<T>.size)
    assert(count + MemoryLayout<T>.size <= capacity)
    UnsafeMutableRawPointer(base + count).storeBytes(of: value, as: T.self)
    count &+= MemoryLayout<T>.size
  }
}
