import Tokenize

/// Turns what a user types into a `Query`: words, quoted phrases, `-` exclusions and `OR`.
///
/// The grammar is deliberately forgiving, since it serves a search box: an unclosed quote runs
/// to the end, an `OR` without a positive clause on both sides is ignored, and words without
/// any token (punctuation) are dropped. Only a query with nothing left to find is an error.
///
/// Punctuation separates words as a space does (`教育，质量` is `教育 质量`), and what a
/// query may hold is capped (`maximumCharacters`, `maximumTerms`), so that a pasted page costs
/// no more than a long question; the `Query` says when and where it was cut.
struct QueryParser: Sendable {
  /// The most characters (Unicode scalars) of a query that are read; the rest is dropped.
  static let maximumCharacters = 1_000
  /// The most tokens (Lucene terms, over every word, phrase and exclusion) a query keeps; the
  /// word where the budget runs out keeps its first tokens, the words after it are dropped.
  static let maximumTerms = 128

  /// Query words are analysed like documents, but without character tokens.
  let tokenizer = Tokenizer(emitsCharacters: false)

  /// One lexical item: a (possibly negated) word or phrase, or the `OR` operator.
  private enum Item {
    case phrase(QueryPhrase, negated: Bool)
    case or
  }

  /// Parses `text`; throws `.emptyQuery` or `.onlyExclusions` when nothing positive remains.
  func parse(_ text: String) throws(SearchError) -> Query {
    let (items, kept) = lex(text)
    var clauses: [[QueryPhrase]] = []
    var exclusions: [QueryPhrase] = []
    var lastWasPositive = false
    var pendingOr = false
    for item in items {
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
    var query = Query(clauses: clauses, exclusions: exclusions)
    if let kept {
      query.shortened = Query.Shortening(
        keptCharacters: kept, characters: text.unicodeScalars.count)
    }
    return query
  }

  /// Splits the text into items, dropping words that yield no token; `kept` is the number of
  /// characters read when the caps cut the text short (nil when all of it was read).
  private func lex(_ text: String) -> (items: [Item], kept: Int?) {
    var s: [Unicode.Scalar] = []
    s.reserveCapacity(min(text.utf8.count, Self.maximumCharacters))
    var cut: Int? = nil
    for c in text.unicodeScalars {
      if s.count == Self.maximumCharacters {
        cut = s.count
        break
      }
      s.append(c)
    }
    var items: [Item] = []
    var budget = Self.maximumTerms
    var i = 0
    while i < s.count {
      if Self.isSeparator(s, i) {
        i += 1
        continue
      }
      var negated = false
      if s[i] == "-", i + 1 < s.count, !Self.isSeparator(s, i + 1) {
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
        while i < s.count && !Self.isSeparator(s, i) { i += 1 }
      }
      var word = String.UnicodeScalarView()
      word.append(contentsOf: s[start..<i])
      let wordText = String(word)
      if quoted && i < s.count { i += 1 }  // the closing quote
      if !quoted && !negated && wordText == "OR" {
        items.append(.or)
      } else if var phrase = phrase(wordText, quoted: quoted) {
        if phrase.terms.count > budget {
          // The budget runs out in this word: keep its first tokens, drop everything after.
          let keptBytes = phrase.keep(budget)
          items.append(.phrase(phrase, negated: negated))
          let keptInWord = String(decoding: wordText.utf8.prefix(keptBytes), as: UTF8.self)
          return (items, start + keptInWord.unicodeScalars.count)
        }
        budget -= phrase.terms.count
        items.append(.phrase(phrase, negated: negated))
        if budget == 0 && s[i...].contains(where: { !Self.isSpace($0) }) { return (items, i) }
      }
    }
    return (items, cut)
  }

  /// Tokenizes one word or quoted text; nil when it has no token.
  func phrase(_ text: String, quoted: Bool) -> QueryPhrase? {
    var tokens: [(token: Token, text: String)] = []
    tokenizer.tokenize(text) { token, term in
      tokens.append((token, String(decoding: term, as: UTF8.self)))
    }
    guard let first = tokens.first else { return nil }
    let base = tokens.map(\.token.position).min() ?? first.token.position
    // Where words start and end, so that gluing is found in one pass over the tokens.
    var wordStarts = Set<Int>()
    var wordEnds = Set<Int>()
    for (token, _) in tokens where token.kind == .word {
      wordStarts.insert(token.start)
      wordEnds.insert(token.end)
    }
    let terms = tokens.map { (token, text) -> QueryTerm in
      let kind: QueryTerm.Kind =
        token.kind == .single ? (tokens.count == 1 ? .character : .loneCharacter) : .term
      var attachment: QueryTerm.Attachment = []
      if kind == .loneCharacter {
        // Glued: a word token ends right where the character starts, or starts where it ends.
        if wordEnds.contains(token.start) { attachment.insert(.afterWord) }
        if wordStarts.contains(token.end) { attachment.insert(.beforeWord) }
      }
      return QueryTerm(
        text: text, position: token.position - base, kind: kind, attachment: attachment)
    }
    var phrase = QueryPhrase(text: text, isQuoted: quoted, terms: terms)
    phrase.tokenEnds = tokens.map(\.token.end)
    return phrase
  }

  /// Whether the character at `i` separates words: a space, or punctuation that ends a word
  /// in Chinese writing (`，、；。！？：`, brackets and title marks, `;!?`, and a comma not
  /// inside a number, which `1,000` keeps).
  static func isSeparator(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
    let c = s[i]
    if isSpace(c) || isPunctuation(c) { return true }
    if c == "," {
      let digitBefore = i > 0 && s[i - 1].properties.numericType != nil && s[i - 1].isASCII
      let digitAfter = i + 1 < s.count && s[i + 1].properties.numericType != nil && s[i + 1].isASCII
      return !(digitBefore && digitAfter)
    }
    return false
  }

  /// Punctuation that separates query words wherever it stands.
  static func isPunctuation(_ c: Unicode.Scalar) -> Bool {
    switch c.value {
    case 0x3B, 0x21, 0x3F: return true  // ; ! ?
    case 0x3001...0x3003, 0x3008...0x3011, 0x3014...0x301B: return true  // 、。〃 〈〉《》「」『』【】 〔〕…
    case 0xFF01, 0xFF08, 0xFF09, 0xFF0C, 0xFF1A, 0xFF1B, 0xFF1F: return true  // ！（），：；？
    case 0xFF3B, 0xFF3D, 0xFF5B, 0xFF5D: return true  // ［］｛｝
    case 0x2026, 0x2014: return true  // … —
    default: return false
    }
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
