import Tokenize

/// Finds where a query's units occur in a hit's text, token for token as tokenizing the whole
/// text would, while tokenizing only small windows around candidate sites.
///
/// Every unit is given an anchor: bytes that the text holds wherever the unit occurs, because
/// the anchor's characters (Han ideographs and Hiragana) are the folded form of themselves only
/// and a chain of bigrams at consecutive positions lies in one CJK run. The anchor is searched
/// as bytes; each site gets a window from the break before it to the break after it, where a
/// break is a character that no token contains and where a fresh scan of the text is in step
/// with the scan of the whole text (so the window's tokens are the text's tokens, positions
/// shifted). A window whose anchored matches need positions beyond its own tokens grows to the
/// next break and is tokenized again. Units without an anchor (Latin words, digits, Katakana:
/// forms that width folding or lowercasing reach from other characters) make the whole text be
/// tokenized, as before.
struct SnippetMatcher {
  /// One place where a unit matched.
  struct Occurrence {
    var unit: Int
    /// The byte ranges of its tokens (lone characters: the character only).
    var ranges: [Range<Int>]
    /// From the first byte of its first token to the last byte of its last.
    var span: Range<Int>
  }

  /// One token of a unit: which distinct term it looks for, how, and at which offset.
  struct Slot {
    var kind: QueryTerm.Kind
    var index: Int
    var offset: Int
  }

  /// What locates a unit's occurrences.
  struct Anchor {
    /// Bytes the text holds at every occurrence.
    var literal: [UInt8]
    /// The slot whose token starts where the literal does.
    var slot: Int
    /// Positions of the unit's first and last tokens relative to the anchor slot's token.
    var reach: ClosedRange<Int>
    /// When every site of the literal is an occurrence (the literal covers all the unit's
    /// tokens and its characters always form one CJK run), the byte ranges of the unit's
    /// tokens relative to the site; the text then need not be tokenized for this unit.
    var direct: [Range<Int>]?
    /// The literal is ASCII digits: sites are only complete where no full-width digit (which
    /// folds to an ASCII one) is in the text.
    var isDigits = false
  }

  /// Per unit, its slots.
  let slots: [[Slot]]
  /// The distinct `.term` terms.
  let exact: [[UInt8]]
  /// The distinct characters (`.character` and `.single` terms).
  let characters: [[UInt8]]
  /// Per unit its anchor; nil when some unit has none (the whole text is tokenized).
  let anchors: [Anchor]?
  /// Tokenizes the windows (and, without anchors, whole texts), with character tokens, folded
  /// as the index is.
  let tokenizer: Tokenizer

  init(units: [[QueryTerm]], foldsToSimplified: Bool = false) {
    tokenizer = Tokenizer(emitsCharacters: true, foldsToSimplified: foldsToSimplified)
    var exact: [[UInt8]] = []
    var characters: [[UInt8]] = []
    var slots: [[Slot]] = []
    for unit in units {
      var unitSlots: [Slot] = []
      for term in unit {
        let bytes = term.bytes
        if term.kind == .term {
          if !exact.contains(bytes) { exact.append(bytes) }
          unitSlots.append(
            Slot(kind: .term, index: exact.firstIndex(of: bytes)!, offset: term.position))
        } else {
          if !characters.contains(bytes) { characters.append(bytes) }
          unitSlots.append(
            Slot(kind: term.kind, index: characters.firstIndex(of: bytes)!, offset: term.position))
        }
      }
      slots.append(unitSlots)
    }
    self.exact = exact
    self.characters = characters
    self.slots = slots
    var anchors: [Anchor] = []
    for unit in units {
      guard let anchor = Self.anchor(unit) else {
        self.anchors = nil
        return
      }
      anchors.append(anchor)
    }
    self.anchors = anchors
  }
}
