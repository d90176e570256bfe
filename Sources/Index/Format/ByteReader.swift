/// A bounds-checked cursor over raw bytes of the mapped index file.
///
/// Every read checks the remaining length once and throws `IndexError.corrupt` instead of
/// trapping, so that a truncated or bit-flipped file can never crash the reader.
@usableFromInline
struct ByteReader {
  @usableFromInline let base: UnsafeRawBufferPointer
  @usableFromInline var offset: Int
  @usableFromInline let end: Int
  @usableFromInline let section: StaticString

  @inlinable
  init(_ base: UnsafeRawBufferPointer, from start: Int, to end: Int, section: StaticString) {
    self.base = base
    self.offset = start
    self.end = end
    self.section = section
  }

  @inlinable var isAtEnd: Bool { offset >= end }

  /// A reader over `start..<end` of the same bytes that never reads outside this reader's
  /// range (the window must lie inside it, which debug builds check), for a part of a section
  /// read on its own (one postings block).
  @inlinable
  func window(from start: Int, to end: Int) -> ByteReader {
    assert(start >= offset && end <= self.end, "window outside its reader")
    return ByteReader(
      base, from: Swift.max(start, offset), to: Swift.min(end, self.end), section: section)
  }

  @usableFromInline
  func fail(_ detail: String) -> IndexError {
    .corrupt(section: "\(section)", detail: detail)
  }

  @inlinable
  mutating func readByte() throws(IndexError) -> UInt8 {
    guard offset < end else { throw fail("unexpected end at byte \(offset)") }
    let b = base[offset]
    offset &+= 1
    return b
  }

  @inlinable
  mutating func readUInt32() throws(IndexError) -> UInt32 {
    guard end - offset >= 4 else { throw fail("unexpected end at byte \(offset)") }
    let v = base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
    offset &+= 4
    return UInt32(littleEndian: v)
  }

  @inlinable
  mutating func readUInt64() throws(IndexError) -> UInt64 {
    guard end - offset >= 8 else { throw fail("unexpected end at byte \(offset)") }
    let v = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    offset &+= 8
    return UInt64(littleEndian: v)
  }

  /// Reads a LEB128 integer of at most 64 bits.
  @inlinable
  mutating func readVarInt() throws(IndexError) -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while offset < end {
      let byte = base[offset]
      offset &+= 1
      value |= UInt64(byte & 0x7F) &<< shift
      if byte < 0x80 { return value }
      shift &+= 7
      if shift > 63 { break }
    }
    throw fail("bad variable-length integer ending at byte \(offset)")
  }

  /// Reads a LEB128 integer that must fit in `Int` and be at most `limit`.
  @inlinable
  mutating func readVarInt(max limit: Int) throws(IndexError) -> Int {
    let v = try readVarInt()
    // A negative limit (a damaged length elsewhere) admits nothing, and must not trap.
    guard limit >= 0, v <= UInt64(limit) else {
      throw fail("value \(v) exceeds \(limit) at byte \(offset)")
    }
    return Int(v)
  }

  /// Returns the next `count` bytes and moves past them.
  @inlinable
  mutating func readBytes(_ count: Int) throws(IndexError) -> UnsafeRawBufferPointer {
    guard count >= 0, end - offset >= count else {
      throw fail("length \(count) runs past the end at byte \(offset)")
    }
    let slice = UnsafeRawBufferPointer(rebasing: base[offset..<offset + count])
    offset &+= count
    return slice
  }
}
