/// States of the emoji NFA (bit positions), transcribed from the model's `EMOJI` regex:
/// `SEQ ((ZWJ SEQ)* | TAG+ E007F) | KEYCAP_BASE_EX FE0F? KEYCAP_EX | RI_EX RI_EX`.
enum EmojiState {
  // first SEQ: ZWJ* EMOJI_CHAR_EX FE0F? | (ZWJ* MODBASE_EX)? MOD_EX
  static let fZwj: UInt32 = 1 << 0
  static let fChar: UInt32 = 1 << 1
  static let fCharFE0F: UInt32 = 1 << 2
  static let fModBase: UInt32 = 1 << 3
  static let fMod: UInt32 = 1 << 4
  // a SEQ after a joining ZWJ
  static let iBegin: UInt32 = 1 << 5
  static let iZwj: UInt32 = 1 << 6
  static let iChar: UInt32 = 1 << 7
  static let iCharFE0F: UInt32 = 1 << 8
  static let iModBase: UInt32 = 1 << 9
  static let iMod: UInt32 = 1 << 10
  // tag sequence
  static let tag: UInt32 = 1 << 11
  static let tagEnd: UInt32 = 1 << 12
  // keycap
  static let keycapBase: UInt32 = 1 << 13
  static let keycapFE0F: UInt32 = 1 << 14
  static let keycap: UInt32 = 1 << 15
  // regional indicator pair
  static let ri1: UInt32 = 1 << 16
  static let ri2: UInt32 = 1 << 17

  static let accepting: UInt32 =
    fChar | fCharFE0F | fMod | iChar | iCharFE0F | iMod | tagEnd | keycap | ri2
  static let firstComplete: UInt32 = fChar | fCharFE0F | fMod
  static let iterComplete: UInt32 = iChar | iCharFE0F | iMod
}

extension TextCursor {
  /// End of the longest match of the model's `EMOJI` regex at `s` (POSIX leftmost-longest,
  /// like `EMOJI_LONGEST_RE`), or nil.
  func emojiLongest(_ s: Int) -> Int? {
    typealias S = EmojiState
    var (pr, l) = propsAt(s)
    // fast reject: an ASCII keycap base followed by ASCII
    if l == 1 && pr & CharProp.keycapBase != 0 && (s + 1 >= limit || base[s + 1] < 0x80) {
      return nil
    }
    var states: UInt32 = 0
    if pr & CharProp.zwj != 0 { states |= S.fZwj }
    if pr & CharProp.emojiChar != 0 { states |= S.fChar }
    if pr & CharProp.emojiModBase != 0 { states |= S.fModBase }
    if pr & CharProp.emojiMod != 0 { states |= S.fMod }
    if pr & CharProp.keycapBase != 0 { states |= S.keycapBase }
    if pr & CharProp.regional != 0 { states |= S.ri1 }
    var q = s + l
    var best = states & S.accepting != 0 ? q : -1
    while states != 0 && q < limit {
      (pr, l) = propsAt(q)
      states = Self.emojiStep(states, pr)
      q += l
      if states & S.accepting != 0 { best = q }
    }
    return best < 0 ? nil : best
  }

  static func emojiStep(_ st: UInt32, _ pr: UInt32) -> UInt32 {
    typealias S = EmojiState
    let zwj = pr & CharProp.zwj != 0
    let ec = pr & CharProp.emojiChar != 0
    let mb = pr & CharProp.emojiModBase != 0
    let mod = pr & CharProp.emojiMod != 0
    let extNP = pr & CharProp.extNP != 0
    let ext = pr & CharProp.ext != 0
    let fe0f = pr & CharProp.fe0f != 0
    var n: UInt32 = 0
    if st & S.fZwj != 0 {
      if zwj { n |= S.fZwj }
      if ec { n |= S.fChar }
      if mb { n |= S.fModBase }
    }
    if st & S.fChar != 0 {
      if extNP { n |= S.fChar }
      if fe0f { n |= S.fCharFE0F }
    }
    if st & S.fModBase != 0 {
      if extNP { n |= S.fModBase }
      if mod { n |= S.fMod }
    }
    if st & S.fMod != 0 && extNP { n |= S.fMod }
    if st & S.firstComplete != 0 {
      if zwj { n |= S.iBegin }
      if pr & CharProp.tag != 0 { n |= S.tag }
    }
    if st & S.iBegin != 0 {
      if zwj { n |= S.iZwj }
      if ec { n |= S.iChar }
      if mb { n |= S.iModBase }
      if mod { n |= S.iMod }
    }
    if st & S.iZwj != 0 {
      if zwj { n |= S.iZwj }
      if ec { n |= S.iChar }
      if mb { n |= S.iModBase }
    }
    if st & S.iChar != 0 {
      if extNP { n |= S.iChar }
      if fe0f { n |= S.iCharFE0F }
    }
    if st & S.iModBase != 0 {
      if extNP { n |= S.iModBase }
      if mod { n |= S.iMod }
    }
    if st & S.iMod != 0 && extNP { n |= S.iMod }
    if st & S.iterComplete != 0 && zwj { n |= S.iBegin }
    if st & S.tag != 0 {
      if pr & CharProp.tag != 0 { n |= S.tag }
      if pr & CharProp.tagEnd != 0 { n |= S.tagEnd }
    }
    if st & S.keycapBase != 0 {
      if extNP { n |= S.keycapBase }
      if fe0f { n |= S.keycapFE0F }
      if pr & CharProp.keycap != 0 { n |= S.keycap }
    }
    if st & S.keycapFE0F != 0 && pr & CharProp.keycap != 0 { n |= S.keycap }
    if st & S.keycap != 0 && extNP { n |= S.keycap }
    if st & S.ri1 != 0 {
      if ext { n |= S.ri1 }
      if pr & CharProp.regional != 0 { n |= S.ri2 }
    }
    if st & S.ri2 != 0 && ext { n |= S.ri2 }
    return n
  }
}
