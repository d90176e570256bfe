/// The format's variable-length integers: LEB128, 7 bits a byte, low groups first, the high
/// bit set on every byte but the last (as Lucene's VInt).
///
/// The one encoder and the one unchecked decoder of the package. The checked decoder, for
/// bytes read from a file, is `ByteReader.readVarInt`; `decode` is only for bytes this process
/// wrote itself (segment buffers being merged), where a bounds check per byte would be waste.
enum LEB128 {
  /// The most bytes a 64-bit value takes.
  static let maxEncodedLength = 10

  /// Writes `value` at `p`, which must have room for `maxEncodedLength` bytes, and returns
  /// how many bytes it took.
  @inline(__always)
  static func encode(_ value: UInt64, to p: UnsafeMutablePointer<UInt8>) -> Int {
    var v = value
    var q = p
    while v >= 0x80 {
      q.pointee = UInt8(truncatingIfNeeded: v) | 0x80
      q += 1
      v >>= 7
    }
    q.pointee = UInt8(truncatingIfNeeded: v)
    return q + 1 - p
  }

  /// Reads the integer at `p` and moves `p` past it, without bounds checks: the bytes must
  /// have been written by `encode` in this process.
  @inline(__always)
  static func decode(_ p: inout UnsafePointer<UInt8>) -> UInt64 {
    var b = p.pointee
    p += 1
    if b < 0x80 { return UInt64(b) }
    var value = UInt64(b & 0x7F)
    var shift: UInt64 = 7
    repeat {
      assert(shift <= 63, "LEB128.decode: more than 10 bytes")
      b = p.pointee
      p += 1
      value |= UInt64(b & 0x7F) &<< shift
      shift &+= 7
    } while b >= 0x80
    return value
  }
}

/// A destination of LEB128 integers (an output buffer, a slice of the build's pool), so that
/// the codecs of this folder write through one generic, specialised path, not an existential.
protocol VarIntSink: ~Copyable {
  /// Appends `value` as LEB128.
  mutating func writeVarInt(_ value: UInt64)
}
