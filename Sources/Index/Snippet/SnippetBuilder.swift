/// Picks the passage of a hit's text that best shows the query's matches, and marks them.
///
/// The query's units are found in the text token for token (`SnippetMatcher`: only returned
/// hits pay for this, and only windows around candidate sites are tokenized): a multi-token
/// word or phrase only where all its tokens stand at their relative positions, so `教育质量`
/// is one highlight, never three. Passages are whole sentences (cut after 。！？；… or a
/// newline) up to `maxCharacters`; a longer sentence is cut around its first match. The best
/// passage holds the most distinct units, then the most occurrences.
struct SnippetBuilder {
  /// What to highlight: each unit is a phrase (tokens at their offsets) or a single term.
  let units: [[QueryTerm]]
  /// The longest passage, in Unicode scalars.
  var maxCharacters = 120
  /// Passages at least this long are preferred to shorter ones that show the same matches.
  var minCharacters = 60
  /// The units' terms and anchors, prepared once per query.
  let matcher: SnippetMatcher

  init(
    units: [[QueryTerm]], foldsToSimplified: Bool = false, maxCharacters: Int = 120,
    minCharacters: Int = 60
  ) {
    self.units = units
    self.maxCharacters = max(1, maxCharacters)
    self.minCharacters = min(minCharacters, self.maxCharacters)
    self.matcher = SnippetMatcher(units: units, foldsToSimplified: foldsToSimplified)
  }

  typealias Occurrence = SnippetMatcher.Occurrence

  /// The snippet of a stored text; nil when the text is empty or blank.
  func snippet(for text: UnsafeRawBufferPointer) -> Snippet? {
    snippet(for: text.bindMemory(to: UInt8.self))
  }

  /// The snippet of a text; nil when the text is empty or blank.
  func snippet(for text: String) -> Snippet? {
    var text = text
    return text.withUTF8 { snippet(for: $0) }
  }

  func snippet(for whole: UnsafeBufferPointer<UInt8>) -> Snippet? {
    guard !whole.isEmpty else { return nil }
    let (found, searched) = matcher.occurrences(in: whole)
    // A text whose query words occur very often is snippeted in its part before the site the
    // matcher stopped at (`SnippetMatcher.maximumDirectSites`).
    let bytes = UnsafeBufferPointer(rebasing: whole[..<searched])
    var targets: [Int] = []
    targets.reserveCapacity(2 * found.count)
    for occurrence in found {
      targets.append(occurrence.span.lowerBound)
      targets.append(occurrence.span.upperBound)
    }
    targets.sort()
    let text = SnippetText(bytes, targets: targets)
    let spans = found.map {
      text.scalarIndex($0.span.lowerBound)..<text.scalarIndex($0.span.upperBound)
    }
    let order = spans.indices.sorted { (spans[$0].lowerBound, $0) < (spans[$1].lowerBound, $1) }

    var best = choosePassage(text, spans: spans, order: order, units: found.map(\.unit))
    // Trim blanks at both ends.
    var lower = text.byteOffset(best.lowerBound)
    while best.lowerBound < best.upperBound && Self.isBlank(text.value(at: lower)) {
      lower += text.length(at: lower)
      best = best.lowerBound + 1..<best.upperBound
    }
    while best.upperBound > best.lowerBound
      && Self.isBlank(text.value(at: text.byteOffset(best.upperBound - 1)))
    {
      best = best.lowerBound..<best.upperBound - 1
    }
    guard !best.isEmpty else { return nil }
    let upper = text.byteOffset(best.upperBound)
    var ranges: [Range<Int>] = []
    for occurrence in found {
      for range in occurrence.ranges {
        let clipped = range.clamped(to: lower..<upper)
        if !clipped.isEmpty { ranges.append(clipped) }
      }
    }
    ranges.sort { $0.lowerBound < $1.lowerBound }
    var merged: [Range<Int>] = []
    for range in ranges {
      if let last = merged.last, range.lowerBound <= last.upperBound {
        merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
      } else {
        merged.append(range)
      }
    }
    // Control characters (a CRLF's \r, tabs, line breaks) become spaces, byte for byte, so
    // that no terminal sees them and the highlights keep their offsets.
    var passageBytes = Array(UnsafeBufferPointer(rebasing: bytes[lower..<upper]))
    for i in passageBytes.indices where passageBytes[i] < 0x20 || passageBytes[i] == 0x7F {
      passageBytes[i] = 0x20
    }
    let passage = String(decoding: passageBytes, as: UTF8.self)
    return Snippet(
      text: passage, highlights: merged.map { $0.lowerBound - lower..<$0.upperBound - lower },
      documentRange: lower..<upper)
  }

  /// The best passage (a scalar range) of a text.
  private func choosePassage(
    _ text: SnippetText, spans: [Range<Int>], order: [Int], units: [Int]
  ) -> Range<Int> {
    if text.count <= maxCharacters { return 0..<text.count }
    let candidates = passageCandidates(text, spans: spans, order: order)
    guard !order.isEmpty else { return candidates[0] }
    return bestCandidate(candidates, spans: spans, order: order, units: units)
  }

  /// Sentence `t` of the text, as a scalar range.
  @inline(__always)
  private func sentenceRange(_ text: SnippetText, _ t: Int) -> Range<Int> {
    let starts = text.sentenceScalars
    return starts[t]..<(t + 1 < starts.count ? starts[t + 1] : text.count)
  }

