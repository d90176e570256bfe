/// Checks that a document holds a phrase's tokens at the same relative positions as the query.
///
/// Document-level presence comes first and cheaply (the `required` sources, intersected by
/// skipping); positions are decoded only for candidates that hold every required term, and
/// then lazily: the rarest term (lowest frequency in the document) proposes where the phrase
/// may start, and each further token, rarer first, only filters those starts, so a candidate
/// is usually rejected after decoding two terms. A lone character token accepts, at its
/// position, its own term or any bigram that starts with it.
final class SearchPhraseMatcher {
  /// Where a token's positions come from.
  enum Slot {
    /// A Lucene term (or an attached-character term): the positions of its cursor.
    case term(SearchTermSource)
    /// A word that is one CJK character: presence of the character term is the whole match.
    case character(SearchTermSource)
    /// A lone character beside other tokens: the union of the positions of its variants (the
    /// lone-character term and the bigrams starting with it).
    case single(variants: SearchVariantUnion)
  }

  let slots: [Slot]
  let offsets: [Int]
  /// The distinct sources a document must contain for the phrase to match.
  let required: [SearchTermSource]
  /// The term slots' sources, unowned (`slots` keeps them), so that checking a candidate
  /// touches no reference count; nil for the other slots.
  private let termSources: UnsafeMutableBufferPointer<Unmanaged<SearchTermSource>?>
  /// Whether a slot is a one-character word (presence is the whole match).
  private let hasCharacterSlot: Bool
  /// Scratch: the possible phrase starts, filtered token by token.
  private var starts: [Int] = []
  /// Scratch: the sorted positions of a lone character's variants.
  private var variantPositions: [UInt32] = []
  /// Scratch: slots not yet checked for the current candidate.
  private var pending: [Int] = []

  init(slots: [Slot], offsets: [Int], required: [SearchTermSource]) {
    self.slots = slots
    self.offsets = offsets
    self.required = required
    termSources = .allocate(capacity: max(1, slots.count))
    var character = false
    for (i, slot) in slots.enumerated() {
      switch slot {
      case .term(let source): termSources[i] = .passUnretained(source)
      case .character:
        termSources[i] = nil
        character = true
      case .single: termSources[i] = nil
      }
    }
    hasCharacterSlot = character
    pending.reserveCapacity(slots.count)
  }

  deinit {
    termSources.deallocate()
  }

  /// Whether holding the required terms is the whole match (a one-term word), so that
  /// `positionsMatch(at:)` need not be asked.
  var isPresenceOnly: Bool {
    if slots.count == 1, case .single = slots[0] { return false }
    return slots.count == 1 || hasCharacterSlot
  }

  /// Whether the phrase matches `doc`, advancing its required sources there first (for
  /// exclusions, which only ever see increasing documents).
  func matches(at doc: UInt32) throws(IndexError) -> Bool {
    for source in required {
      try source.advance(to: doc)
      if source.document != doc { return false }
    }
    return try positionsMatch(at: doc)
  }

  /// Whether the tokens stand at the right relative positions in `doc`; every required source
  /// must already be on `doc`.
  func positionsMatch(at doc: UInt32) throws(IndexError) -> Bool {
    if slots.count == 1 {
      if case .single(let variants) = slots[0] {
        return try variants.collect(at: doc, positions: &variantPositions, wanted: false)
      }
      return true
    }
    // Only one-token phrases use the character term; nothing positional to check.
    if hasCharacterSlot { return true }
    var starts = self.starts
    var pending = self.pending
    defer {
      self.starts = starts
      self.pending = pending
    }
    pending.removeAll(keepingCapacity: true)
    for i in 0..<slots.count { pending.append(i) }
    starts.removeAll(keepingCapacity: true)
    var first = true
    while !pending.isEmpty {
      // The term slot with the lowest frequency in this document; variant slots last.
      var pick = 0
      var best = UInt32.max
      for (k, i) in pending.enumerated() {
        if let source = termSources[i] {
          let f = source._withUnsafeGuaranteedRef { $0.frequency }
          if f < best {
            best = f
            pick = k
          }
        }
      }
      let i = pending[pick]
      pending.remove(at: pick)
      let offset = offsets[i]
      if let source = termSources[i] {
        let positions = try source.takeUnretainedValue().positions()
        if first {
          Self.seed(&starts, from: positions, offset: offset)
        } else {
          Self.filter(&starts, by: positions, offset: offset)
        }
      } else if case .single(let variants) = slots[i] {
        variantPositions.removeAll(keepingCapacity: true)
        _ = try variants.collect(at: doc, positions: &variantPositions, wanted: true)
        variantPositions.sort()
        if first {
          Self.seed(&starts, from: variantPositions, offset: offset)
        } else {
          Self.filter(&starts, by: variantPositions, offset: offset)
        }
      }
      if starts.isEmpty { return false }
      first = false
    }
    return true
  }

  /// Fills `starts` with where the phrase would start for each position of one token.
  @inline(__always)
  private static func seed(_ starts: inout [Int], from positions: [UInt32], offset: Int) {
    for p in positions {
      let start = Int(p) - offset
      if start >= 0 { starts.append(start) }
    }
  }

  /// Keeps the starts at which the token stands (both lists increase: one merge pass).
  @inline(__always)
  private static func filter(_ starts: inout [Int], by positions: [UInt32], offset: Int) {
    var kept = 0
    var j = 0
    let n = positions.count
    for k in 0..<starts.count {
      let want = starts[k] + offset
      while j < n && Int(positions[j]) < want { j += 1 }
      if j == n { break }
      if Int(positions[j]) == want {
        starts[kept] = starts[k]
        kept += 1
      }
    }
    starts.removeLast(starts.count - kept)
  }
}
