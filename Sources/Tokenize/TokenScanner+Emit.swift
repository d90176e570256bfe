extension TokenScanner {
  typealias Body = (Token, UnsafeBufferPointer<UInt8>) throws -> Void

  // MARK: - CJK runs

  /// Scans a `RUN` group (Han/Hiragana characters that can start no other rule, each with its
  /// Extend tail) from `p` and feeds its code points to the pending CJK run. Returns its end.
  @inline(__always)
  mutating func scanRun(from p: Int, _ body: Body) rethrows -> Int {
    if p != runEnd { try flushRun(body) }
    if runCount == 0 { runBase = nextPosition }
    tokenHasUnit = false
    var q = p
    while q < text.count {
      // fast path: CJK Unified Ideographs (and Extension A), all run characters that fold to
      // themselves (gen_tables.py asserts this)
      let b0 = text.base[q]
      if b0 >= 0xE3 && b0 <= 0xE9 && q + 2 < text.count {
        let b1 = text.base[q + 1]
        let b2 = text.base[q + 2]
        if b1 & 0xC0 == 0x80 && b2 & 0xC0 == 0x80 {
          let v = UInt32(b0 & 0x0F) << 12 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F)
          if v >= 0x4E00 || (v >= 0x3400 && v <= 0x4DBF) {
            try addUnit(RunUnit(scalar: v, start: q, end: q + 3, identity: true), body)
            tokenHasUnit = true
            q += 3
            continue
          }
        }
      }
      let (c, l) = text.decode(q)
      let pr = text.props(c)
      if pr & (CharProp.runChar | CharProp.ext) == 0 { break }
      if pr & CharProp.folds != 0 {
        try addCJKScalar(c, q, l, body)
      } else {
        try addUnit(RunUnit(scalar: c, start: q, end: q + l, identity: true), body)
      }
      tokenHasUnit = true
      q += l
    }
    runEnd = q
    return q
  }

  /// Adds one CJK StandardTokenizer token (`s..<e`) to the pending run (or starts a new run).
  mutating func addCJKToken(_ s: Int, _ e: Int, _ body: Body) rethrows {
    if s != runEnd { try flushRun(body) }
    if runCount == 0 { runBase = nextPosition }
    tokenHasUnit = false
    var q = s
    while q < e {
      let (c, l) = text.decode(q)
      try addCJKScalar(c, q, l, body)
      tokenHasUnit = true
      q += l
    }
    runEnd = e
  }

  /// Width-folds one code point of a CJK token (CJKWidthFilter, with half-width voiced-mark
  /// composition against the previous code point of the same token) and adds it to the run.
  @inline(__always)
  mutating func addCJKScalar(_ c: UInt32, _ q: Int, _ l: Int, _ body: Body) rethrows {
    var f = c
    if c >= 0xFF01 && c <= 0xFF9F {
      if c <= 0xFF5E {
        f = c - 0xFEE0
      } else if c >= 0xFF65 {
        if (c == 0xFF9E || c == 0xFF9F) && tokenHasUnit,
          let composed = Self.compose(cur.scalar, c)
        {
          cur.scalar = composed
          cur.end = q + l
          cur.identity = false
          return
        }
        f = UInt32(UnicodeTables.kanaNorm[Int(c - 0xFF65)])
      }
    }
    try addUnit(RunUnit(scalar: f, start: q, end: q + l, identity: f == c), body)
  }

  /// Katakana + half-width (semi-)voiced mark -> composed katakana, or nil.
  @inline(__always)
  static func compose(_ prev: UInt32, _ mark: UInt32) -> UInt32? {
    guard prev >= 0x30A6 && prev <= 0x30FD else { return nil }
    let i = Int(prev - 0x30A6)
    let v = mark == 0xFF9E ? UnicodeTables.voiced[i] : UnicodeTables.semiVoiced[i]
    return v == 0 ? nil : UInt32(v)
  }

  /// Appends a unit to the pending run (Traditional → Simplified folded, when on); emits the
  /// bigram (and character) that became final.
  @inline(__always)
  mutating func addUnit(_ unit: RunUnit, _ body: Body) rethrows {
    var u = unit
    if let fold {
      let folded = ScriptFolding.fold(u.scalar, bmp: fold)
      if folded != u.scalar {
        u.scalar = folded
        u.identity = false
      }
    }
    if runCount >= 2 {
      let position = runBase + runCount - 2
      try emitPair(prev, cur, position, body)
      if emitsCharacters { try emitUnit(prev, position, .character, body) }
    }
    prev = cur
    cur = u
    runCount += 1
  }

  /// Ends the pending CJK run: emits its last bigram (or its single) and characters.
  mutating func flushRun(_ body: Body) rethrows {
    guard runCount > 0 else { return }
    if runCount == 1 {
      try emitUnit(cur, runBase, .single, body)
      if emitsCharacters { try emitUnit(cur, runBase, .character, body) }
    } else {
      let position = runBase + runCount - 2
      try emitPair(prev, cur, position, body)
      if emitsCharacters {
        try emitUnit(prev, position, .character, body)
        try emitUnit(cur, position + 1, .character, body)
      }
    }
    nextPosition = runBase + runCount + 1
    runCount = 0
    runEnd = -1
  }

  @inline(__always)
  func emitPair(_ a: RunUnit, _ b: RunUnit, _ position: Int, _ body: Body) rethrows {
    let token = Token(start: a.start, end: b.end, position: position, kind: .bigram)
    if a.identity && b.identity && a.end == b.start {
      try body(token, UnsafeBufferPointer(start: text.base + a.start, count: b.end - a.start))
    } else {
      var n = Self.encode(a.scalar, scratch)
      n += Self.encode(b.scalar, scratch + n)
      try body(token, UnsafeBufferPointer(start: scratch, count: n))
    }
  }

  @inline(__always)
  func emitUnit(_ a: RunUnit, _ position: Int, _ kind: Token.Kind, _ body: Body) rethrows {
    let token = Token(start: a.start, end: a.end, position: position, kind: kind)
    if a.identity {
      try body(token, UnsafeBufferPointer(start: text.base + a.start, count: a.end - a.start))
    } else {
      let n = Self.encode(a.scalar, scratch)
      try body(token, UnsafeBufferPointer(start: scratch, count: n))
    }
  }

  /// Writes the UTF-8 encoding of `c` to `out`; returns its length.
  @inline(__always)
  static func encode(_ c: UInt32, _ out: UnsafeMutablePointer<UInt8>) -> Int {
    if c < 0x80 {
      out[0] = UInt8(c)
      return 1
    }
    if c < 0x800 {
      out[0] = UInt8(0xC0 | c >> 6)
      out[1] = UInt8(0x80 | c & 0x3F)
      return 2
    }
    if c < 0x10000 {
      out[0] = UInt8(0xE0 | c >> 12)
      out[1] = UInt8(0x80 | (c >> 6) & 0x3F)
      out[2] = UInt8(0x80 | c & 0x3F)
      return 3
    }
    out[0] = UInt8(0xF0 | c >> 18)
    out[1] = UInt8(0x80 | (c >> 12) & 0x3F)
    out[2] = UInt8(0x80 | (c >> 6) & 0x3F)
    out[3] = UInt8(0x80 | c & 0x3F)
    return 4
  }

  // MARK: - Words

  /// Emits a non-CJK token `s..<e` (at most 255 UTF-16 units): width-folded and lowercased.
  mutating func emitWord(_ s: Int, _ e: Int, _ body: Body) rethrows {
    try flushRun(body)
    let token = Token(start: s, end: e, position: nextPosition, kind: .word)
    nextPosition += 2
    // Unchanged by folding? Then hand out the original bytes.
    var q = s
    var changes = false
    while q < e {
      let b = text.base[q]
      if b < 0x80 {
        if b >= 0x41 && b <= 0x5A {
          changes = true
          break
        }
        q += 1
        continue
      }
      let (c, l) = text.decode(q)
      if text.props(c) & CharProp.folds != 0 {
        changes = true
        break
      }
      q += l
    }
    if !changes {
      try body(token, UnsafeBufferPointer(start: text.base + s, count: e - s))
      return
    }
    // Copy the unchanged prefix, then fold the rest.
    let prefix = q - s
    (scratch).update(from: text.base + s, count: prefix)
    var n = prefix
    var lastScalar: UInt32 = 0
    var lastAt = -1
    if prefix > 0 {
      // the previous output code point (for voiced-mark composition) ends the prefix
      var k = prefix - 1
      while k > 0 && scratch[k] & 0xC0 == 0x80 { k -= 1 }
      lastAt = k
      lastScalar = text.decode(s + k).scalar
    }
    while q < e {
      let (c, l) = text.decode(q)
      q += l
      var f = c
      if c < 0x80 {
        if c >= 0x41 && c <= 0x5A { f = c + 0x20 }
      } else if text.props(c) & CharProp.folds != 0 {
        if c >= 0xFF01 && c <= 0xFF5E {
          f = c - 0xFEE0
        } else if c >= 0xFF65 && c <= 0xFF9F {
          if c == 0xFF9E || c == 0xFF9F, lastAt >= 0, let composed = Self.compose(lastScalar, c) {
            // same UTF-8 length (both in U+30xx)
            _ = Self.encode(composed, scratch + lastAt)
            lastScalar = composed
            continue
          }
          f = UInt32(UnicodeTables.kanaNorm[Int(c - 0xFF65)])
        }
        // the model composes against the width-folded (not yet lowercased) code point
        let widthFolded = f
        f = Self.lower(f)
        lastAt = n
        n += Self.encode(f, scratch + n)
        lastScalar = widthFolded
        continue
      }
      lastAt = n
      n += Self.encode(f, scratch + n)
      lastScalar = f
    }
    try body(token, UnsafeBufferPointer(start: scratch, count: n))
  }

  /// Java `Character.toLowerCase` as the model computes it (`str.lower()`, first code point).
  static func lower(_ c: UInt32) -> UInt32 {
    if c < 0x80 { return c >= 0x41 && c <= 0x5A ? c + 0x20 : c }
    let from = UnicodeTables.lowerFrom
    var lo = 0
    var hi = from.count
    while lo < hi {
      let mid = (lo + hi) >> 1
      if from[mid] < c { lo = mid + 1 } else { hi = mid }
    }
    return lo < from.count && from[lo] == c ? UnicodeTables.lowerTo[lo] : c
  }
}
