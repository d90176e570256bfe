import Tokenize

@testable import Index

/// The snippet builder as it was before candidate search (it tokenizes the whole text), with
/// the passage chosen by brute force over every candidate: the oracle the fast builder's
/// output must equal, byte for byte.
///
/// Picks the passage of a hit's text that best shows the query's matches, and marks them.
///
/// The text is tokenized again (only returned hits pay for this) and the query's units are
/// found in it: a multi-token word or phrase only where all its tokens stand at their relative
/// positions, so `教育质量` is one highlight, never three. Passages are whole sentences (cut
/// after 。！？；… or a newline) up to `maxCharacters`; a longer sentence is cut around its
/// first match. The best passage holds the most distinct units, then the most occurrences.
struct SnippetOracle {
  /// What to highlight: each unit is a phrase (tokens at their offsets) or a single term.
  let units: [[QueryTerm]]
  /// The longest passage, in Unicode scalars.
  var maxCharacters = 120
  /// Passages at least this long are preferred to shorter ones that show the same matches.
  var minCharacters = 60
  private let tokenizer = Tokenizer(emitsCharacters: true)

  init(units: [[QueryTerm]], maxCharacters: Int = 120, minCharacters: Int = 60) {
    self.units = units
    self.maxCharacters = max(1, maxCharacters)
    self.minCharacters = min(minCharacters, self.maxCharacters)
  }

  /// One place where a unit matched.
  struct Occurrence {
    var unit: Int
    /// The byte ranges of its tokens (lone characters: the character only).
    var ranges: [Range<Int>]
    /// From the first byte of its first token to the last byte of its last.
    var span: Range<Int>
  }

  /// The snippet of a stored text; nil when the text is empty or blank.
  func snippet(for text: UnsafeRawBufferPointer) -> Snippet? {
    snippet(for: text.bindMemory(to: UInt8.self))
  }

  /// The snippet of a text; nil when the text is empty or blank.
  func snippet(for text: String) -> Snippet? {
    var text = text
    return text.withUTF8 { snippet(for: $0) }
  }

  func snippet(for bytes: UnsafeBufferPointer<UInt8>) -> Snippet? {
    guard !bytes.isEmpty else { return nil }
    let found = occurrences(in: bytes)
    // Scalar boundaries (byte offsets), with the end as a sentinel.
    var starts: [Int] = []
    starts.reserveCapacity(bytes.count / 2)
    var values: [UInt32] = []
    var i = 0
    while i < bytes.count {
      let length = min(UTF8Scalars.length(lead: bytes[i]), bytes.count - i)
      starts.append(i)
      values.append(Self.decode(bytes, at: i, length: length))
      i += length
    }
    let count = starts.count
    starts.append(bytes.count)
    func scalarIndex(_ byte: Int) -> Int {
      var low = 0
      var high = count
      while low < high {
        let mid = (low + high) / 2
        if starts[mid] < byte { low = mid + 1 } else { high = mid }
      }
      return low
    }
    let spans = found.map { scalarIndex($0.span.lowerBound)..<scalarIndex($0.span.upperBound) }
    var best = choosePassage(values: values, spans: spans, units: found.map(\.unit))
    // Trim blanks at both ends.
    while best.lowerBound < best.upperBound && Self.isBlank(values[best.lowerBound]) {
      best = best.lowerBound + 1..<best.upperBound
    }
    while best.upperBound > best.lowerBound && Self.isBlank(values[best.upperBound - 1]) {
      best = best.lowerBound..<best.upperBound - 1
    }
    guard !best.isEmpty else { return nil }
    let lower = starts[best.lowerBound]
    let upper = starts[best.upperBound]
    // The highlights, the slow way: mark every byte of the passage that an occurrence covers,
    // then read the marked runs off. Adjacent occurrences join, as the builder's do.
    var covered = [Bool](repeating: false, count: upper - lower)
    for occurrence in found {
      for range in occurrence.ranges {
        let clipped = range.clamped(to: lower..<upper)
        guard !clipped.isEmpty else { continue }
        for b in clipped { covered[b - lower] = true }
      }
    }
    var merged: [Range<Int>] = []
    var b = 0
    while b < covered.count {
      guard covered[b] else {
        b += 1
        continue
      }
      var e = b
      while e < covered.count && covered[e] { e += 1 }
      merged.append(lower + b..<lower + e)
      b = e
    }
    // Control characters are shown as spaces.
    let shown = bytes[lower..<upper].map { $0 < 0x20 || $0 == 0x7F ? 0x20 : $0 }
    let text = String(decoding: shown, as: UTF8.self)
    return Snippet(
      text: text, highlights: merged.map { $0.lowerBound - lower..<$0.upperBound - lower },
      documentRange: lower..<upper)
  }

