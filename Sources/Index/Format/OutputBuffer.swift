/// An append-only little-endian byte buffer for building the index file in memory.
///
/// Variable-length integers use the LEB128 layout (7 bits a byte, low groups first, high bit set
/// on every byte but the last), as Lucene's VInt does.
struct ByteWriter {
  var bytes: [UInt8] = []

  var count: Int { bytes.count }

  mutating func reserve(_ n: Int) { bytes.reserveCapacity(n) }

  mutating func write(_ value: UInt8) { bytes.append(value) }

  mutating func write(_ value: UInt16) {
    bytes.append(UInt8(truncatingIfNeeded: value))
    bytes.append(UInt8(truncatingIfNeeded: value >> 8))
  }

  mutating func write(_ value: UInt32) {
    for shift in stride(from: 0, to: 32, by: 8) {
      bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
    }
  }

  mutating func write(_ value: UInt64) {
    for shift in stride(from: 0, to: 64, by: 8) {
      bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
    }
  }

  mutating func writeVarInt(_ value: UInt64) {
    var v = value
    while v >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(truncatingIfNeeded: v))
  }

  mutating func writeVarInt(_ value: Int) { writeVarInt(UInt64(value)) }

  mutating func writeVarInt(_ value: UInt32) { writeVarInt(UInt64(value)) }

  mutating func write<C: Collection>(contentsOf other: C) where C.Element == UInt8 {
    bytes.append(contentsOf: other)
  }

  /// Pads with zero bytes up to a multiple of `alignment`.
  mutating func align(to alignment: Int) {
    while bytes.count % alignment != 0 { bytes.append(0) }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A growable byte buffer for the hot paths of serialization: appends without per-byte
/// capacity or uniqueness checks (capacity is checked once per value).
///
/// It grows with `realloc`, which on Linux moves large buffers by remapping pages, not copying.
struct OutputBuffer: ~Copyable {
  private(set) var base: UnsafeMutablePointer<UInt8>
  private(set) var capacity: Int
  private(set) var count = 0

  init(capacity: Int = 4096) {
    self.capacity = max(capacity, 64)
    guard let raw = malloc(self.capacity) else { fatalError("out of memory") }
    base = raw.assumingMemoryBound(to: UInt8.self)
  }

  deinit { free(base) }

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
    free(base)
    capacity = 64
    guard let raw = malloc(capacity) else { fatalError("out of memory") }
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
    guard let raw = realloc(base, c) else { fatalError("out of memory") }
    base = raw.assumingMemoryBound(to: UInt8.self)
    capacity = c
  }

  @inline(__always)
  mutating func append(_ byte: UInt8) {
    reserve(1)
    base[count] = byte
    count &+= 1
  }

  mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
    guard buffer.count > 0 else { return }
    reserve(buffer.count)
    (base + count).update(from: buffer.baseAddress!, count: buffer.count)
    count &+= buffer.count
  }

  mutating func append(_ buffer: UnsafeRawBufferPointer) {
    append(buffer.bindMemory(to: UInt8.self))
  }

  /// Appends a LEB128 variable-length integer (see `ByteWriter`).
  @inline(__always)
  mutating func writeVarInt(_ value: UInt64) {
    reserve(10)
    var v = value
    var p = base + count
    while v >= 0x80 {
      p.pointee = UInt8(truncatingIfNeeded: v) | 0x80
      p += 1
      v >>= 7
    }
    p.pointee = UInt8(truncatingIfNeeded: v)
    count = p + 1 - base
  }

  @inline(__always)
  mutating func writeVarInt(_ value: UInt32) { writeVarInt(UInt64(value)) }

  @inline(__always)
  mutating func writeVarInt(_ value: Int) { writeVarInt(UInt64(value)) }

  /// Appends a little-endian fixed-width integer.
  @inline(__always)
  mutating func write<T: FixedWidthInteger>(_ value: T) {
    reserve(MemoryLayout<T>.size)
    UnsafeMutableRawPointer(base + count).storeBytes(of: value.littleEndian, as: T.self)
    count &+= MemoryLayout<T>.size
  }
}
