/// Appends fields of bits to an `OutputBuffer` as a little-endian bit stream: the first field
/// in the lowest bits of the first byte, as `BitPacking` lays out its runs (FORMAT.md,
/// version 10, `RiceStream`).
///
/// The writer keeps at most 7 pending bits between calls; `finish` pads them with zero bits to
/// a whole byte, which is where every bit stream of the format ends.
struct BitWriter {
  private var pending: UInt64 = 0
  private var pendingBits = 0

  /// Appends the low `count` bits of `value` (count in 0...32; higher bits must be zero).
  @inline(__always)
  mutating func write(_ value: UInt64, count: Int, into out: inout OutputBuffer) {
    assert(count <= 32 && value >> UInt64(count) == 0, "BitWriter: field wider than its count")
    pending |= value &<< UInt64(pendingBits)
    pendingBits &+= count
    while pendingBits >= 8 {
      out.append(UInt8(truncatingIfNeeded: pending))
      pending >>= 8
      pendingBits &-= 8
    }
  }

  /// Writes the pending bits, zero-padded to a byte.
  mutating func finish(into out: inout OutputBuffer) {
    if pendingBits > 0 { out.append(UInt8(truncatingIfNeeded: pending)) }
    pending = 0
    pendingBits = 0
  }
}
