/// Frame-of-reference bit packing of 128 values (format version 5).
///
/// A packed run is one width byte `w` (0...32) and then the values as `w`-bit fields, the
/// first value in the lowest bits of the first byte (a little-endian bit stream), `ceil(n·w/8)`
/// bytes in all; 128 values take exactly `16·w` bytes. Full postings blocks pack their
/// document deltas and frequencies this way, and positions are packed 128 values at a time.
enum BitPacking {
  /// Values per packed run.
  static let runLength = 128

  /// The bits needed for `value` (0 for 0).
  @inline(__always)
  static func width(_ value: UInt32) -> Int { 32 - value.leadingZeroBitCount }

  /// The bytes of `count` values of `width` bits.
  @inline(__always)
  static func byteCount(count: Int, width: Int) -> Int { (count &* width &+ 7) >> 3 }

  /// Appends the width byte and `values` packed at the smallest width that holds them all.
  static func write(_ values: UnsafePointer<UInt32>, count: Int, into out: inout OutputBuffer) {
    var all: UInt32 = 0
    for i in 0..<count { all |= values[i] }
    let w = width(all)
    out.append(UInt8(w))
    writeFields(values, count: count, width: w, into: &out)
  }

  /// Appends `values` as `width`-bit fields (no width byte).
  static func writeFields(
    _ values: UnsafePointer<UInt32>, count: Int, width w: Int, into out: inout OutputBuffer
  ) {
    guard w > 0 else { return }
    out.reserve(byteCount(count: count, width: w))
    var acc: UInt64 = 0
    var bits = 0
    for i in 0..<count {
      acc |= UInt64(values[i]) &<< UInt64(bits)
      bits &+= w
      while bits >= 8 {
        out.append(UInt8(truncatingIfNeeded: acc))
        acc >>= 8
        bits &-= 8
      }
    }
    if bits > 0 { out.append(UInt8(truncatingIfNeeded: acc)) }
  }

  /// Reads a width byte and `count` packed values into `out`, moving `reader` past them;
  /// throws on a width above 32 or too few bytes.
  @inline(__always)
  static func read(
    _ reader: inout ByteReader, count: Int, into out: UnsafeMutablePointer<UInt32>
  ) throws(IndexError) {
    let w = Int(try reader.readByte())
    try readFields(&reader, count: count, width: w, into: out)
  }

  /// Reads `count` fields of `width` bits (checked: at most 32) into `out`.
  @inline(__always)
  static func readFields(
    _ reader: inout ByteReader, count: Int, width w: Int, into out: UnsafeMutablePointer<UInt32>
  ) throws(IndexError) {
    guard w <= 32 else { throw reader.fail("bit width \(w) above 32 at byte \(reader.offset)") }
    if w == 0 {
      out.update(repeating: 0, count: count)
      return
    }
    let length = byteCount(count: count, width: w)
    let bytes = try reader.readBytes(length)
    let base = bytes.baseAddress!
    let mask = UInt64(1) &<< UInt64(w) &- 1
    // Fields whose 8-byte window lies inside the run: one unaligned load each (a field of at
    // most 32 bits starting at any bit of a byte fits in 8 bytes).
    var i = 0
    var bit = 0
    while i < count && (bit >> 3) &+ 8 <= length {
      assert((bit >> 3) + 8 <= bytes.count, "BitPacking: 8-byte window past the run")
      let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: bit >> 3, as: UInt64.self))
      out[i] = UInt32(truncatingIfNeeded: (word &>> UInt64(bit & 7)) & mask)
      i &+= 1
      bit &+= w
    }
    // The last few fields, byte by byte.
    var p = base.assumingMemoryBound(to: UInt8.self) + (bit >> 3)
    let end = base.assumingMemoryBound(to: UInt8.self) + length
    var acc: UInt64 = 0
    var bits = 0
    if bit & 7 != 0 && i < count {
      assert(p < end, "BitPacking: field past the run")
      acc = UInt64(p.pointee) &>> UInt64(bit & 7)
      bits = 8 &- (bit & 7)
      p += 1
    }
    while i < count {
      while bits < w {
        assert(p < end, "BitPacking: field past the run")
        acc |= UInt64(p.pointee) &<< UInt64(bits)
        p += 1
        bits &+= 8
      }
      out[i] = UInt32(truncatingIfNeeded: acc & mask)
      acc >>= UInt64(w)
      bits &-= w
      i &+= 1
    }
  }

  /// Skips a width byte and `count` packed values.
  @inline(__always)
  static func skip(_ reader: inout ByteReader, count: Int) throws(IndexError) {
    let w = Int(try reader.readByte())
    guard w <= 32 else { throw reader.fail("bit width \(w) above 32 at byte \(reader.offset)") }
    _ = try reader.readBytes(byteCount(count: count, width: w))
  }
}

extension BitPacking {
  /// Decodes a full postings block (version 5: packed document deltas, then packed
  /// frequencies minus one; version 10, `patched`: both as patched runs) whose first document
  /// is at least `first`; every document must be below `limit`. Returns one past the last
  /// document.
  @inline(__always)
  static func readBlock(
    _ reader: inout ByteReader, first: UInt64, limit: UInt32, patched: Bool,
    docs: UnsafeMutablePointer<UInt32>, freqs: UnsafeMutablePointer<UInt32>
  ) throws(IndexError) -> UInt64 {
    let n = runLength
    if patched {
      try readPatched(&reader, count: n, into: docs)
      try readPatched(&reader, count: n, into: freqs)
    } else {
      try read(&reader, count: n, into: docs)
      try read(&reader, count: n, into: freqs)
    }
    var next = first
    var bad = false
    for i in 0..<n {
      let doc = next &+ UInt64(docs[i])
      bad = bad || doc >= UInt64(limit) || freqs[i] == .max
      docs[i] = UInt32(truncatingIfNeeded: doc)
      freqs[i] &+= 1
      next = doc &+ 1
    }
    guard !bad else {
      throw .corrupt(section: "postings", detail: "document or frequency out of range")
    }
    return next
  }

  /// Writes a full postings block as version 10 does (patched runs): `docs` increasing from
  /// at least `first`, `freqs` ≥ 1. `scratch` holds 128 values.
  static func writeBlock(
    docs: UnsafePointer<UInt32>, freqs: UnsafePointer<UInt32>, first: UInt32,
    scratch: UnsafeMutablePointer<UInt32>, into out: inout OutputBuffer
  ) {
    var next = first
    for i in 0..<runLength {
      scratch[i] = docs[i] &- next
      next = docs[i] &+ 1
    }
    writePatched(scratch, count: runLength, into: &out)
    for i in 0..<runLength { scratch[i] = freqs[i] &- 1 }
    writePatched(scratch, count: runLength, into: &out)
  }
}
