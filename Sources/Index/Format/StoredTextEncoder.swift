/// Codes titles and texts with a segment's `StoredTextCode`: each scalar's canonical code, most
/// significant bit first, in two big-endian bit streams (the even-numbered scalars, the odd),
/// each padded with zero bits to a whole byte (FORMAT.md, "Stored text code"): a reader
/// decodes the two independently, so that their table lookups overlap.
///
/// The bytes must be valid UTF-8 and every scalar must have a code (the code was built from
/// counts of these very texts); a scalar without one is a programmer error and traps.
struct StoredTextEncoder {
  /// `code << 5 | length` of U+0000…U+FFFF; 0 where the scalar has no code.
  private var plane0: [UInt32]
  /// The same for the scalars above U+FFFF.
  private var supplementary: [UInt32: UInt32] = [:]

  init(_ code: StoredTextCode) {
    plane0 = [UInt32](repeating: 0, count: 0x1_0000)
    let codes = code.canonicalCodes()
    for i in code.scalars.indices {
      let entry = codes[i] << 5 | UInt32(code.lengths[i])
      let scalar = code.scalars[i]
      if scalar < 0x1_0000 { plane0[Int(scalar)] = entry } else { supplementary[scalar] = entry }
    }
  }

  /// The code (`code << 5 | length`) of the scalar that starts at `i`, and its byte length.
  @inline(__always)
  private func entry(_ p: UnsafePointer<UInt8>, at i: Int, plane: UnsafeBufferPointer<UInt32>)
    -> (UInt32, Int)
  {
    let lead = p[i]
    let length = UTF8Scalars.length(lead: lead)
    let scalar: UInt32
    switch length {
    case 1: return (plane[Int(lead)], 1)
    case 2: scalar = UInt32(lead & 0x1F) &<< 6 | UInt32(p[i &+ 1] & 0x3F)
    case 3:
      scalar =
        UInt32(lead & 0x0F) &<< 12 | UInt32(p[i &+ 1] & 0x3F) &<< 6 | UInt32(p[i &+ 2] & 0x3F)
    default:
      scalar =
        UInt32(lead & 0x07) &<< 18 | UInt32(p[i &+ 1] & 0x3F) &<< 12
        | UInt32(p[i &+ 2] & 0x3F) &<< 6 | UInt32(p[i &+ 3] & 0x3F)
      return (supplementary[scalar] ?? 0, 4)
    }
    return (plane[Int(scalar)], length)
  }

  /// The bits of each of the two streams when `parts` are coded one after the other: the
  /// scalars numbered from 0 across the parts, the even ones in stream 0, the odd in stream 1.
  func bitCounts(_ parts: [UnsafeBufferPointer<UInt8>]) -> (Int, Int) {
    var bits = (0, 0)
    var odd = false
    plane0.withUnsafeBufferPointer { plane in
      for part in parts {
        guard let p = part.baseAddress else { continue }
        var i = 0
        while i < part.count {
          let (e, n) = entry(p, at: i, plane: plane)
          precondition(e != 0, "a scalar without a code")
          if odd { bits.1 &+= Int(e & 0x1F) } else { bits.0 &+= Int(e & 0x1F) }
          odd.toggle()
          i &+= n
        }
      }
    }
    return bits
  }

  /// The bytes `encode` appends for `parts`.
  func encodedSize(_ parts: [UnsafeBufferPointer<UInt8>]) -> Int {
    let (a, b) = bitCounts(parts)
    return LEB128.encodedLength(UInt64((a + 7) / 8)) + (a + 7) / 8 + (b + 7) / 8
  }

  /// Appends the coded `parts` (FORMAT.md, `CodedRecord`): stream 0's byte length, stream 0,
  /// stream 1, each stream zero-padded to a whole byte.
  func encode(_ parts: [UnsafeBufferPointer<UInt8>], into out: inout OutputBuffer) {
    let (a, _) = bitCounts(parts)
    out.writeVarInt((a + 7) / 8)
    encode(parts, stream: 0, into: &out)
    encode(parts, stream: 1, into: &out)
  }

  /// Appends the codes of the scalars of stream `stream` (0: even, 1: odd), then zero bits to
  /// a whole byte.
  private func encode(
    _ parts: [UnsafeBufferPointer<UInt8>], stream: Int, into out: inout OutputBuffer
  ) {
    var acc: UInt64 = 0
    var pending = 0
    var k = 0
    plane0.withUnsafeBufferPointer { plane in
      for part in parts {
        guard let p = part.baseAddress else { continue }
        var i = 0
        while i < part.count {
          let (e, n) = entry(p, at: i, plane: plane)
          precondition(e != 0, "a scalar without a code")
          i &+= n
          k &+= 1
          guard (k &- 1) & 1 == stream else { continue }
          let length = Int(e & 0x1F)
          acc = acc &<< UInt64(length) | UInt64(e &>> 5)
          pending &+= length
          if pending >= 32 {
            pending &-= 32
            out.writeBigEndian(UInt32(truncatingIfNeeded: acc &>> UInt64(pending)))
          }
        }
      }
    }
    while pending > 0 {
      let shift = pending - 8
      out.append(
        UInt8(truncatingIfNeeded: shift >= 0 ? acc &>> UInt64(shift) : acc &<< UInt64(-shift)))
      pending -= 8
    }
  }
}
