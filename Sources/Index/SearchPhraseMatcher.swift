/// Checks that a document holds a phrase's tokens at the same relative positions as the query.
///
/// Document-level presence comes first and cheaply (the `required` sources, intersected by
/// skipping); positions are decoded only for candidates that hold every required term. A lone
/// character token accepts, at its position, its own term or any bigram that starts with it.
final class SearchPhraseMatcher {
  /// Where a token's positions come from.
  enum Slot {
    /// A Lucene term: the positions of its cursor.
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
  private var lists: [[UInt32]] = []
  private var indexes: [Int] = []

  init(slots: [Slot], offsets: [Int], required: [SearchTermSource]) {
    self.slots = slots
    self.offsets = offsets
    self.required = required
    lists = Array(repeating: [], count: slots.count)
    indexes = Array(repeating: 0, count: slots.count)
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
        return try variants.collect(at: doc, positions: &lists[0], wanted: false)
      }
      return true
    }
    var lead = 0
    for i in slots.indices {
      switch slots[i] {
      case .term(let source):
        lists[i].removeAll(keepingCapacity: true)
        try source.appendPositions(to: &lists[i])
      case .character:
        // Only one-token phrases use the character term; nothing positional to check.
        lists[i] = []
        return true
      case .single(let variants):
        lists[i].removeAll(keepingCapacity: true)
        _ = try variants.collect(at: doc, positions: &lists[i], wanted: true)
        lists[i].sort()
      }
      if lists[i].isEmpty { return false }
      if lists[i].count < lists[lead].count { lead = i }
      indexes[i] = 0
    }
    for q in lists[lead] {
      let start = Int(q) - offsets[lead]
      if start < 0 { continue }
      var all = true
      for i in slots.indices where i != lead {
        let want = start + offsets[i]
        let list = lists[i]
        var c = indexes[i]
        while c < list.count && Int(list[c]) < want { c += 1 }
        indexes[i] = c
        if c == list.count { return false }
        if Int(list[c]) != want {
          all = false
          break
        }
      }
      if all { return true }
    }
    return false
  }
}
