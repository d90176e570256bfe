/// The token types of Lucene's StandardTokenizer that the scanner distinguishes.
enum ScanType: UInt8 {
  /// A run of adjacent `<IDEOGRAPHIC>`/`<HIRAGANA>` characters (each with its Extend tail).
  case run
  /// One Han character (with its Extend tail) that cannot join a run.
  case ideographic
  /// One Hiragana character (with its Extend tail) that cannot join a run.
  case hiragana
  /// A word made only of Katakana (and Extend marks).
  case katakana
  /// A word made only of Hangul letters (and Extend marks).
  case hangul
  case alphanum
  case num
  case southeastAsian
  case emoji

  /// Whether CJKBigramFilter bigrams tokens of this type.
  @inline(__always) var isCJK: Bool { rawValue <= ScanType.hangul.rawValue }
}

/// One code point of a CJK run after width folding, with its bytes in the original text.
struct RunUnit {
  /// The folded code point.
  var scalar: UInt32 = 0
  var start: Int = 0
  var end: Int = 0
  /// The original bytes `start..<end` are exactly the UTF-8 encoding of `scalar`.
  var identity: Bool = true
}

/// The scanner behind `Tokenizer`: a hand-written transcription of the reference model
/// (`cjk_bigram.py`, i.e. Lucene's StandardTokenizer + CJKWidthFilter + LowerCaseFilter +
/// CJKBigramFilter) over UTF-8 bytes.
///
/// It mirrors the model's `MASTER.search` loop: at each position the alternatives are tried in
/// the model's order (run, emoji, word, Southeast Asian, Han, Hiragana); a position where none
/// matches is skipped. Tokens longer than 255 UTF-16 units are re-matched inside a 255-unit
/// window, as Lucene's scanner buffer does.
struct TokenScanner {
  /// The text and the tables.
  var text: TextCursor
  /// Scratch space for one folded term (at least `TokenScanner.scratchCapacity` bytes).
  let scratch: UnsafeMutablePointer<UInt8>
  let emitsCharacters: Bool
  /// `ScriptFolding.bmp` when Traditional characters fold to Simplified ones, else nil.
  let fold: UnsafePointer<UInt16>?

  /// Position of the next token (see `Token.position`).
  var nextPosition = 0
  /// Byte offset where the pending CJK run ends (`-1`: no run).
  var runEnd = -1
  /// Number of units in the pending CJK run.
  var runCount = 0
  /// Position of the pending run's first unit.
  var runBase = 0
  /// The last two units of the pending run (`cur` is the newest).
  var prev = RunUnit()
  var cur = RunUnit()
  /// Whether the CJK token being added already produced a unit (for kana voiced-mark composition).
  var tokenHasUnit = false

  /// Longest token a term can come from is 255 UTF-16 units = at most 255 code points, each
  /// folding to at most 4 UTF-8 bytes.
  static let scratchCapacity = 1024 + 16
  static let maxTokenLength = 255

  init(
    base: UnsafePointer<UInt8>, count: Int, classProps: UnsafePointer<UInt32>,
    scratch: UnsafeMutablePointer<UInt8>, emitsCharacters: Bool, fold: UnsafePointer<UInt16>?
  ) {
    self.text = TextCursor(base: base, count: count, classProps: classProps)
    self.scratch = scratch
    self.emitsCharacters = emitsCharacters
    self.fold = fold
  }

  // MARK: - Driver

  /// Tokenizes the whole text, calling `body` for every token in order.
  mutating func run(_ body: (Token, UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
    let startMask =
      CharProp.runChar | CharProp.emojiStart | CharProp.wordStart | CharProp.complex
      | CharProp.han | CharProp.hiragana
    let count = text.count
    let base = text.base
    var p = 0
    while p < count {
      let b = base[p]
      if b < 0x80 && TextCursor.asciiSkip(b) {
        p += 1
        continue
      }
      let (c, len) = text.decode(p)
      let pr = text.props(c)
      if pr & startMask == 0 {
        p += len
        continue
      }
      if pr & CharProp.runChar != 0 {
        p = try scanRun(from: p, body)
        continue
      }
      // Match inside a window that is far longer than any token that is kept (255 UTF-16
      // units <= 1020 bytes): this bounds the work per token on pathological input (a word of
      // megabytes), and gives the same result as the whole text, because every construct that
      // looks ahead beyond a match (ExtendNumLet runs, Extend runs, ZWJ runs) also consumes
      // what it looks at, so a match cut by the window is itself longer than 255 units.
      text.limit = windowEnd(p)
      guard var m = text.matchAt(p, length: len, props: pr) else {
        p = skipAfterFailure(p, len, pr)
        continue
      }
      if m.end - p > TokenScanner.maxTokenLength
        && text.utf16Count(p, m.end) > TokenScanner.maxTokenLength
      {
        text.limit = text.truncationLimit(p)
        guard let m2 = text.matchAt(p, length: len, props: pr) else {
          text.limit = count
          p += len
          continue
        }
        m = m2
        text.limit = count
      }
      if m.type.isCJK {
        try addCJKToken(p, m.end, body)
      } else {
        try emitWord(p, m.end, body)
      }
      p = m.end
    }
    try flushRun(body)
  }

  /// Bytes of lookahead a match may use (see `run`).
  static let matchWindow = 4096

  /// End of the match window from `p`: `p + matchWindow`, moved to a character boundary.
  @inline(__always)
  func windowEnd(_ p: Int) -> Int {
    var w = p + TokenScanner.matchWindow
    if w >= text.count { return text.count }
    while w < text.count && text.base[w] & 0xC0 == 0x80 { w += 1 }
    return w
  }

  /// Where to resume after no token matched at `p`. Normally the next code point; inside a run
  /// of ExtendNumLet (or ZWJ) code points, further positions of the run fail the same way, so
  /// they are skipped at once (this keeps `____...` linear): when the run ends inside the match
  /// window, every later ExtendNumLet (ZWJ) of it reaches the same end and fails; when it does
  /// not, any match from a position more than 1024 bytes (> 255 UTF-16 units) before the window
  /// end would be longer than 255 units, and its re-match inside 255 units (ExtendNumLets or
  /// ZWJs only) fails.
  func skipAfterFailure(_ p: Int, _ len: Int, _ pr: UInt32) -> Int {
    let mask: UInt32
    let end: Int
    if pr & CharProp.extendNumLet != 0 {
      mask = CharProp.extendNumLet
      end = text.skipExtendNumLets(p)
    } else if pr & CharProp.zwj != 0 {
      mask = CharProp.zwj
      end = text.skipWhile(p, CharProp.zwj)
    } else {
      return p + len
    }
    let bound = end >= text.limit && end < text.count ? end - 1024 : end
    var q = p + len
    while q < bound {
      let (c, l) = text.decode(q)
      if text.props(c) & mask == 0 { break }
      q += l
    }
    return q
  }
}
