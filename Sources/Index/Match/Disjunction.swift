/// The documents any part contains: the smallest current document of its parts.
///
/// Used for the alternatives of an `OR` clause inside a conjunction (each alternative the
/// conjunction of its required terms); only parts behind the target move, so each part is
/// still skipped block by block. Generic over its parts, so the loop calls them directly
/// (the engine's parts are `TermConjunction`s; tests use plain lists).
final class Disjunction<Part: DocIterator>: DocIterator {
  let parts: [Part]
  private(set) var document: UInt32 = 0
  let cost: Int

  /// The union of `parts`; without parts, the union is at its end.
  init(_ parts: [Part]) throws(IndexError) {
    self.parts = parts
    cost = parts.reduce(0) { $0 + $1.cost }
    for part in parts { try part.advance(to: 0) }
    document = parts.map(\.document).min() ?? PostingsCursor.end
  }

  func advance(to target: UInt32) throws(IndexError) {
    guard document < target else { return }
    var smallest = PostingsCursor.end
    for part in parts {
      if part.document < target { try part.advance(to: target) }
      smallest = min(smallest, part.document)
    }
    document = smallest
  }
}
