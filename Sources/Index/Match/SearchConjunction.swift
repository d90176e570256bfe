/// The documents every part contains, found by leapfrogging from the rarest part.
///
/// The leader (the part with the smallest cost) proposes a document and the others
/// `advance(to:)` it; whichever overshoots becomes the next target, so long lists are skipped
/// block by block instead of scanned.
final class SearchConjunction: SearchDocIterator {
  private let parts: [any SearchDocIterator]
  private(set) var document: UInt32 = 0
  let cost: Int

  init(_ parts: [any SearchDocIterator]) throws(IndexError) {
    precondition(!parts.isEmpty)
    // Stable order by cost, so that plans (and statistics) are deterministic.
    self.parts = parts.enumerated().sorted {
      ($0.element.cost, $0.offset) < ($1.element.cost, $1.offset)
    }.map(\.element)
    cost = self.parts[0].cost
    try align(0)
  }

  func advance(to target: UInt32) throws(IndexError) {
    guard document < target else { return }
    try align(target)
  }

  private func align(_ target: UInt32) throws(IndexError) {
    var target = target
    let lead = parts[0]
    outer: while true {
      try lead.advance(to: target)
      target = lead.document
      if target == PostingsCursor.end {
        document = PostingsCursor.end
        return
      }
      for part in parts.dropFirst() {
        try part.advance(to: target)
        if part.document > target {
          target = part.document
          continue outer
        }
      }
      document = target
      return
    }
  }
}
