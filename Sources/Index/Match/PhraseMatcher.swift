/// Checks that a document holds a phrase's tokens at the same relative positions as the query.
///
/// Document-level presence comes first and cheaply (the `required` sources, intersected by
/// skipping); positions are decoded only for candidates that hold every required term, and
/// then lazily: the rarest term (lowest frequency in the document) proposes where the phrase
/// may start, and each further token, rarer first, only filters those starts, so a candidate
/// is usually rejected after decoding two terms. A lone character token accepts, at its
/// position, its own term or any bigram that starts with it.
final class PhraseMatcher {
  /// Where a token's positions come from.
  enum Slot {
    /// A Lucene term (or an attached-character term): the positions of its cursor.
    case term(TermIterator)
    /// A word that is one CJK character: presence of the character term is the whole match.
    case character(TermIterator)
    /// A lone character beside other tokens: the union of the positions of its variants (the
    /// lone-character term and the bigrams starting with it).
    case loneCharacter(variants: VariantUnion)
  }

  let slots: [Slot]
  let offsets: [Int]
  /// The distinct sources a document must contain for the phrase to match.
  let required: [TermIterator]
  /// The term slots' sources, unowned (`slots` keeps them), so that checking a candidate
  /// touches no reference count; nil for the other slots.
  private let termSources: UnsafeMutableBufferPointer<Unmanaged<TermIterator>?>
  /// Whether a slot is a one-character word (presence is the whole match).
  private let hasCharacterSlot: Bool
  /// Scratch: the possible phrase starts, filtered token by token (`startsCapacity` long).
  private var starts: UnsafeMutablePointer<Int>
  private var startsCapacity = 0
  /// Scratch: the sorted positions of a lone character's variants.
  private var variantPositions: [UInt32] = []
  /// Scratch: slots not yet checked for the current candidate.
  private let pending: UnsafeMutablePointer<Int>

  init(slots: [Slot], offsets: [Int], required: [TermIterator]) {
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
      case .loneCharacter: termSources[i] = nil
      }
    }
    hasCharacterSlot = character
    pending = .allocate(capacity: max(1, slots.count))
    starts = .allocate(capacity: 1)
    startsCapacity = 1
  }

  deinit {
    termSources.deallocate()
    pending.deallocate()
    starts.deallocate()
  }

  /// The starts buffer with room for at least `count` entries (its contents are dropped).
  @inline(__always)
  private func startsBuffer(_ count: Int) -> UnsafeMutablePointer<Int> {
    if count > startsCapacity {
      starts.deallocate()
      startsCapacity = Swift.max(count, 2 * startsCapacity)
      starts = .allocate(capacity: startsCapacity)
    }
    return starts
  }

  /// Whether holding the required terms is the whole match (a one-term word), so that
  /// `positionsMatch(at:)` need not be asked.
  var isPresenceOnly: Bool {
    if slots.count == 1, case .loneCharacter = slots[0] { return false }
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
      if case .loneCharacter(let variants) = slots[0] {
        return try variants.collect(at: doc, positions: &variantPositions, wanted: false)
      }
      return true
    }
    // Only one-token phrases use the character term; nothing positional to check.
    if hasCharacterSlot { return true }
    let n = slots.count
    let pending = self.pending
    for i in 0..<n { pending[i] = i }
    var left = n
    var starts = self.starts
    var count = 0
    var first = true
    while left > 0 {
      // The term slot with the lowest frequency in this document; variant slots last.
      var pick = 0
      var best = UInt32.max
      for k in 0..<left {
        if let source = termSources[pending[k]] {
          let f = source._withUnsafeGuaranteedRef { $0.frequency }
          if f < best {
            best = f
            pick = k
          }
        }
      }
      let i = pending[pick]
      left -= 1
      pending[pick] = pending[left]
      let offset = offsets[i]
      if let source = termSources[i] {
        unowned(unsafe) let s = source.takeUnretainedValue()
        if first {
          starts = startsBuffer(Int(s.frequency))
          let out = starts
          count = try s.withPositions { Self.seed(out, from: $0, offset: offset) }
        } else {
          let out = starts
          let kept = count
          count = try s.withPositions { Self.filter(out, kept, by: $0, offset: offset) }
        }
      } else if case .loneCharacter(let variants) = slots[i] {
        variantPositions.removeAll(keepingCapacity: true)
        _ = try variants.collect(at: doc, positions: &variantPositions, wanted: true)
        variantPositions.sort()
        if first {
          starts = startsBuffer(variantPositions.count)
          let out = starts
          count = variantPositions.withUnsafeBufferPointer {
            Self.seed(out, from: $0, offset: offset)
          }
        } else {
          let out = starts
          let kept = count
          count = variantPositions.withUnsafeBufferPointer {
            Self.filter(out, kept, by: $0, offset: offset)
          }
        }
      }
      if count == 0 { return false }
      first = false
    }
    return true
  }

  /// Fills `starts` with where the phrase would start for each position of one token; returns
  /// how many.
  @inline(__always)
  private static func seed(
    _ starts: UnsafeMutablePointer<Int>, from positions: UnsafeBufferPointer<UInt32>,
    offset: Int
  ) -> Int {
    var count = 0
    for p in positions {
      let start = Int(p) - offset
      if start >= 0 {
        starts[count] = start
        count += 1
      }
    }
    return count
  }

  /// Keeps the first `count` starts at which the token stands (both lists increase: one merge
  /// pass); returns how many remain.
  @inline(__always)
  private static func filter(
    _ starts: UnsafeMutablePointer<Int>, _ count: Int, by positions: UnsafeBufferPointer<UInt32>,
    offset: Int
  ) -> Int {
    var kept = 0
    var j = 0
    let n = positions.count
    for k in 0..<count {
      let want = starts[k] + offset
      while j < n && Int(positions[j]) < want { j += 1 }
      if j == n { break }
      if Int(positions[j]) == want {
        starts[kept] = starts[k]
        kept += 1
      }
    }
    return kept
  }
}
