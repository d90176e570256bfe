/// How often each Unicode scalar occurs in a segment's stored titles and texts: the input of
/// the segment's stored-text code (`StoredTextCode.build`).
///
/// Counting walks UTF-8 bytes (one table increment per scalar, no `Character`, no `String`):
/// the basic multilingual plane in a flat array, the supplementary planes (rare: emoji, CJK
/// extension B…) in a dictionary. The bytes must be valid UTF-8 (a Swift string's, or a
/// decoded record's).
struct ScalarCounts {
  /// Occurrences of the scalars U+0000…U+FFFF.
  private(set) var plane0: [UInt64]
  /// Occurrences of the scalars above U+FFFF.
  private(set) var supplementary: [UInt32: UInt64] = [:]

  init() { plane0 = [UInt64](repeating: 0, count: 0x1_0000) }

  /// Counts every scalar of `bytes` (valid UTF-8).
  mutating func count(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let p = bytes.baseAddress else { return }
    let n = bytes.count
    var i = 0
    plane0.withUnsafeMutableBufferPointer { counts in
      while i < n {
        let b = p[i]
        if b < 0x80 {
          counts[Int(b)] &+= 1
          i &+= 1
          continue
        }
        let (scalar, length) = Self.decode(p, at: i, lead: b, end: n)
        i &+= length
        if scalar < 0x1_0000 {
          counts[Int(scalar)] &+= 1
        } else {
          supplementary[scalar, default: 0] &+= 1
        }
      }
    }
  }

  /// Counts every scalar of `text`.
  mutating func count(_ text: String) {
    var text = text
    text.withUTF8 { count($0) }
  }

  /// The scalar that starts at `i` with lead byte `lead` (not ASCII) and its byte length.
  @inline(__always)
  private static func decode(_ p: UnsafePointer<UInt8>, at i: Int, lead: UInt8, end: Int)
    -> (UInt32, Int)
  {
    let length = UTF8Scalars.length(lead: lead)
    assert(i + length <= end, "a UTF-8 sequence runs past its text")
    guard i &+ length <= end else { return (0xFFFD, 1) }
    switch length {
    case 2: return (UInt32(lead & 0x1F) &<< 6 | UInt32(p[i &+ 1] & 0x3F), 2)
    case 3:
      return (
        UInt32(lead & 0x0F) &<< 12 | UInt32(p[i &+ 1] & 0x3F) &<< 6 | UInt32(p[i &+ 2] & 0x3F), 3
      )
    case 4:
      return (
        UInt32(lead & 0x07) &<< 18 | UInt32(p[i &+ 1] & 0x3F) &<< 12
          | UInt32(p[i &+ 2] & 0x3F) &<< 6 | UInt32(p[i &+ 3] & 0x3F), 4
      )
    default: return (0xFFFD, 1)
    }
  }

  /// The scalars that occur, by increasing value, with their counts.
  func symbols() -> [(scalar: UInt32, count: UInt64)] {
    var out: [(scalar: UInt32, count: UInt64)] = []
    for (s, c) in plane0.enumerated() where c > 0 { out.append((UInt32(s), c)) }
    for s in supplementary.keys.sorted() { out.append((s, supplementary[s]!)) }
    return out
  }
}
