/// One word or quoted phrase of a query, with its tokens at their relative positions.
///
/// A word and a quoted phrase match the same way (all tokens at the same relative positions
/// as in the query); the phrase keeps what was typed so that messages can quote it back.
package struct QueryPhrase: Sendable, Equatable, Hashable, CustomStringConvertible {
  /// The word or the quoted text as typed (without the quotes or a leading `-`).
  package var text: String
  /// Whether it was typed in quotes.
  package var isQuoted: Bool
  /// Whether a document must match it as written in every mode: typed with `+`, or joined to
  /// its neighbours by `AND` (`&&`). A quoted phrase is required anyway.
  package var isRequired = false
  /// Whether its last token is a Latin word typed with a trailing `*` (`comput*`): the search
  /// also matches the index's words that start with it (`QueryExpansion`).
  package var isPrefix = false
  /// Its tokens in order of position; never empty in a parsed query. A phrase built by hand
  /// without tokens matches nothing (and, as an exclusion, excludes nothing).
  package var terms: [QueryTerm]

  /// Where each token ends in `text` (UTF-8 offsets), kept so that the query cap can cut the
  /// text where the kept tokens end; not part of the phrase's identity.
  var tokenEnds: [Int] = []

  package init(text: String, isQuoted: Bool = false, terms: [QueryTerm]) {
    self.text = text
    self.isQuoted = isQuoted
    self.terms = terms
  }

  package static func == (a: QueryPhrase, b: QueryPhrase) -> Bool {
    a.text == b.text && a.isQuoted == b.isQuoted && a.isRequired == b.isRequired
      && a.isPrefix == b.isPrefix && a.terms == b.terms
  }

  package func hash(into hasher: inout Hasher) {
    hasher.combine(text)
    hasher.combine(isQuoted)
    hasher.combine(isRequired)
    hasher.combine(isPrefix)
    hasher.combine(terms)
  }

  /// Keeps the first `count` tokens (in the tokenizer's order) and the text up to where the
  /// last of them ends; returns that length in UTF-8 bytes.
  mutating func keep(_ count: Int) -> Int {
    let end = count > 0 && count <= tokenEnds.count ? tokenEnds[count - 1] : 0
    terms = Array(terms.prefix(count))
    tokenEnds = Array(tokenEnds.prefix(count))
    text = String(decoding: text.utf8.prefix(end), as: UTF8.self)
    let base = terms.map(\.position).min() ?? 0
    for i in terms.indices { terms[i].position -= base }
    return end
  }

  package var description: String {
    let inner = terms.map(\.description).joined(separator: " ") + (isPrefix ? "*" : "")
    let shown = isQuoted ? "\"\(inner)\"" : terms.count == 1 ? inner : "[\(inner)]"
    return isRequired ? "+" + shown : shown
  }

  /// Whether every document it returns must match it as written, whatever the mode.
  var mustMatch: Bool { isQuoted || isRequired }
}
