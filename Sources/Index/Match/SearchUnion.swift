/// The documents any part contains: the smallest current document of its parts.
///
/// Used for the alternatives of an `OR` clause inside a conjunction; only parts behind the
/// target move, so each part is still skipped block by block.
final class SearchUnion: SearchDocIterator {
  let parts: [any SearchDocIterator]
  private(set) var document: UInt32 = 0
  let cost: Int

  init(_ parts: [any SearchDocIterator]) throws(IndexError) {
    precondition(!parts.isEmpty)
    self.parts = parts
    cost = parts.reduce(0) { $0 + $1.cost }
    for part in parts { try part.advance(to: 0) }
    document = parts.map(\.document).min()!
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
