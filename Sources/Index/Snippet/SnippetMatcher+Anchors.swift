/// Anchors: the literal bytes that locate each unit's occurrences without tokenizing the text,
/// and which characters can serve as such bytes.
extension SnippetMatcher {
  /// The longest literal among the unit's anchorable terms and chains of bigrams; nil if none.
  static func anchor(_ unit: [QueryTerm]) -> Anchor? {
    guard !unit.isEmpty else { return nil }
    let low = unit.map(\.position).min()!
    let high = unit.map(\.position).max()!
    var best: Anchor? = nil
    func consider(_ literal: [UInt8], _ slot: Int, covered: Int) {
      guard literal.count > (best?.literal.count ?? 0) else { return }
      let o = unit[slot].position
      var anchor = Anchor(literal: literal, slot: slot, reach: (low - o)...(high - o))
      let kind = unit[slot].kind
      if covered == unit.count
        && ((kind == .term && literal.count >= 6) || (kind == .character && unit.count == 1))
        && String(decoding: literal, as: UTF8.self).unicodeScalars.allSatisfy({
          isRunCharacter($0.value)
        })
      {
        // Bigrams of three-byte characters at consecutive offsets, or one character.
        anchor.direct = unit.map { term in
          let start = 3 * (term.position - o)
          return start..<start + term.text.utf8.count
        }
      }
      best = anchor
    }
    for (s, term) in unit.enumerated() {
      // A number: its ASCII digits (or full-width ones, checked for in the text).
      if term.kind == .term, !term.text.isEmpty,
        term.text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
        term.text.utf8.count > (best?.literal.count ?? 0)
      {
        let o = term.position
        best = Anchor(
          literal: Array(term.text.utf8), slot: s, reach: (low - o)...(high - o), isDigits: true)
      }
      guard let scalars = safeScalars(term.text) else { continue }
      // A lone character, or a bigram (any token with these bytes starts with them).
      guard scalars.count == 1 || (scalars.count == 2 && term.kind == .term) else { continue }
      consider(Array(term.text.utf8), s, covered: 1)
      guard scalars.count == 2 else { continue }
      // Bigrams at the next offsets that overlap this one by a character extend the literal:
      // tokens at consecutive positions are in one CJK run, so their bytes are adjacent.
      var literal = Array(term.text.utf8)
      var last = scalars[1]
      var offset = term.position
      var covered = 1
      while let next = unit.firstIndex(where: {
        $0.position == offset + 1 && $0.kind == .term
          && safeScalars($0.text).map { $0.count == 2 && $0[0] == last } == true
      }) {
        let nextScalars = safeScalars(unit[next].text)!
        literal.append(contentsOf: String(nextScalars[1]).utf8)
        last = nextScalars[1]
        offset += 1
        covered += 1
        consider(literal, s, covered: covered)
      }
    }
    return best
  }

  /// Han ideographs the tokenizer always takes into a CJK run where they stand (they start a
  /// run, or continue the one before), so that two adjacent ones always make a bigram.
  static func isRunCharacter(_ v: UInt32) -> Bool {
    (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF)
  }

  /// The scalars of a term if all are anchorable, else nil.
  static func safeScalars(_ text: String) -> [Unicode.Scalar]? {
    let scalars = Array(text.unicodeScalars)
    guard !scalars.isEmpty, scalars.allSatisfy({ isAnchorable($0.value) }) else { return nil }
    return scalars
  }

  /// Han ideographs and Hiragana letters: no other character width-folds or lowercases to
  /// them, and they are never part of a word token, so a token's term holds them only where the
  /// text holds the same bytes.
  static func isAnchorable(_ v: UInt32) -> Bool {
    switch v {
    case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: return true
    case 0x3041...0x3096, 0x309D...0x309F: return true
    default: return false
    }
  }
}
