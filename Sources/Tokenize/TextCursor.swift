/// The text being scanned and the character tables: decoding, classification and the
/// matching of one StandardTokenizer token (everything that does not change while scanning,
/// except `limit`).
struct TextCursor {
  let base: UnsafePointer<UInt8>
  let count: Int
  let stage1: UnsafePointer<UInt8>
  let stage2: UnsafePointer<UInt8>
  let classProps: UnsafePointer<UInt32>
  /// End (exclusive) of the text the current match may look at.
  var limit: Int

  init(base: UnsafePointer<UInt8>, count: Int, classProps: UnsafePointer<UInt32>) {
    self.base = base
    self.count = count
    self.stage1 = UnicodeTables.stage1.utf8Start
    self.stage2 = UnicodeTables.stage2.utf8Start
    self.classProps = classProps
    self.limit = count
  }

  // MARK: - Decoding and classification

  /// Decodes the scalar at `i` (< `count`). A maximal invalid subsequence decodes as U+FFFD
  /// covering its bytes (U+FFFD has no word-break role: it is skipped like punctuation).
  @inline(__always)
  func decode(_ i: Int) -> (scalar: UInt32, length: Int) {
    let b0 = base[i]
    if b0 < 0x80 { return (UInt32(b0), 1) }
    if b0 >= 0xE0 && b0 < 0xF0 && i + 2 < count {
      let b1 = base[i + 1]
      let b2 = base[i + 2]
      if b1 & 0xC0 == 0x80 && b2 & 0xC0 == 0x80 {
        let v = UInt32(b0 & 0x0F) << 12 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F)
        if v >= 0x800 && (v < 0xD800 || v > 0xDFFF) { return (v, 3) }
      }
    }
    return decodeSlow(i, b0)
  }

  func decodeSlow(_ i: Int, _ b0: UInt8) -> (scalar: UInt32, length: Int) {
    let rem = count - i
    @inline(__always) func isCont(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }
    if b0 < 0xC2 { return (0xFFFD, 1) }
    if b0 < 0xE0 {
      guard rem >= 2, isCont(base[i + 1]) else { return (0xFFFD, 1) }
      return (UInt32(b0 & 0x1F) << 6 | UInt32(base[i + 1] & 0x3F), 2)
    }
    if b0 < 0xF0 {
      let lo: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80
      let hi: UInt8 = b0 == 0xED ? 0x9F : 0xBF
      guard rem >= 2, base[i + 1] >= lo, base[i + 1] <= hi else { return (0xFFFD, 1) }
      guard rem >= 3, isCont(base[i + 2]) else { return (0xFFFD, 2) }
      let v = UInt32(b0 & 0x0F) << 12 | UInt32(base[i + 1] & 0x3F) << 6 | UInt32(base[i + 2] & 0x3F)
      return (v, 3)
    }
    if b0 < 0xF5 {
      let lo: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
      let hi: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
      guard rem >= 2, base[i + 1] >= lo, base[i + 1] <= hi else { return (0xFFFD, 1) }
      guard rem >= 3, isCont(base[i + 2]) else { return (0xFFFD, 2) }
      guard rem >= 4, isCont(base[i + 3]) else { return (0xFFFD, 3) }
      let v =
        UInt32(b0 & 0x07) << 18 | UInt32(base[i + 1] & 0x3F) << 12
        | UInt32(base[i + 2] & 0x3F) << 6 | UInt32(base[i + 3] & 0x3F)
      return (v, 4)
    }
    return (0xFFFD, 1)
  }

  /// Property bits (`CharProp`) of a scalar value (<= U+10FFFF).
  @inline(__always)
  func props(_ c: UInt32) -> UInt32 {
    let b = Int(c >> 7) &* 2
    let block =
      Int(stage1[b] &- UnicodeTables.byteOffset) << 6
      | Int(stage1[b &+ 1] &- UnicodeTables.byteOffset)
    let cls = stage2[block << 7 | Int(c & 0x7F)] &- UnicodeTables.byteOffset
    return classProps[Int(cls)]
  }

  /// Decodes the scalar at `i` (< `count`) and returns it with its properties.
  @inline(__always)
  func char(_ i: Int) -> (scalar: UInt32, length: Int, props: UInt32) {
    let (c, l) = decode(i)
    return (c, l, props(c))
  }

  /// Properties of the scalar at `i`, or 0 at or past `limit`.
  @inline(__always)
  func propsAt(_ i: Int) -> (props: UInt32, length: Int) {
    if i >= limit { return (0, 0) }
    let (c, l) = decode(i)
    return (props(c), l)
  }

  /// Skips Extend/Format/ZWJ code points starting at `i` (the `EXT*` of the grammar).
  @inline(__always)
  func afterExt(_ i: Int) -> Int {
    var q = i
    while q < limit {
      if base[q] < 0x80 { return q }
      let (p, l) = propsAt(q)
      if p & CharProp.ext == 0 { return q }
      q += l
    }
    return q
  }

  /// Skips a maximal run of code points that have any of `mask` (used for runs whose members
  /// are `X` or Extend).
  @inline(__always)
  func skipWhile(_ i: Int, _ mask: UInt32) -> Int {
    var q = i
    while q < limit {
      let (p, l) = propsAt(q)
      if p & mask == 0 { return q }
      q += l
    }
    return q
  }

  /// ASCII bytes that can never start a token (everything except letters, digits, `#`, `*`, `_`).
  @inline(__always)
  static func asciiSkip(_ b: UInt8) -> Bool {
    let l = b | 0x20
    if l >= 0x61 && l <= 0x7A { return false }
    if b >= 0x30 && b <= 0x39 { return false }
    return b != 0x23 && b != 0x2A && b != 0x5F
  }

  /// The model's `MASTER.match` at `p` within `limit`, with `_classify`'s emoji/word choice.
  func matchAt(_ p: Int, length len: Int, props pr: UInt32) -> (end: Int, type: ScanType)? {
    if pr & CharProp.runChar != 0 {
      return (skipWhile(p + len, CharProp.runChar | CharProp.ext), .run)
    }
    if pr & CharProp.emojiStart != 0, let e = emojiLongest(p) {
      if let w = wordMatch(p), w.end > e { return w }
      return (e, .emoji)
    }
    if pr & CharProp.wordStart != 0, let w = wordMatch(p) {
      return w
    }
    if pr & CharProp.complex != 0 {
      return (skipWhile(p + len, CharProp.complex | CharProp.ext), .southeastAsian)
    }
    if pr & CharProp.han != 0 {
      return (afterExt(p + len), .ideographic)
    }
    if pr & CharProp.hiragana != 0 {
      return (afterExt(p + len), .hiragana)
    }
    return nil
  }

  /// Number of UTF-16 code units of the (valid) bytes `s..<e`.
  func utf16Count(_ s: Int, _ e: Int) -> Int {
    var n = 0
    for i in s..<e {
      let b = base[i]
      if b & 0xC0 != 0x80 { n += b >= 0xF0 ? 2 : 1 }
    }
    return n
  }

  /// End of the longest prefix from `s` that fits in 255 UTF-16 units (Lucene's buffer).
  func truncationLimit(_ s: Int) -> Int {
    var q = s
    var units = 0
    while q < count {
      let (_, l) = decode(q)
      let u = l == 4 ? 2 : 1
      if units + u > TokenScanner.maxTokenLength { break }
      units += u
      q += l
    }
    return q
  }
}
