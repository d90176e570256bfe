/// One index term found in a text: where it came from, where it stands, and what kind it is.
///
/// The term's bytes are not stored here: the tokenizer hands them to its callback beside the
/// token, valid only during that call, so that tokenizing allocates nothing per token.
public struct Token: Hashable, Sendable {
  /// What produced a token; the index and the query engine treat the kinds differently.
  public enum Kind: UInt8, Sendable {
    /// A non-CJK word or number (`hello`, `2020`, `37.53kb`, an emoji), width-folded and lowercased.
    case word = 0
    /// Two adjacent CJK characters of one run (`教育`), as Lucene's CJKBigramFilter emits them.
    case bigram = 1
    /// A CJK character that stands alone in its run (`年` in `2020年`), as Lucene emits it.
    case single = 2
    /// Every CJK character, also inside runs; only emitted when `Tokenizer.emitsCharacters` is
    /// on. These are not Lucene terms: they let a one-character query find every document
    /// that contains the character anywhere.
    case character = 3
  }

  /// UTF-8 byte offset of the token's first byte in the original (unfolded) text.
  public var start: Int
  /// UTF-8 byte offset just past the token's last byte in the original text.
  public var end: Int
  /// The token's position: consecutive within a CJK run, with a gap of one at every break.
  public var position: Int
  /// What produced the token.
  public var kind: Kind

  /// The UTF-8 byte range of the token in the original text.
  public var range: Range<Int> { start..<end }

  public init(start: Int, end: Int, position: Int, kind: Kind) {
    self.start = start
    self.end = end
    self.position = position
    self.kind = kind
  }
}
