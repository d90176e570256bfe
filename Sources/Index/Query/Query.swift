/// A parsed query: the clauses a document must match and the phrases it must not match.
///
/// Parsing depends only on the tokenizer, not on an index, so a `Query` can be shown, compared
/// and tested on its own. The structure is a conjunction of disjunctions: every clause is
/// required, and a clause is satisfied by any one of its alternatives (words joined by `OR`).
public struct Query: Sendable, Equatable, Hashable, CustomStringConvertible {
  /// The required clauses (AND); each holds one or more alternatives joined by `OR`. The
  /// parser never returns a query without clauses; one built by hand matches nothing.
  package var clauses: [[QueryPhrase]]
  /// Phrases that exclude a document when any of them matches it (`-word`, `-"phrase"`).
  package var exclusions: [QueryPhrase]

  /// Set when the query text was longer than a query may be: how much of it was read.
  package var shortened: Shortening? = nil

  /// How a query that exceeded the parser's caps (1,000 characters, 128 terms) was cut.
  public struct Shortening: Sendable, Equatable, Hashable, Codable {
    /// The characters (Unicode scalars) of the text that were read, from its start.
    public var keptCharacters: Int
    /// The characters of the whole text.
    public var characters: Int

    package init(keptCharacters: Int, characters: Int) {
      self.keptCharacters = keptCharacters
      self.characters = characters
    }
  }

  package init(clauses: [[QueryPhrase]], exclusions: [QueryPhrase] = []) {
    self.clauses = clauses
    self.exclusions = exclusions
  }

  /// Every alternative of every clause, in query order.
  package var positivePhrases: [QueryPhrase] { clauses.flatMap { $0 } }

  public var description: String {
    var parts = clauses.map { clause in
      clause.count == 1
        ? clause[0].description
        : "(" + clause.map(\.description).joined(separator: " OR ") + ")"
    }
    parts += exclusions.map { "-\($0.description)" }
    return parts.joined(separator: " ")
  }
}
