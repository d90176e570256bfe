import Tokenize

/// Turns what a user types into a `Query`: words, quoted phrases, exclusions, `OR` and `AND`.
///
/// The operators are those search boxes share: `OR` (`||`) between alternatives; `AND` (`&&`)
/// and a leading `+` make words required as written in every mode; `NOT`, a leading `-` or `!`
/// exclude; a trailing `*` on a Latin word is a prefix (`comput*`). Operators are uppercase
/// (`and`, `or`, `not` are words, as in Lucene). The grammar is deliberately forgiving, since
/// it serves a search box: an unclosed quote runs to the end, an operator without a word on
/// the side it needs is ignored, and words without any token (punctuation) are dropped. Only
/// a query with nothing left to find is an error.
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

  /// Query words are analysed like documents (folded as the index is), but without
  /// character tokens.
  let tokenizer: Tokenizer

  init(foldsToSimplified: Bool = false) {
    tokenizer = Tokenizer(emitsCharacters: false, foldsToSimplified: foldsToSimplified)
  }

  /// One lexical item: a (possibly negated) word or phrase, or an operator.
  private enum Item {
    case phrase(QueryPhrase, negated: Bool)
    case or
    case and
    case not
  }

  /// Parses `text`; throws `.emptyQuery` or `.onlyExclusions` when nothing positive remains.
  func parse(_ text: String) throws(SearchError) -> Query {
    let (items, kept) = lex(text)
    var clauses: [[QueryPhrase]] = []
    var exclusions: [QueryPhrase] = []
    var lastWasPositive = false
    var pendingOr = false
    var pendingAnd = false
    var pendingNot = false
    for item in items {
      switch item {
      case .or:
        if lastWasPositive { pendingOr = true }
        pendingAnd = false
      case .and:
        pendingAnd = lastWasPositive
        pendingOr = false
      case .not:
        // `a AND NOT b` requires `a` as `a AND b` would.
        if pendingAnd { Self.require(&clauses[clauses.count - 1]) }
        pendingNot = true
      case .phrase(let phrase, let negated) where negated || pendingNot:
        exclusions.append(phrase)
        lastWasPositive = false
        (pendingOr, pendingAnd, pendingNot) = (false, false, false)
      case .phrase(var phrase, negated: _):
        if pendingOr {
          // An alternative of a required clause is required with it.
          phrase.isRequired = phrase.isRequired || clauses[clauses.count - 1][0].isRequired
          clauses[clauses.count - 1].append(phrase)
        } else {
          if pendingAnd {
            // `AND` requires the clause before it, with every alternative it has, and this one.
            Self.require(&clauses[clauses.count - 1])
            phrase.isRequired = true
          }
          clauses.append([phrase])
        }
        lastWasPositive = true
        (pendingOr, pendingAnd) = (false, false)
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

  /// Marks every alternative of `clause` required.
  private static func require(_ clause: inout [QueryPhrase]) {
    for i in clause.indices { clause[i].isRequired = true }
  }

  /// The operator a bare (unquoted, unmarked) word stands for, if any.
  private static func operatorItem(_ word: String) -> Item? {
    switch word {
    case "OR", "||": return .or
    case "AND", "&&": return .and
    case "NOT": return .not
    default: return nil
    }
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
      let mark = Self.mark(s, i)
      if mark == nil && Self.isSeparator(s, i) {
        i += 1
        continue
      }
      if mark != nil { i += 1 }
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
      if !quoted && mark == nil, let op = Self.operatorItem(wordText) {
        items.append(op)
      } else if var phrase = phrase(wordText, quoted: quoted) {
        phrase.isRequired = mark == "+"
        let negated = mark == "-" || mark == "!"
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

  /// The marker at `i` that starts a word, if one does: `-` or `!` (exclude), `+` (require).
  /// A marker must touch the word it marks, and `!` must also start the query or follow a
  /// space (elsewhere it is punctuation: `你好!世界`); `||` and `&&` are operators instead.
  private static func mark(_ s: [Unicode.Scalar], _ i: Int) -> Unicode.Scalar? {
    let c = s[i]
    guard c == "-" || c == "+" || c == "!", i + 1 < s.count, !isSeparator(s, i + 1) else {
      return nil
    }
    if c == "!" && i > 0 && !isSpace(s[i - 1]) { return nil }
    if c == "+" && s[i + 1] == "+" { return nil }
    return c
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
    phrase.isPrefix = !quoted && Self.endsInPrefixMark(text, after: tokens.map(\.token))
    return phrase
  }

  /// Whether `text` ends in `*` (or the full-width `＊`) right after a Latin word token: a
  /// prefix. A `*` after CJK text changes nothing, since a bigram already matches every
  /// longer word that starts with it (`机器*` finds 机器人 as `机器` does).
  private static func endsInPrefixMark(_ text: String, after tokens: [Token]) -> Bool {
    let bytes = Array(text.utf8)
    var end = bytes.count
    while end > 0 && bytes[end - 1] == 0x2A { end -= 1 }
    while end >= 3 && bytes[end - 3] == 0xEF && bytes[end - 2] == 0xBC && bytes[end - 1] == 0x8A {
      end -= 3
    }
    guard end < bytes.count, let last = tokens.max(by: { $0.end < $1.end }) else { return false }
    return last.kind == .word && last.end == end
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
