/// Patched frame-of-reference packing (format version 10; Lucene's PFOR): a full postings
/// block's 128 document gaps or frequencies at a width that may leave a few values out, each
/// such exception then patched with its high bits.
///
/// One long gap (a rare stretch without the term) or one high frequency would otherwise widen
/// all 128 fields; on crud-news this saves about a sixth of the full blocks' bytes.
///
/// A patched run is a control byte (bits 0–5: the width w, 0...32; bit 7: exceptions follow;
/// bit 6: zero), then with bit 7 an exception count byte (1...128), then the 128 values' low w
/// bits as `BitPacking` fields (16·w bytes), then per exception its index (u8, increasing)
/// and its high bits (`value >> w`, ≥ 1, varint). A run without exceptions is byte for byte a
/// version-5 packed run.
extension BitPacking {
  /// The control byte's flag of a run with exceptions.
  static let exceptionsFlag: UInt8 = 0x80

  /// Appends `values` (count ≤ 128) as a patched run at the width of the fewest bytes (the
  /// widest such width on a tie, which has the fewest exceptions).
  static func writePatched(
    _ values: UnsafePointer<UInt32>, count: Int, into out: inout OutputBuffer
  ) {
    assert(count <= runLength, "BitPacking: patched run too long")
    let w = patchedWidth(values, count: count)
    let mask = w == 32 ? UInt32.max : (UInt32(1) << UInt32(w)) &- 1
    var exceptions = 0
    for i in 0..<count where values[i] & ~mask != 0 { exceptions += 1 }
    if exceptions == 0 {
      out.append(UInt8(w))
      writeFields(values, count: count, width: w, into: &out)
      return
    }
    out.append(UInt8(w) | exceptionsFlag)
    out.append(UInt8(exceptions))
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: count) { low in
      for i in 0..<count { low[i] = values[i] & mask }
      writeFields(low.baseAddress!, count: count, width: w, into: &out)
    }
    for i in 0..<count where values[i] & ~mask != 0 {
      out.append(UInt8(i))
      out.writeVarInt(values[i] >> UInt32(w))
    }
  }

  /// The width of the smallest patched run of `values`: for each width below the widest
  /// value's, the fields plus, per value above it, an index byte and its high bits' varint,
  /// plus the count byte.
  private static func patchedWidth(_ values: UnsafePointer<UInt32>, count: Int) -> Int {
    withUnsafeTemporaryAllocation(of: Int.self, capacity: 33) { countAtWidth in
      countAtWidth.initialize(repeating: 0)
      var all: UInt32 = 0
      for i in 0..<count {
        countAtWidth[width(values[i])] += 1
        all |= values[i]
      }
      let full = width(all)
      var bestWidth = full
      var bestSize = byteCount(count: count, width: full)
      var w = full - 1
      while w >= 0 {
        var size = byteCount(count: count, width: w) + 1
        for valueWidth in (w + 1)...full {
          size += countAtWidth[valueWidth] * (1 + (valueWidth - w + 6) / 7)
        }
        if size < bestSize {
          bestSize = size
          bestWidth = w
        }
        w -= 1
      }
      return bestWidth
    }
  }

  /// Reads a patched run of `count` values into `out`; throws on a bad control byte, too few
  /// bytes, or exceptions out of order, zero or wider than 32 bits.
  @inline(__always)
  static func readPatched(
    _ reader: inout ByteReader, count: Int, into out: UnsafeMutablePointer<UInt32>
  ) throws(IndexError) {
    let control = try reader.readByte()
    let w = Int(control & 0x3F)
    guard control & 0x40 == 0 else {
      throw reader.fail("bad patched-run control byte at byte \(reader.offset)")
    }
    if control & exceptionsFlag == 0 {
      try readFields(&reader, count: count, width: w, into: out)
      return
    }
    let exceptions = Int(try reader.readByte())
    guard exceptions >= 1 && exceptions <= count else {
      throw reader.fail("\(exceptions) exceptions in a run of \(count) at byte \(reader.offset)")
    }
    try readFields(&reader, count: count, width: w, into: out)
    var previous = -1
    for _ in 0..<exceptions {
      let index = Int(try reader.readByte())
      let high = try reader.readVarInt()
      guard index > previous, index < count, high >= 1, high >> UInt64(32 - w) == 0 else {
        throw reader.fail("bad exception at byte \(reader.offset)")
      }
      out[index] |= UInt32(truncatingIfNeeded: high) << UInt32(w)
      previous = index
    }
  }
}
