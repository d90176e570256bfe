/// One word or quoted phrase of a query, with its tokens at their relative positions.
///
/// A word and a quoted phrase match the same way (all tokens at the same relative positions
/// as in the query); the phrase keeps what was typed so that messages can quote it back.
public struct QueryPhrase: Sendable, Equatable, Hashable, CustomStringConvertible {
  /// The word or the quoted text as typed (without the quotes or a leading `-`).
  public var text: String
  /// Whether it was typed in quotes.
  public var isQuoted: Bool
  /// Its tokens in order of position; never empty.
  public var terms: [QueryTerm]

  public init(text: String, isQuoted: Bool = false, terms: [QueryTerm]) {
    self.text = text
    self.isQuoted = isQuoted
    self.terms = terms
  }

  public var description: String {
    let inner = terms.map(\.description).joined(separator: " ")
    return isQuoted ? "\"\(inner)\"" : terms.count == 1 ? inner : "[\(inner)]"
  }
}
