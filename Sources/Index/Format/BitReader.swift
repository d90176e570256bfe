/// Reads fields of a little-endian bit stream (`BitWriter`'s) from a byte range of the mapped
/// file, bounds-checked: reading past the range throws, never traps.
///
/// It holds up to 64 bits: refills load 8 bytes at once while they lie inside the range, then
/// byte by byte, so a stream at the very end of a section reads the same as one in the middle.
/// Bits above `available` are always zero, which `zeroRun` relies on.
struct BitReader {
  private let base: UnsafeRawPointer
  /// The next byte to load, and one past the last the reader may load.
  private var next: Int
  private let end: Int
  private var buffer: UInt64 = 0
  private var available = 0
  private let section: StaticString

  /// A reader of the bytes `reader` has left (`reader` itself does not move).
  init(_ reader: ByteReader) {
    base = reader.base.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
    next = reader.offset
    end = max(reader.offset, reader.end)
    section = reader.section
  }

  /// The offset of the first byte not yet (wholly or partly) read: where the stream ends once
  /// its zero padding is passed.
  var byteOffset: Int { next &- available >> 3 }

  @inline(__always)
  private mutating func refill() {
    if next &+ 8 <= end {
      let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: next, as: UInt64.self))
      let bytes = (63 &- available) >> 3
      let bits = bytes &* 8
      assert(bits > 0 && bits < 64, "BitReader: refill of \(bits) bits")
      buffer |= (word & (UInt64(1) &<< UInt64(bits) &- 1)) &<< UInt64(available)
      available &+= bits
      next &+= bytes
    } else {
      while available <= 56 && next < end {
        buffer |= UInt64(base.load(fromByteOffset: next, as: UInt8.self)) &<< UInt64(available)
        available &+= 8
        next &+= 1
      }
    }
  }

  private func fail() -> IndexError {
    .corrupt(section: "\(section)", detail: "bit stream past its end at byte \(next)")
  }

  /// Reads a field of `count` bits (0...32).
  @inline(__always)
  mutating func read(_ count: Int) throws(IndexError) -> UInt64 {
    assert(count <= 32, "BitReader: field of \(count) bits")
    if available < count {
      refill()
      guard available >= count else { throw fail() }
    }
    let value = buffer & (UInt64(1) &<< UInt64(count) &- 1)
    buffer &>>= UInt64(count)
    available &-= count
    return value
  }

  /// Reads zero bits up to and including the first one bit and returns how many zeros there
  /// were; after 32 zeros it stops (they are consumed, no one bit is) and returns 32.
  @inline(__always)
  mutating func zeroRun() throws(IndexError) -> Int {
    if available < 33 { refill() }
    let zeros = buffer.trailingZeroBitCount
    if zeros < available && zeros < 32 {
      buffer = buffer &>> UInt64(zeros &+ 1)
      available &-= zeros &+ 1
      return zeros
    }
    guard available >= 32 else { throw fail() }
    buffer = buffer &>> 32
    available &-= 32
    return 32
  }
}