  /// Candidates only where they can show a match (and the text's first passage, the answer
  /// when none can): the sentences from which a passage can reach an occurrence, at most
  /// `maxCharacters` before it, each once, in text order. Every candidate costs a bounded
  /// walk, so the search is linear in the occurrences however long the text is.
  private func passageCandidates(_ text: SnippetText, spans: [Range<Int>], order: [Int])
    -> [Range<Int>]
  {
    var candidates: [Range<Int>] = []
    var next = 0  // the first sentence not yet given its candidates
    var p = 0
    if order.isEmpty
      || text.sentence(ofScalar: max(0, spans[order[0]].upperBound - maxCharacters)) > 0
    {
      addCandidates(text, of: 0, occurrences: 0..<0, spans: spans, order: order, into: &candidates)
      next = 1
    }
    while p < order.count {
      let span = spans[order[p]]
      let first = max(next, text.sentence(ofScalar: max(0, span.upperBound - maxCharacters)))
      let last = text.sentence(ofScalar: span.lowerBound)
      var u = first
      while u <= last {
        // The occurrences starting in sentence u (`order` is sorted by start).
        let sentence = sentenceRange(text, u)
        var q = p
        while q > 0 && spans[order[q - 1]].lowerBound >= sentence.lowerBound { q -= 1 }
        var end = q
        while end < order.count && spans[order[end]].lowerBound < sentence.upperBound { end += 1 }
        addCandidates(
          text, of: u, occurrences: q..<end, spans: spans, order: order, into: &candidates)
        u += 1
      }
      next = max(next, last + 1)
      p += 1
    }
    return candidates
  }

  /// The candidates that start in sentence `t`, in order: the passage of whole sentences
  /// from it, or, for a sentence too long to show whole, its head and a cut around each
  /// occurrence starting in it (`occurrences`, positions in `order`).
  private func addCandidates(
    _ text: SnippetText, of t: Int, occurrences: Range<Int>, spans: [Range<Int>], order: [Int],
    into out: inout [Range<Int>]
  ) {
    let sentence = sentenceRange(text, t)
    guard sentence.count > maxCharacters else {
      var upper = sentence.upperBound
      var next = t + 1
      while next < text.sentenceScalars.count
        && sentenceRange(text, next).upperBound - sentence.lowerBound <= maxCharacters
      {
        upper = sentenceRange(text, next).upperBound
        next += 1
      }
      out.append(sentence.lowerBound..<upper)
      return
    }
    out.append(sentence.lowerBound..<sentence.lowerBound + maxCharacters)
    let lead = maxCharacters / 6
    for p in occurrences {
      let start = spans[order[p]].lowerBound
      var lower = max(sentence.lowerBound, start - lead)
      // Start after a comma or space in the lead-in, where there is one.
      var i = text.byteOffset(lower)
      for k in lower..<start {
        if Self.isSoftBreak(text.value(at: i)) {
          lower = k + 1
          break
        }
        i += text.length(at: i)
      }
      let upper = min(sentence.upperBound, lower + maxCharacters)
      lower = min(lower, max(sentence.lowerBound, upper - maxCharacters))
      out.append(lower..<upper)
    }
  }

  /// The candidate showing the most distinct units, then the most occurrences (wholly inside
  /// it); ties go to `prefers`, then to the earlier candidate. A candidate without a match
  /// competes only as the text's first passage.
  private func bestCandidate(
    _ candidates: [Range<Int>], spans: [Range<Int>], order: [Int], units: [Int]
  ) -> Range<Int> {
    let sortedStarts = order.map { spans[$0].lowerBound }
    var seen = [Int](repeating: -1, count: (units.max() ?? 0) + 1)
    var best = candidates[0]
    var bestKey = (distinct: -1, matches: -1)
    for (c, candidate) in candidates.enumerated() {
      // The first occurrence starting inside the candidate.
      var low = 0
      var high = sortedStarts.count
      while low < high {
        let mid = (low + high) / 2
        if sortedStarts[mid] < candidate.lowerBound { low = mid + 1 } else { high = mid }
      }
      var distinct = 0
      var matches = 0
      var o = low
      while o < order.count && sortedStarts[o] < candidate.upperBound {
        let occurrence = order[o]
        if spans[occurrence].upperBound <= candidate.upperBound {
          matches += 1
          if seen[units[occurrence]] != c {
            seen[units[occurrence]] = c
            distinct += 1
          }
        }
        o += 1
      }
      if matches == 0 && c != 0 { continue }
      if (distinct, matches) > bestKey
        || ((distinct, matches) == bestKey && prefers(candidate, over: best))
      {
        best = candidate
        bestKey = (distinct, matches)
      }
    }
    return best
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

  /// Chinese sentence ends 。！？；… and line breaks.
  static func isTerminator(_ v: UInt32) -> Bool {
    switch v {
    case 0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0x2026, 0x0A, 0x0D: return true
    default: return false
    }
  }

  /// Closing quotes and brackets that belong to the sentence they follow.
  static func isClosing(_ v: UInt32) -> Bool {
    switch v {
    case 0x201D, 0x2019, 0x300D, 0x300F, 0xFF09, 0x300B, 0x3009, 0x3011, 0x29, 0x22: return true
    default: return false
    }
  }

  /// Places inside a sentence where a cut reads well: commas, enumeration commas, spaces.
  static func isSoftBreak(_ v: UInt32) -> Bool {
    switch v {
    case 0xFF0C, 0x3001, 0x2C, 0x20, 0x3000, 0xFF1A: return true
    default: return false
    }
  }

  /// Whitespace trimmed from the ends of a passage.
  static func isBlank(_ v: UInt32) -> Bool {
    switch v {
    case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x3000: return true
    default: return false
    }
  }
}
