import Tokenize

/// Finding occurrences: the anchors' sites searched as bytes, windows around them tokenized,
/// and the units' tokens matched at their relative positions.
extension SnippetMatcher {
  /// Every occurrence of every unit in the text (in no particular order), and the length of
  /// the text they were looked for in: the whole text, or, when every unit's sites are its
  /// occurrences (`Anchor.direct`) and one unit occurs more than `maximumDirectSites` times,
  /// the text before that unit's next site (the occurrences are exactly those of that
  /// prefix, and the snippet is the prefix's).
  func occurrences(in bytes: UnsafeBufferPointer<UInt8>) -> (found: [Occurrence], searched: Int) {
    guard let anchors else { return (occurrences(window: bytes, at: 0).result, bytes.count) }
    guard tokenizer.foldsToSimplified else { return occurrences(in: bytes, sites: bytes, anchors) }
    // Folded terms are searched in a folded copy (same offsets); when folding would move
    // offsets, the whole text is tokenized instead.
    switch Tokenizer.foldedToSimplified(bytes) {
    case .unchanged:
      return occurrences(in: bytes, sites: bytes, anchors)
    case .sameLength(let folded):
      return folded.withUnsafeBufferPointer { occurrences(in: bytes, sites: $0, anchors) }
    case .lengthChanges:
      return (occurrences(window: bytes, at: 0).result, bytes.count)
    }
  }

  /// The most sites of one unit taken when every unit's sites are its occurrences: a snippet
  /// shows one passage, and a 15 MB text repeating the query's words took over a second to
  /// snippet with every site (260,000 of them) a candidate; the passage is then chosen in the
  /// text before the next site.
  static let maximumDirectSites = 1_024

  /// The occurrences of the units, their anchors' sites searched in `sites` (the text, or a
  /// folded copy of it with the same offsets) and windows tokenized in `bytes`.
  private func occurrences(
    in bytes: UnsafeBufferPointer<UInt8>, sites: UnsafeBufferPointer<UInt8>, _ anchors: [Anchor]
  ) -> (found: [Occurrence], searched: Int) {
    var result: [Occurrence] = []
    // Windows around every site of an anchor that needs tokens to confirm it.
    var windows: [Range<Int>] = []
    let capped = anchors.allSatisfy { $0.direct != nil }
    var searched = bytes.count
    for (u, anchor) in anchors.enumerated() {
      let literal = anchor.literal
      if let direct = anchor.direct {
        var taken = 0
        Self.forEachSite(of: literal, in: sites) { x in
          guard capped && taken == Self.maximumDirectSites else {
            let ranges = direct.map { x + $0.lowerBound..<x + $0.upperBound }
            result.append(Occurrence(unit: u, ranges: ranges, span: x..<x + literal.count))
            taken += 1
            return false
          }
          searched = min(searched, x)
          return true
        }
      } else if anchor.isDigits && Self.hasWideDigit(bytes) {
        windows.append(0..<bytes.count)
      } else {
        // The first sites only: each costs a tokenized window, and a snippet shows one passage.
        var found = 0
        Self.forEachSite(of: literal, in: sites) { x in
          guard found < Self.maximumWindowSites else { return true }
          found += 1
          windows.append(
            Self.windowStart(bytes, before: x)..<Self.windowEnd(bytes, from: x + literal.count))
          return false
        }
      }
    }
    if searched < bytes.count { result.removeAll { $0.span.upperBound > searched } }
    guard !windows.isEmpty else { return (result, searched) }
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
      if !grown { return (result, bytes.count) }
    }
  }

  /// Calls `body` with the start of every place where `literal` occurs in `bytes`, in order,
  /// until it returns true (enough).
  static func forEachSite(
    of literal: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Bool
  ) {
    let n = literal.count
    guard n > 0, n <= bytes.count, let base = bytes.baseAddress else { return }
    // Look for the last byte (a continuation byte of a CJK literal: rarer than a lead byte).
    let tail = literal[n - 1]
    var i = n - 1
    while i < bytes.count {
      guard let hit = SystemCalls.findByte(tail, in: base + i, count: bytes.count - i) else {
        return
      }
      let end = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
      let start = end - (n - 1)
      var same = true
      for j in 0..<n - 1 where base[start + j] != literal[j] {
        same = false
        break
      }
      if same && body(start) { return }
      i = end + 1
    }
  }

  /// Whether the text holds a full-width digit (U+FF10–U+FF19: EF BC 90–99).
  static func hasWideDigit(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return false }
    var i = 0
    while i + 2 < bytes.count {
      guard let hit = SystemCalls.findByte(0xEF, in: base + i, count: bytes.count - 2 - i) else {
        return false
      }
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
        case .loneCharacter:
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
      if unitSlots.count == 1 && unitSlots[0].kind != .loneCharacter {
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
