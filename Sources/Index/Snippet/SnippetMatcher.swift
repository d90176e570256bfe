import Tokenize

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

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
  private let tokenizer = Tokenizer(emitsCharacters: true)

  init(units: [[QueryTerm]]) {
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
            Slot(kind: .term, index: exact.firstIndex(of: bytes)!, offset: term.offset))
        } else {
          if !characters.contains(bytes) { characters.append(bytes) }
          unitSlots.append(
            Slot(kind: term.kind, index: characters.firstIndex(of: bytes)!, offset: term.offset))
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

  // MARK: - Anchors

  /// The longest literal among the unit's anchorable terms and chains of bigrams; nil if none.
  static func anchor(_ unit: [QueryTerm]) -> Anchor? {
    guard !unit.isEmpty else { return nil }
    let low = unit.map(\.offset).min()!
    let high = unit.map(\.offset).max()!
    var best: Anchor? = nil
    func consider(_ literal: [UInt8], _ slot: Int, covered: Int) {
      guard literal.count > (best?.literal.count ?? 0) else { return }
      let o = unit[slot].offset
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
          let start = 3 * (term.offset - o)
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
        let o = term.offset
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
      var offset = term.offset
      var covered = 1
      while let next = unit.firstIndex(where: {
        $0.offset == offset + 1 && $0.kind == .term
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

  // MARK: - Breaks

  /// The length of the break at `q` (0: none). A break is a character in no token and never
  /// skipped over by the scanner: blanks and line breaks, and CJK punctuation with no word-break
  /// role (。、“”（）《》「」『』【】！？—…); full-width `，：；` (mid-number/-letter
  /// punctuation) only right after a Han ideograph, where no word can run through them.
  @inline(__always)
  static func breakLength(_ b: UnsafeBufferPointer<UInt8>, _ q: Int) -> Int {
    let c = b[q]
    if c < 0x80 { return c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 ? 1 : 0 }
    guard c == 0xE3 || c == 0xEF || c == 0xE2, q + 2 < b.count else { return 0 }
    let c1 = b[q + 1]
    let c2 = b[q + 2]
    guard c1 & 0xC0 == 0x80 && c2 & 0xC0 == 0x80 else { return 0 }
    let v = UInt32(c & 0x0F) << 12 | UInt32(c1 & 0x3F) << 6 | UInt32(c2 & 0x3F)
    switch v {
    case 0x3000, 0x3001, 0x3002, 0x300A...0x3011, 0xFF01, 0xFF08, 0xFF09, 0xFF1F, 0x201C,
      0x201D, 0x2014, 0x2026:
      return 3
    case 0xFF0C, 0xFF1A, 0xFF1B:
      return followsHan(b, q) ? 3 : 0
    default:
      return 0
    }
  }

  /// Whether the three bytes before `q` are a Han ideograph of the tokenizer's fast path.
  @inline(__always)
  static func followsHan(_ b: UnsafeBufferPointer<UInt8>, _ q: Int) -> Bool {
    guard q >= 3 else { return false }
    let c0 = b[q - 3]
    let c1 = b[q - 2]
    let c2 = b[q - 1]
    guard c0 >= 0xE3 && c0 <= 0xE9, c1 & 0xC0 == 0x80, c2 & 0xC0 == 0x80 else { return false }
    let v = UInt32(c0 & 0x0F) << 12 | UInt32(c1 & 0x3F) << 6 | UInt32(c2 & 0x3F)
    return (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF)
  }

  /// The start of the window holding byte `x`: just after the last break that ends at or
  /// before `x` (0 if none).
  static func windowStart(_ b: UnsafeBufferPointer<UInt8>, before x: Int) -> Int {
    var q = x - 1
    // No token is longer than Lucene's 255 characters: a window need not reach further back
    // (a text without breaks would otherwise make every site walk to its start).
    let limit = max(0, x - Self.windowReach)
    while q >= limit {
      let c = b[q]
      // Breaks are ASCII or three bytes long: check the break that would end at `x`.
      if c < 0x80 {
        if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { return q + 1 }
      } else if q >= 2 && c & 0xC0 == 0x80 && breakLength(b, q - 2) == 3 {
        return q + 1
      }
      q -= 1
    }
    // At the reach limit: start at a scalar boundary there.
    var start = limit
    while start > 0 && start < x && b[start] & 0xC0 == 0x80 { start += 1 }
    return start
  }

  /// The most sites of one unit that get a tokenized window.
  static let maximumWindowSites = 256

  /// The most bytes a window reaches past a site on either side without meeting a break: more
  /// than the longest token (255 characters of up to 4 bytes).
  static let windowReach = 1_024

  /// The end of the window holding byte `x - 1`: the first break starting at or after `x`.
  static func windowEnd(_ b: UnsafeBufferPointer<UInt8>, from x: Int) -> Int {
    var q = x
    let limit = min(b.count, x + Self.windowReach)
    while q < limit {
      if breakLength(b, q) > 0 { return q }
      q += 1
    }
    guard limit < b.count else { return b.count }
    // At the reach limit: end at a scalar boundary there.
    var end = limit
    while end > x && b[end] & 0xC0 == 0x80 { end -= 1 }
    return end
  }

  // MARK: - Finding occurrences

  /// Every occurrence of every unit in the text (in no particular order).
  func occurrences(in bytes: UnsafeBufferPointer<UInt8>) -> [Occurrence] {
    guard let anchors else { return occurrences(window: bytes, at: 0).result }
    var result: [Occurrence] = []
    // Windows around every site of an anchor that needs tokens to confirm it.
    var windows: [Range<Int>] = []
    for (u, anchor) in anchors.enumerated() {
      let literal = anchor.literal
      if let direct = anchor.direct {
        Self.forEachSite(of: literal, in: bytes) { x in
          let ranges = direct.map { x + $0.lowerBound..<x + $0.upperBound }
          result.append(Occurrence(unit: u, ranges: ranges, span: x..<x + literal.count))
        }
      } else if anchor.isDigits && Self.hasWideDigit(bytes) {
        windows.append(0..<bytes.count)
      } else {
        // The first sites only: each costs a tokenized window, and a snippet shows one passage.
        var sites = 0
        Self.forEachSite(of: literal, in: bytes) { x in
          guard sites < Self.maximumWindowSites else { return }
          sites += 1
          windows.append(
            Self.windowStart(bytes, before: x)..<Self.windowEnd(bytes, from: x + literal.count))
        }
      }
    }
    guard !windows.isEmpty else { return result }
    let direct = result
    while true {
      windows = Self.merged(windows)
      result = direct
      var grown = false
      for w in windows.indices {
        let window = windows[w]
        let (found, needsBefore, needsAfter) = occurrences(
          window: UnsafeBufferPointer(rebasing: bytes[window]), at: window.lowerBound)
        if needsBefore && window.lowerBound > 0 {
          // Take in the break before the window and the stretch before it.
          var q = window.lowerBound - 1
          while q > 0 && bytes[q] & 0xC0 == 0x80 { q -= 1 }
          windows[w] = Self.windowStart(bytes, before: q)..<windows[w].upperBound
          grown = true
        }
        if needsAfter && window.upperBound < bytes.count {
          let next = window.upperBound + Self.breakLength(bytes, window.upperBound)
          windows[w] = windows[w].lowerBound..<Self.windowEnd(bytes, from: next)
          grown = true
        }
        if !grown { result += found }
      }
      if !grown { return result }
    }
  }

  /// Calls `body` with the start of every place where `literal` occurs in `bytes`.
  static func forEachSite(
    of literal: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void
  ) {
    let n = literal.count
    guard n > 0, n <= bytes.count, let base = bytes.baseAddress else { return }
    // Look for the last byte (a continuation byte of a CJK literal: rarer than a lead byte).
    let tail = Int32(literal[n - 1])
    var i = n - 1
    while i < bytes.count {
      guard let hit = memchr(base + i, tail, bytes.count - i) else { return }
      let end = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
      let start = end - (n - 1)
      var same = true
      for j in 0..<n - 1 where base[start + j] != literal[j] {
        same = false
        break
      }
      if same { body(start) }
      i = end + 1
    }
  }

  /// Whether the text holds a full-width digit (U+FF10–U+FF19: EF BC 90–99).
  static func hasWideDigit(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return false }
    var i = 0
    while i + 2 < bytes.count {
      guard let hit = memchr(base + i, 0xEF, bytes.count - 2 - i) else { return false }
      let q = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
      if base[q + 1] == 0xBC && base[q + 2] >= 0x90 && base[q + 2] <= 0x99 { return true }
      i = q + 1
    }
    return false
  }

  /// Sorted ranges with overlapping ones joined.
  static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
    let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
    var out: [Range<Int>] = []
    out.reserveCapacity(sorted.count)
    for r in sorted {
      if let last = out.last, r.lowerBound < last.upperBound {
        out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
      } else {
        out.append(r)
      }
    }
    return out
  }

  /// A token found for a slot: its position in the window and its byte range in the text.
  typealias Hit = (position: Int, range: Range<Int>)

  /// The occurrences within one window (`bytes` starts at byte `origin` of the text), and
  /// whether an anchored match needs positions before or after the window's tokens.
  func occurrences(window bytes: UnsafeBufferPointer<UInt8>, at origin: Int)
    -> (result: [Occurrence], needsBefore: Bool, needsAfter: Bool)
  {
    var exactHits = [[Hit]](repeating: [], count: exact.count)
    var characterHits = [[Hit]](repeating: [], count: characters.count)
    var singleHits = [[Int]](repeating: [], count: characters.count)
    var first = Int.max
    var last = Int.min
    tokenizer.tokenize(utf8: bytes) { token, term in
      first = min(first, token.position)
      last = max(last, token.position)
      let range = origin + token.start..<origin + token.end
      if token.kind == .character {
        for (i, c) in characters.enumerated() where Self.equal(term, c) {
          characterHits[i].append((token.position, range))
        }
        return
      }
      for (i, e) in exact.enumerated() where Self.equal(term, e) {
        exactHits[i].append((token.position, range))
      }
      if token.kind == .single || token.kind == .bigram {
        for (i, c) in characters.enumerated()
        where token.kind == .single ? Self.equal(term, c) : Self.hasPrefix(term, c) {
          singleHits[i].append(token.position)
        }
      }
    }
    var needsBefore = false
    var needsAfter = false
    var result: [Occurrence] = []
    for (u, unitSlots) in slots.enumerated() where anchors?[u].direct == nil {
      // Per slot: the hits, ordered by position.
      func hits(_ slot: Slot) -> [Hit] {
        switch slot.kind {
        case .term: return exactHits[slot.index]
        case .character: return characterHits[slot.index]
        case .single:
          let characters = characterHits[slot.index]
          return singleHits[slot.index].compactMap { position in
            Self.find(position, in: characters).map { (position, $0) }
          }
        }
      }
      if let anchors {
        let anchor = anchors[u]
        for hit in hits(unitSlots[anchor.slot]) {
          if hit.position + anchor.reach.lowerBound < first { needsBefore = true }
          if hit.position + anchor.reach.upperBound > last { needsAfter = true }
        }
      }
      if unitSlots.count == 1 && unitSlots[0].kind != .single {
        for hit in hits(unitSlots[0]) {
          result.append(Occurrence(unit: u, ranges: [hit.range], span: hit.range))
        }
        continue
      }
      let slotHits = unitSlots.map(hits)
      for hit in slotHits[0] {
        let base = hit.position - unitSlots[0].offset
        var ranges: [Range<Int>] = []
        for (s, slot) in unitSlots.enumerated() {
          guard let range = Self.find(base + slot.offset, in: slotHits[s]) else { break }
          ranges.append(range)
        }
        guard ranges.count == unitSlots.count else { continue }
        let span = ranges.map(\.lowerBound).min()!..<ranges.map(\.upperBound).max()!
        result.append(Occurrence(unit: u, ranges: ranges, span: span))
      }
    }
    return (result, needsBefore, needsAfter)
  }

  /// The range of the hit at `position` (hits are ordered by position, one per position).
  static func find(_ position: Int, in hits: [Hit]) -> Range<Int>? {
    var low = 0
    var high = hits.count
    while low < high {
      let mid = (low + high) / 2
      if hits[mid].position < position { low = mid + 1 } else { high = mid }
    }
    return low < hits.count && hits[low].position == position ? hits[low].range : nil
  }

  private static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Bool {
    a.count == b.count && hasPrefix(a, b)
  }

  private static func hasPrefix(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Bool {
    guard a.count >= b.count else { return false }
    for i in 0..<b.count where a[i] != b[i] { return false }
    return true
  }
}
