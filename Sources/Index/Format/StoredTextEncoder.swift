/// Codes titles and texts with a segment's `StoredTextCode`: each scalar's canonical code, most
/// significant bit first, in a big-endian bit stream padded with zero bits to a whole byte
/// (FORMAT.md, "Stored text code").
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

  /// The number of bits `parts` take, coded one after the other.
  func bitCount(_ parts: UnsafeBufferPointer<UInt8>...) -> Int {
    var bits = 0
    plane0.withUnsafeBufferPointer { plane in
      for part in parts {
        guard let p = part.baseAddress else { continue }
        var i = 0
        while i < part.count {
          let (e, n) = entry(p, at: i, plane: plane)
          precondition(e != 0, "a scalar without a code")
          bits &+= Int(e & 0x1F)
          i &+= n
        }
      }
    }
    return bits
  }

  /// Appends the codes of `parts`, one after the other, then zero bits to a whole byte.
  func encode(_ parts: UnsafeBufferPointer<UInt8>..., into out: inout OutputBuffer) {
    var acc: UInt64 = 0
    var pending = 0
    plane0.withUnsafeBufferPointer { plane in
      for part in parts {
        guard let p = part.baseAddress else { continue }
        var i = 0
        while i < part.count {
          let (e, n) = entry(p, at: i, plane: plane)
          precondition(e != 0, "a scalar without a code")
          let length = Int(e & 0x1F)
          acc = acc &<< UInt64(length) | UInt64(e &>> 5)
          pending &+= length
          if pending >= 32 {
            pending &-= 32
            out.writeBigEndian(UInt32(truncatingIfNeeded: acc &>> UInt64(pending)))
          }
          i &+= n
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