  /// The best passage (a scalar range) of a text of `values.count` scalars, by the documented
  /// rule computed the slow way: every candidate the rule allows over the whole text, each
  /// scored by counting every occurrence again (the builder visits only candidates that can
  /// reach an occurrence and scores them with a binary search and a seen-list; nothing here is
  /// shared with it).
  ///
  /// The rule: a text that fits is its own passage. Otherwise every sentence starts one
  /// candidate, the most whole sentences from it that fit; a sentence too long to show gives
  /// instead its head and, for each occurrence starting in it, a cut from `maxCharacters / 6`
  /// before the occurrence (or just after the first soft break there), moved back if it runs
  /// past the sentence's end. The best candidate shows the most distinct units, then the most
  /// occurrences (wholly inside); a candidate without one competes only as the first; ties go
  /// to `prefers`, then to the earlier candidate.
  private func choosePassage(values: [UInt32], spans: [Range<Int>], units: [Int]) -> Range<Int> {
    let count = values.count
    if count <= maxCharacters { return 0..<count }
    var candidates: [Range<Int>] = []
    let sentences = Self.sentences(values)
    for (s, sentence) in sentences.enumerated() {
      guard sentence.count > maxCharacters else {
        let fitting = sentences[s...].prefix {
          $0.upperBound - sentence.lowerBound <= maxCharacters
        }
        candidates.append(sentence.lowerBound..<fitting.last!.upperBound)
        continue
      }
      candidates.append(sentence.lowerBound..<sentence.lowerBound + maxCharacters)
      for start in spans.map(\.lowerBound).sorted() where sentence.contains(start) {
        let leadIn = max(sentence.lowerBound, start - maxCharacters / 6)..<start
        let lower =
          leadIn.first { Self.isSoftBreak(values[$0]) }.map { $0 + 1 } ?? leadIn.lowerBound
        let upper = min(sentence.upperBound, lower + maxCharacters)
        candidates.append(min(lower, max(sentence.lowerBound, upper - maxCharacters))..<upper)
      }
    }
    /// (distinct units, occurrences) wholly inside a candidate.
    func shown(_ candidate: Range<Int>) -> (Int, Int) {
      let inside = spans.indices.filter {
        candidate.contains(spans[$0].lowerBound) && spans[$0].upperBound <= candidate.upperBound
      }
      return (Set(inside.map { units[$0] }).count, inside.count)
    }
    var best = 0
    for c in candidates.indices.dropFirst() {
      let (a, b) = (shown(candidates[c]), shown(candidates[best]))
      guard a.1 > 0 else { continue }
      if a > b || (a == b && prefers(candidates[c], over: candidates[best])) { best = c }
    }
    return candidates[best]
  }

  /// The sentences of a text: each up to and including a run of terminators and the closing
  /// marks after it; the rest of the text, if any, is the last.
  static func sentences(_ values: [UInt32]) -> [Range<Int>] {
    var sentences: [Range<Int>] = []
    var start = 0
    var k = 0
    while k < values.count {
      guard isTerminator(values[k]) else {
        k += 1
        continue
      }
      k += 1
      while k < values.count && (isTerminator(values[k]) || isClosing(values[k])) { k += 1 }
      sentences.append(start..<k)
      start = k
    }
    if start < values.count { sentences.append(start..<values.count) }
    return sentences
  }

  /// Among passages showing the same matches: one of at least `minCharacters` over a shorter
  /// one; among those, the one starting latest (closest to the matches); otherwise the longest.
  private func prefers(_ a: Range<Int>, over b: Range<Int>) -> Bool {
    let aLong = a.count >= minCharacters
    let bLong = b.count >= minCharacters
    if aLong != bLong { return aLong }
    if aLong { return a.lowerBound > b.lowerBound }
    return a.count > b.count
  }

