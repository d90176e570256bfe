/// The documents every leg contains, found by leapfrogging from the rarest leg.
///
/// The leader (the leg with the smallest cost) proposes a document and the others
/// `advance(to:)` it; whichever overshoots becomes the next target, so long lists are skipped
/// block by block instead of scanned. Generic over its legs, so that the leapfrog, run once per
/// candidate, calls them directly: the legs sit in a buffer of unmanaged references, and the
/// loop neither retains nor releases anything. A conjunction of term sources (the required
/// terms of a query, or of one `OR` alternative) is `TermConjunction`; one that mixes
/// terms and `OR` unions has `ConjunctionLeg` legs.
final class Conjunction<Leg: DocIterator>: DocIterator {
  /// Keeps the legs alive; `ordered` refers to them without owning them.
  private let legs: [Leg]
  private let ordered: UnsafeMutableBufferPointer<Unmanaged<Leg>>
  private(set) var document: UInt32 = 0
  let cost: Int

  /// Intersects `legs` and moves to the first document they share; without legs, the
  /// conjunction is at its end (an empty plan matches nothing rather than everything).
  init(_ legs: [Leg]) throws(IndexError) {
    // Stable order by cost, so that plans (and statistics) are deterministic.
    self.legs = legs.enumerated().sorted {
      ($0.element.cost, $0.offset) < ($1.element.cost, $1.offset)
    }.map(\.element)
    ordered = .allocate(capacity: max(1, legs.count))
    for (i, leg) in self.legs.enumerated() { ordered[i] = .passUnretained(leg) }
    guard let lead = self.legs.first else {
      cost = 0
      document = PostingsCursor.end
      return
    }
    cost = lead.cost
    try align(0)
  }

  deinit {
    ordered.deallocate()
  }

  @inline(__always)
  func advance(to target: UInt32) throws(IndexError) {
    guard document < target else { return }
    try align(target)
  }

  private func align(_ target: UInt32) throws(IndexError) {
    let legs = UnsafeMutableBufferPointer(rebasing: ordered[..<self.legs.count])
    assert(!legs.isEmpty, "a conjunction without legs never aligns")
    unowned(unsafe) let lead = legs[0].takeUnretainedValue()
    var target = target
    outer: while true {
      try lead.advance(to: target)
      target = lead.document
      if target == PostingsCursor.end { break }
      var i = 1
      while i < legs.count {
        unowned(unsafe) let leg = legs[i].takeUnretainedValue()
        try leg.advance(to: target)
        if leg.document > target {
          target = leg.document
          continue outer
        }
        i += 1
      }
      break
    }
    document = target
  }
}

/// The conjunction of term sources: the required terms of a query, or of one `OR` alternative.
typealias TermConjunction = Conjunction<TermIterator>
