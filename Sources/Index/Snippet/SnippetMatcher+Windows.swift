/// Windows: the breaks where a fresh scan of the text is in step with a scan of the whole text,
/// so that a window around a candidate site tokenizes as the whole text would there.
extension SnippetMatcher {
  /// The length of the break at `q` (0: none). A break is a character in no token and never
  /// skipped over by the scanner: blanks and line breaks, and CJK punctuation with no word-break
  /// role (。、“”（）《》「」『』【】！？—…); full-width `，：；` (mid-number/-letter
  /// punctuation) only right after a Han ideograph, where no word can run through them.
  @inline(__always)
  static func breakLength(_ b: UnsafeBufferPointer<UInt8>, _ q: Int) -> Int {
    let c = b[q]
    if c < 0x80 { return c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 ? 1 : 0 }
    guard c == 0xE3 || c == 0xEF || c == 0xE2, q + 2 < b.count else { return 0 }
    let c1 = b[q + 1]
    let c2 = b[q + 2]
    guard c1 & 0xC0 == 0x80 && c2 & 0xC0 == 0x80 else { return 0 }
    let v = UInt32(c & 0x0F) << 12 | UInt32(c1 & 0x3F) << 6 | UInt32(c2 & 0x3F)
    switch v {
    case 0x3000, 0x3001, 0x3002, 0x300A...0x3011, 0xFF01, 0xFF08, 0xFF09, 0xFF1F, 0x201C,
      0x201D, 0x2014, 0x2026:
      return 3
    case 0xFF0C, 0xFF1A, 0xFF1B:
      return followsHan(b, q) ? 3 : 0
    default:
      return 0
    }
  }

  /// Whether the three bytes before `q` are a Han ideograph of the tokenizer's fast path.
  @inline(__always)
  static func followsHan(_ b: UnsafeBufferPointer<UInt8>, _ q: Int) -> Bool {
    guard q >= 3 else { return false }
    let c0 = b[q - 3]
    let c1 = b[q - 2]
    let c2 = b[q - 1]
    guard c0 >= 0xE3 && c0 <= 0xE9, c1 & 0xC0 == 0x80, c2 & 0xC0 == 0x80 else { return false }
    let v = UInt32(c0 & 0x0F) << 12 | UInt32(c1 & 0x3F) << 6 | UInt32(c2 & 0x3F)
    return (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF)
  }

  /// The start of the window holding byte `x`: just after the last break that ends at or
  /// before `x` (0 if none).
  static func windowStart(_ b: UnsafeBufferPointer<UInt8>, before x: Int) -> Int {
    var q = x - 1
    // No token is longer than Lucene's 255 characters: a window need not reach further back
    // (a text without breaks would otherwise make every site walk to its start).
    let limit = max(0, x - Self.windowReach)
    while q >= limit {
      let c = b[q]
      // Breaks are ASCII or three bytes long: check the break that would end at `x`.
      if c < 0x80 {
        if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { return q + 1 }
      } else if q >= 2 && c & 0xC0 == 0x80 && breakLength(b, q - 2) == 3 {
        return q + 1
      }
      q -= 1
    }
    // At the reach limit: start at a scalar boundary there.
    var start = limit
    while start > 0 && start < x && b[start] & 0xC0 == 0x80 { start += 1 }
    return start
  }

  /// The most sites of one unit that get a tokenized window.
  static let maximumWindowSites = 256

  /// The most bytes a window reaches past a site on either side without meeting a break: more
  /// than the longest token (255 characters of up to 4 bytes).
  static let windowReach = 1_024

  /// The end of the window holding byte `x - 1`: the first break starting at or after `x`.
  static func windowEnd(_ b: UnsafeBufferPointer<UInt8>, from x: Int) -> Int {
    var q = x
    let limit = min(b.count, x + Self.windowReach)
    while q < limit {
      if breakLength(b, q) > 0 { return q }
      q += 1
    }
    guard limit < b.count else { return b.count }
    // At the reach limit: end at a scalar boundary there.
    var end = limit
    while end > x && b[end] & 0xC0 == 0x80 { end -= 1 }
    return end
  }
}