  /// Every occurrence of every unit in the text.
  func occurrences(in bytes: UnsafeBufferPointer<UInt8>) -> [Occurrence] {
    // The distinct terms to look for, and the distinct characters (lone or whole-word).
    var exact: [[UInt8]] = []
    var characters: [[UInt8]] = []
    var slots: [[(kind: QueryTerm.Kind, index: Int, offset: Int)]] = []
    for unit in units {
      var unitSlots: [(kind: QueryTerm.Kind, index: Int, offset: Int)] = []
      for term in unit {
        let bytes = term.bytes
        if term.kind == .term {
          if !exact.contains(bytes) { exact.append(bytes) }
          unitSlots.append((.term, exact.firstIndex(of: bytes)!, term.position))
        } else {
          if !characters.contains(bytes) { characters.append(bytes) }
          unitSlots.append((term.kind, characters.firstIndex(of: bytes)!, term.position))
        }
      }
      slots.append(unitSlots)
    }
    var exactHits = [[(position: Int, range: Range<Int>)]](repeating: [], count: exact.count)
    var characterHits = [[(position: Int, range: Range<Int>)]](
      repeating: [], count: characters.count)
    var singleHits = [[Int]](repeating: [], count: characters.count)
    tokenizer.tokenize(utf8: bytes) { token, term in
      if token.kind == .character {
        for (i, c) in characters.enumerated() where Self.equal(term, c) {
          characterHits[i].append((token.position, token.range))
        }
        return
      }
      for (i, e) in exact.enumerated() where Self.equal(term, e) {
        exactHits[i].append((token.position, token.range))
      }
      if token.kind == .single || token.kind == .bigram {
        for (i, c) in characters.enumerated()
        where token.kind == .single ? Self.equal(term, c) : Self.hasPrefix(term, c) {
          singleHits[i].append(token.position)
        }
      }
    }
    var result: [Occurrence] = []
    for (u, unitSlots) in slots.enumerated() {
      if unitSlots.count == 1 && unitSlots[0].kind != .loneCharacter {
        let hits =
          unitSlots[0].kind == .term
          ? exactHits[unitSlots[0].index] : characterHits[unitSlots[0].index]
        for hit in hits { result.append(Occurrence(unit: u, ranges: [hit.range], span: hit.range)) }
        continue
      }
      // Per slot: position → byte range.
      var maps: [[Int: Range<Int>]] = []
      for slot in unitSlots {
        var map: [Int: Range<Int>] = [:]
        switch slot.kind {
        case .term:
          for hit in exactHits[slot.index] { map[hit.position] = hit.range }
        case .character:
          for hit in characterHits[slot.index] { map[hit.position] = hit.range }
        case .loneCharacter:
          var ranges: [Int: Range<Int>] = [:]
          for hit in characterHits[slot.index] { ranges[hit.position] = hit.range }
          for position in singleHits[slot.index] { map[position] = ranges[position] }
        }
        maps.append(map)
      }
      for (position, _) in maps[0].sorted(by: { $0.key < $1.key }) {
        let base = position - unitSlots[0].offset
        var ranges: [Range<Int>] = []
        for (s, slot) in unitSlots.enumerated() {
          guard let range = maps[s][base + slot.offset] else { break }
          ranges.append(range)
        }
        guard ranges.count == unitSlots.count else { continue }
        let span = ranges.map(\.lowerBound).min()!..<ranges.map(\.upperBound).max()!
        result.append(Occurrence(unit: u, ranges: ranges, span: span))
      }
    }
    return result
  }

  private static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Bool {
    a.elementsEqual(b)
  }

  private static func hasPrefix(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Bool {
    a.starts(with: b)
  }

  /// The scalar value of the UTF-8 sequence at `i` (U+FFFD for a stray continuation byte).
  /// Malformed sequences decode as the builder's do (lead byte's length, bits as they are),
  /// which the invalid-UTF-8 test pins; written here as shifts over the sequence's bytes.
  private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, length: Int)
    -> UInt32
  {
    let lead = UInt32(bytes[i])
    if length == 1 { return lead < 0x80 ? lead : 0xFFFD }
    let leadBits: [UInt32] = [0, 0, 0x1F, 0x0F, 0x07]
    var value = lead & leadBits[length]
    for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
    return value
  }

  // The character classes are the builder's own tables (`SnippetBuilder.isTerminator`, …):
  // they are the rule's data, which the oracle reads; what it recomputes is the choice.
  static func isTerminator(_ v: UInt32) -> Bool { SnippetBuilder.isTerminator(v) }
  static func isClosing(_ v: UInt32) -> Bool { SnippetBuilder.isClosing(v) }
  static func isSoftBreak(_ v: UInt32) -> Bool { SnippetBuilder.isSoftBreak(v) }
  static func isBlank(_ v: UInt32) -> Bool { SnippetBuilder.isBlank(v) }

}
