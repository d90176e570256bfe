import Tokenize

/// Turns what a user types into a `Query`: words, quoted phrases, `-` exclusions and `OR`.
///
/// The grammar is deliberately forgiving, since it serves a search box: an unclosed quote runs
/// to the end, an `OR` without a positive clause on both sides is ignored, and words without
/// any token (punctuation) are dropped. Only a query with nothing left to find is an error.
struct QueryParser: Sendable {
  /// Query words are analysed like documents, but without character tokens.
  let tokenizer = Tokenizer(emitsCharacters: false)

  /// One lexical item: a (possibly negated) word or phrase, or the `OR` operator.
  private enum Item {
    case phrase(QueryPhrase, negated: Bool)
    case or
  }

  /// Parses `text`; throws `.emptyQuery` or `.onlyExclusions` when nothing positive remains.
  func parse(_ text: String) throws(SearchError) -> Query {
    var clauses: [[QueryPhrase]] = []
    var exclusions: [QueryPhrase] = []
    var lastWasPositive = false
    var pendingOr = false
    for item in lex(text) {
      switch item {
      case .or:
        if lastWasPositive { pendingOr = true }
      case .phrase(let phrase, negated: true):
        exclusions.append(phrase)
        lastWasPositive = false
        pendingOr = false
      case .phrase(let phrase, negated: false):
        if pendingOr {
          clauses[clauses.count - 1].append(phrase)
        } else {
          clauses.append([phrase])
        }
        lastWasPositive = true
        pendingOr = false
      }
    }
    if clauses.isEmpty {
      throw exclusions.isEmpty ? .emptyQuery : .onlyExclusions
    }
    return Query(clauses: clauses, exclusions: exclusions)
  }

  /// Splits the text into items, dropping words that yield no token.
  private func lex(_ text: String) -> [Item] {
    let s = Array(text.unicodeScalars)
    var items: [Item] = []
    var i = 0
    while i < s.count {
      if Self.isSpace(s[i]) {
        i += 1
        continue
      }
      var negated = false
      if s[i] == "-", i + 1 < s.count, !Self.isSpace(s[i + 1]) {
        negated = true
        i += 1
      }
      let quoted = Self.isOpeningQuote(s[i])
      var start = i
      if quoted {
        i += 1
        start = i
        while i < s.count && !Self.isClosingQuote(s[i]) { i += 1 }
      } else {
        while i < s.count && !Self.isSpace(s[i]) { i += 1 }
      }
      var word = String.UnicodeScalarView()
      word.append(contentsOf: s[start..<i])
      let wordText = String(word)
      if quoted && i < s.count { i += 1 }  // the closing quote
      if !quoted && !negated && wordText == "OR" {
        items.append(.or)
      } else if let phrase = phrase(wordText, quoted: quoted) {
        items.append(.phrase(phrase, negated: negated))
      }
    }
    return items
  }

  /// Tokenizes one word or quoted text; nil when it has no token.
  func phrase(_ text: String, quoted: Bool) -> QueryPhrase? {
    var tokens: [(token: Token, text: String)] = []
    tokenizer.tokenize(text) { token, term in
      tokens.append((token, String(decoding: term, as: UTF8.self)))
    }
    guard let first = tokens.first else { return nil }
    let base = tokens.map(\.token.position).min() ?? first.token.position
    let terms = tokens.map { (token, text) -> QueryTerm in
      let kind: QueryTerm.Kind =
        token.kind == .single ? (tokens.count == 1 ? .character : .single) : .term
      var attachment: QueryTerm.Attachment = []
      if kind == .single {
        // Glued: a word token ends right where the character starts, or starts where it ends.
        for other in tokens where other.token.kind == .word {
          if other.token.end == token.start { attachment.insert(.afterWord) }
          if other.token.start == token.end { attachment.insert(.beforeWord) }
        }
      }
      return QueryTerm(
        text: text, offset: token.position - base, kind: kind, attachment: attachment)
    }
    return QueryPhrase(text: text, isQuoted: quoted, terms: terms)
  }

  /// Word separators: ASCII whitespace and the ideographic space U+3000.
  static func isSpace(_ c: Unicode.Scalar) -> Bool {
    switch c.value {
    case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x3000: return true
    default: return false
    }
  }

  /// `"`, `“` and the full-width `＂` open a phrase.
  static func isOpeningQuote(_ c: Unicode.Scalar) -> Bool {
    c == "\"" || c == "\u{201C}" || c == "\u{FF02}"
  }

  /// `"`, `”` and the full-width `＂` close a phrase.
  static func isClosingQuote(_ c: Unicode.Scalar) -> Bool {
    c == "\"" || c == "\u{201D}" || c == "\u{FF02}"
  }
}
