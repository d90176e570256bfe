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

  init(units: [[QueryTerm]], maxCharacters: Int = 120, minCharacters: Int = 60) {
    self.units = units
    self.maxCharacters = max(1, maxCharacters)
    self.minCharacters = min(minCharacters, self.maxCharacters)
    self.matcher = SnippetMatcher(units: units)
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

  func snippet(for bytes: UnsafeBufferPointer<UInt8>) -> Snippet? {
    guard !bytes.isEmpty else { return nil }
    let found = matcher.occurrences(in: bytes)
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
    let passage = String(
      decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)
    return Snippet(
      text: passage, highlights: merged.map { $0.lowerBound - lower..<$0.upperBound - lower },
      documentRange: lower..<upper)
  }

  /// The best passage (a scalar range) of a text.
  private func choosePassage(
    _ text: SnippetText, spans: [Range<Int>], order: [Int], units: [Int]
  ) -> Range<Int> {
    let count = text.count
    if count <= maxCharacters { return 0..<count }
    let starts = text.sentenceScalars
    func sentenceRange(_ t: Int) -> Range<Int> {
      starts[t]..<(t + 1 < starts.count ? starts[t + 1] : count)
    }
    var candidates: [Range<Int>] = []
    for s in starts.indices {
      let sentence = sentenceRange(s)
      if sentence.count > maxCharacters {
        candidates.append(sentence.lowerBound..<sentence.lowerBound + maxCharacters)
        let lead = maxCharacters / 6
        for o in order where sentence.contains(spans[o].lowerBound) {
          var lower = max(sentence.lowerBound, spans[o].lowerBound - lead)
          // Start after a comma or space in the lead-in, where there is one.
          var i = text.byteOffset(lower)
          for k in lower..<spans[o].lowerBound {
            if Self.isSoftBreak(text.value(at: i)) {
              lower = k + 1
              break
            }
            i += text.length(at: i)
          }
          let upper = min(sentence.upperBound, lower + maxCharacters)
          lower = min(lower, max(sentence.lowerBound, upper - maxCharacters))
          candidates.append(lower..<upper)
        }
      } else {
        var upper = sentence.upperBound
        var t = s + 1
        while t < starts.count && sentenceRange(t).upperBound - sentence.lowerBound <= maxCharacters
        {
          upper = sentenceRange(t).upperBound
          t += 1
        }
        candidates.append(sentence.lowerBound..<upper)
      }
    }
    guard !order.isEmpty else { return candidates[0] }
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
