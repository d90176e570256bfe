/// A token together with its term as a `String` (see `Tokenizer.tokens(_:)`).
public struct AnalyzedToken: Hashable, Sendable {
  /// Range, position and kind of the token.
  public var token: Token
  /// The folded, lowercased term.
  public var term: String

  public init(token: Token, term: String) {
    self.token = token
    self.term = term
  }
}
