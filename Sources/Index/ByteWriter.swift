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
