/// The documents every term contains, found by leapfrogging from the rarest term.
///
/// The same algorithm as `SearchConjunction`, for the common case where every part is a term
/// source (the required terms of a query, or of one `OR` alternative). The sources sit in a
/// buffer of unmanaged references, called directly rather than through the protocol, so the
/// leapfrog loop, run once per candidate, neither retains nor releases anything.
final class SearchTermConjunction: SearchDocIterator {
  /// Keeps the sources alive; `ordered` refers to them without owning them.
  private let sources: [SearchTermSource]
  private let ordered: UnsafeMutableBufferPointer<Unmanaged<SearchTermSource>>
  private(set) var document: UInt32 = 0
  let cost: Int

  init(_ sources: [SearchTermSource]) throws(IndexError) {
    precondition(!sources.isEmpty)
    // Stable order by cost, so that plans (and statistics) are deterministic.
    self.sources = sources.enumerated().sorted {
      ($0.element.cost, $0.offset) < ($1.element.cost, $1.offset)
    }.map(\.element)
    ordered = .allocate(capacity: sources.count)
    for (i, source) in self.sources.enumerated() { ordered[i] = .passUnretained(source) }
    cost = self.sources[0].cost
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
    let parts = ordered
    unowned(unsafe) let lead = parts[0].takeUnretainedValue()
    var target = target
    outer: while true {
      try lead.advance(to: target)
      target = lead.document
      if target == PostingsCursor.end { break }
      var i = 1
      while i < parts.count {
        unowned(unsafe) let part = parts[i].takeUnretainedValue()
        try part.advance(to: target)
        if part.document > target {
          target = part.document
          continue outer
        }
        i += 1
      }
      break
    }
    document = target
  }
}
