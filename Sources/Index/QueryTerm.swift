/// One token of a query word or phrase: its term, where it must stand, and how it matches.
///
/// The kinds exist because Lucene's bigrams cannot find a lone character everywhere it occurs:
/// a one-character word searches the index's character term instead, and a lone character
/// beside other tokens (`年` in `2020年`) also accepts a bigram that starts with it (`年度`).
public struct QueryTerm: Sendable, Equatable, Hashable, CustomStringConvertible {
  /// How a query token is looked up and matched.
  public enum Kind: Sendable, Equatable, Hashable {
    /// A Lucene term (bigram, word or lone character) that must occur as is.
    case term
    /// A word that is exactly one CJK character: the character term, any occurrence anywhere.
    case character
    /// A lone CJK character next to other tokens: at its position the document may hold the
    /// lone-character term or any bigram starting with the character; scored as the character.
    case single
  }

  /// The term text (folded and lowercased, as the tokenizer emits it).
  public var text: String
  /// The token's position relative to the first token of its phrase.
  public var offset: Int
  /// How the token matches.
  public var kind: Kind

  public init(text: String, offset: Int, kind: Kind) {
    self.text = text
    self.offset = offset
    self.kind = kind
  }

  /// The term's UTF-8 bytes.
  var bytes: [UInt8] { Array(text.utf8) }

  public var description: String {
    switch kind {
    case .term: return "\(text)@\(offset)"
    case .character: return "\(text)@\(offset)(char)"
    case .single: return "\(text)@\(offset)(single)"
    }
  }
}
