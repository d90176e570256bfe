/// One token of a query word or phrase: its term, where it must stand, and how it matches.
///
/// The kinds exist because Lucene's bigrams cannot find a lone character everywhere it occurs:
/// a one-character word searches the index's character term instead, a lone character beside
/// other tokens (`年` in `"2020 年"`) also accepts a bigram that starts with it (`年度`), and a
/// character glued to a word (`年` in `2020年`) must be glued to it in the document too.
package struct QueryTerm: Sendable, Equatable, Hashable, CustomStringConvertible {
  /// How a query token is looked up and matched.
  package enum Kind: Sendable, Equatable, Hashable {
    /// A Lucene term (bigram, word or lone character) that must occur as is.
    case term
    /// A word that is exactly one CJK character: the character term, any occurrence anywhere.
    case character
    /// A lone CJK character next to other tokens: at its position the document may hold the
    /// lone-character term or any bigram starting with the character; scored as the character.
    /// Glued to a word (see `attachment`), it must be glued the same way in the document.
    case loneCharacter
  }

  /// Which non-CJK neighbours a `.loneCharacter` token is glued to in the query text.
  ///
  /// A glued character (`年` in `2020年`, `第` in `第1`) must be glued the same way in a
  /// document, which the index's attached-character terms record directly; searching them
  /// spares the union of every bigram that starts with the character.
  package struct Attachment: OptionSet, Sendable, Hashable {
    package let rawValue: UInt8
    package init(rawValue: UInt8) { self.rawValue = rawValue }
    /// The character starts right where a word or number ends (`年` in `2020年`).
    package static let afterWord = Attachment(rawValue: 1)
    /// The character ends right where a word or number starts (`第` in `第1`).
    package static let beforeWord = Attachment(rawValue: 2)
  }

  /// The term text (folded and lowercased, as the tokenizer emits it).
  package var text: String
  /// The token's position relative to the first token of its phrase.
  package var position: Int
  /// How the token matches.
  package var kind: Kind
  /// For a `.loneCharacter` token: the words it is glued to (empty for the other kinds).
  package var attachment: Attachment

  package init(text: String, position: Int, kind: Kind, attachment: Attachment = []) {
    self.text = text
    self.position = position
    self.kind = kind
    self.attachment = attachment
  }

  /// The term's UTF-8 bytes.
  var bytes: [UInt8] { Array(text.utf8) }

  package var description: String {
    switch kind {
    case .term: return "\(text)@\(position)"
    case .character: return "\(text)@\(position)(char)"
    case .loneCharacter:
      let glue =
        (attachment.contains(.afterWord) ? "<" : "") + (attachment.contains(.beforeWord) ? ">" : "")
      return "\(text)@\(position)(single\(glue))"
    }
  }
}
