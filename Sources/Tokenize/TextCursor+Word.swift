extension TextCursor {
  /// The model's `WORD` regex matched at `s` (first-match backtracking semantics, which for
  /// this grammar is a greedy parse), within `limit`; with the token type of `_word_type`.
  func wordMatch(_ s: Int) -> (end: Int, type: ScanType)? {
    var nonNumeric = false
    var pos = skipExtendNumLets(s)
    guard let u = wordUnit(pos, &nonNumeric) else { return nil }
    pos = u
    // (ExtendNumLet+ WORD_UNIT)*
    while true {
      let q = skipExtendNumLets(pos)
      if q == pos { break }
      guard let u2 = wordUnit(q, &nonNumeric) else { break }
      pos = u2
    }
    pos = skipExtendNumLets(pos)
    if !nonNumeric { return (pos, .num) }
    return (pos, wordType(s, pos))
  }

  /// `_word_type` for a token known not to be numeric: Hangul, Katakana or alphanumeric.
  func wordType(_ s: Int, _ e: Int) -> ScanType {
    let (first, l0) = propsAt(s)
    let letter: UInt32
    if first & CharProp.hangul != 0 {
      letter = CharProp.hangul
    } else if first & CharProp.katakana != 0 {
      letter = CharProp.katakana
    } else {
      return .alphanum
    }
    var q = s + l0
    while q < e {
      let (c, l) = decode(q)
      if props(c) & (letter | CharProp.ext) == 0 { return .alphanum }
      q += l
    }
    return letter == CharProp.hangul ? .hangul : .katakana
  }

  /// `ExtendNumLet_EX*`.
  @inline(__always)
  func skipExtendNumLets(_ i: Int) -> Int {
    var q = i
    while true {
      let (p, l) = propsAt(q)
      if p & CharProp.extendNumLet == 0 { return q }
      q = afterExt(q + l)
    }
  }

  /// `WORD_UNIT` at `pos`: a Katakana chain, or one or more Hebrew-quote / numeric-chain /
  /// letter-chain pieces.
  func wordUnit(_ start: Int, _ nonNumeric: inout Bool) -> Int? {
    var pos = start
    let (p0, l0) = propsAt(pos)
    if p0 & CharProp.katakana != 0 {
      nonNumeric = true
      pos = afterExt(pos + l0)
      while true {
        let q = skipExtendNumLets(pos)
        let (p, l) = propsAt(q)
        if p & CharProp.katakana == 0 { break }
        pos = afterExt(q + l)
      }
      return pos
    }
    var matched = false
    while true {
      let (p, l) = propsAt(pos)
      if p & CharProp.hebrew != 0 {
        // HEBREW_EX (SINGLEQUOTE_EX | DOUBLEQUOTE_EX HEBREW_EX)
        let p1 = afterExt(pos + l)
        let (q1, l1) = propsAt(p1)
        if q1 & CharProp.singleQuote != 0 {
          pos = afterExt(p1 + l1)
          matched = true
          nonNumeric = true
          continue
        }
        if q1 & CharProp.doubleQuote != 0 {
          let p2 = afterExt(p1 + l1)
          let (q2, l2) = propsAt(p2)
          if q2 & CharProp.hebrew != 0 {
            pos = afterExt(p2 + l2)
            matched = true
            nonNumeric = true
            continue
          }
        }
      }
      if p & CharProp.numeric != 0 {
        pos = chain(afterExt(pos + l), CharProp.numeric, CharProp.midNum)
        matched = true
        continue
      }
      if p & CharProp.ahLetter != 0 {
        pos = chain(afterExt(pos + l), CharProp.ahLetter, CharProp.midLetter)
        matched = true
        nonNumeric = true
        continue
      }
      break
    }
    return matched ? pos : nil
  }

  /// `((ExtendNumLet_EX* | MID_EX) X_EX)*` after a first `X_EX`.
  @inline(__always)
  func chain(_ start: Int, _ x: UInt32, _ mid: UInt32) -> Int {
    var pos = start
    while true {
      // fast path: ASCII letter/digit directly following
      let q = skipExtendNumLets(pos)
      let (p, l) = propsAt(q)
      if p & x != 0 {
        pos = afterExt(q + l)
        continue
      }
      let (pm, lm) = propsAt(pos)
      if pm & mid != 0 {
        let q2 = afterExt(pos + lm)
        let (p2, l2) = propsAt(q2)
        if p2 & x != 0 {
          pos = afterExt(q2 + l2)
          continue
        }
      }
      return pos
    }
  }
}
