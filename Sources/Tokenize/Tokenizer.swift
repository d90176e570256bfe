/// Lucene 9.8 `CJKAnalyzer` (without stop words) over UTF-8 bytes.
///
/// The analysis chain is Lucene's `StandardTokenizer` (UAX #29 word breaks as its JFlex grammar
/// states them, emoji sequences, maximum token length 255 UTF-16 units) → `CJKWidthFilter`
/// (full-width ASCII → ASCII, half-width katakana → full-width with voiced-mark composition) →
/// `LowerCaseFilter` (Java `Character.toLowerCase`, per code point) → `CJKBigramFilter`
/// (overlapping bigrams over runs of adjacent Han, Hiragana, Katakana and Hangul tokens; a run
/// of one code point is emitted alone). The executable specification is the reference model
/// `cjk_bigram.py` called as `tokenize(text, stopwords=False)`; the character tables in
/// `UnicodeTables.swift` are generated from the same Unicode data the model uses.
///
/// Tokens come in order of position. Positions are consecutive within a CJK run (one per code
/// point of the width-folded run: a bigram has the position of its first code point), and every
/// break leaves a gap of one position: a run of `n` code points advances the position by
/// `n + 1`, a non-CJK token by 2.
///
/// Tokenizing allocates nothing per token: terms are handed out as buffers that are valid only
/// during the callback (either a slice of the input, when folding changes nothing, or a scratch
/// buffer reused for every term).
public struct Tokenizer: Sendable {
  /// Also emit a `.character` token for every CJK code point (for one-character queries).
  ///
  /// For each code point of a CJK run (after width folding; a half-width katakana with its
  /// voiced mark counts as one), the character token has the code point's position and the
  /// byte range of the code point (or of the composed pair). At a position shared with a
  /// bigram or single, the bigram or single comes first.
  public var emitsCharacters: Bool

  public init(emitsCharacters: Bool = false) {
    self.emitsCharacters = emitsCharacters
  }

  /// Calls `body` once per token, in order of position; `term` is valid only during the call.
  ///
  /// `term` holds the folded, lowercased UTF-8 bytes of the token; `Token.start`/`end` are the
  /// byte range of the token in `bytes` (before folding).
  ///
  /// Invalid UTF-8 never traps: each maximal invalid subsequence (in the sense of the Unicode
  /// "substitution of maximal subparts" practice, the one `String(decoding:as:)` follows) is
  /// read as U+FFFD REPLACEMENT CHARACTER, which belongs to no token: it breaks words and CJK
  /// runs like punctuation and produces no token itself.
  public func tokenize(
    utf8 bytes: UnsafeBufferPointer<UInt8>,
    _ body: (Token, _ term: UnsafeBufferPointer<UInt8>) throws -> Void
  ) rethrows {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return }
    try UnicodeTables.classProps.withUnsafeBufferPointer { classProps in
      try withUnsafeTemporaryAllocation(
        of: UInt8.self, capacity: TokenScanner.scratchCapacity
      ) { scratch in
        var scanner = TokenScanner(
          base: base, count: bytes.count, classProps: classProps.baseAddress!,
          scratch: scratch.baseAddress!, emitsCharacters: emitsCharacters)
        try scanner.run(body)
      }
    }
  }

  /// Tokenizes a string; see `tokenize(utf8:_:)`. Offsets are UTF-8 offsets into `text`.
  public func tokenize(
    _ text: String, _ body: (Token, _ term: UnsafeBufferPointer<UInt8>) throws -> Void
  ) rethrows {
    var text = text
    try text.withUTF8 { try tokenize(utf8: $0, body) }
  }
}
