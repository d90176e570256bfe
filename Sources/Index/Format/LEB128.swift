/// The format's variable-length integers: LEB128, 7 bits a byte, low groups first, the high
/// bit set on every byte but the last (as Lucene's VInt).
///
/// The one encoder and the one unchecked decoder of the package. The checked decoder, for
/// bytes read from a file, is `ByteReader.readVarInt`; `decode` is only for bytes this process
/// wrote itself (segment buffers being merged), where a bounds check per byte would be waste.
enum LEB128 {
  /// The most bytes a 64-bit value takes.
  static let maxEncodedLength = 10

  /// The number of bytes `value`'s encoding takes.
  static func encodedLength(_ value: UInt64) -> Int {
    var n = 1
    var v = value
    while v >= 0x80 {
      v >>= 7
      n += 1
    }
    return n
  }

  /// Writes `value` at `p`, which must have room for `maxEncodedLength` bytes, and returns
  /// how many bytes it took.
  @inline(__always)
  static func encode(_ value: UInt64, to p: UnsafeMutablePointer<UInt8>) -> Int {
    var q = p
    encode(value) { (byte) throws(Never) in
      q.pointee = byte
      q += 1
    }
    return q - p
  }

  /// Hands the bytes of `value`'s encoding to `put`, one at a time.
  ///
  /// For writers that must place bytes one at a time (the build's slice pool, where a slice
  /// ends wherever its marker byte is), so that they still take the bytes from this one
  /// encoder. `encode(_:to:)` is this loop with a pointer for `put`.
  @inline(__always)
  static func encode<Failure: Error>(
    _ value: UInt64, byteByByte put: (UInt8) throws(Failure) -> Void
  ) throws(Failure) {
    var v = value
    while v >= 0x80 {
      try put(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    try put(UInt8(truncatingIfNeeded: v))
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

  /// Moves `p` past `count` integers without decoding them (each ends at its first byte below
  /// 0x80), to copy them as they are; unchecked like `decode`, with `end` asserted in debug
  /// builds only.
  @inline(__always)
  static func skip(_ count: UInt32, at p: inout UnsafePointer<UInt8>, end: UnsafePointer<UInt8>) {
    var remaining = count
    while remaining > 0 {
      assert(p < end, "LEB128.skip: past the end")
      if p.pointee < 0x80 { remaining &-= 1 }
      p += 1
    }
  }
}

/// A destination of LEB128 integers (an output buffer, a slice of the build's pool), so that
/// the codecs of this folder write through one generic, specialised path, not an existential.
protocol VarIntSink: ~Copyable {
  /// Appends `value` as LEB128.
  mutating func writeVarInt(_ value: UInt64)
}

/// A destination of LEB128 integers written at a cursor the caller holds, whose appends can
/// fail (the build's slice pool: millions of streams, one cursor each, and a 4 GiB limit), so
/// that the codecs of this folder write to it through the same generic, specialised path.
protocol CursorVarIntSink: ~Copyable {
  /// Appends `value` as LEB128 at `cursor` and moves `cursor` past it.
  mutating func appendVarInt(_ value: UInt64, at cursor: inout UInt32) throws(IndexError)
}
