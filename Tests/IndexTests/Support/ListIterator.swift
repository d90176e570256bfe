import TestSupport

@testable import Index

/// A sorted list of documents as a `DocIterator`, so that unions and conjunctions can be
/// checked against set operations on plain arrays, with no index in between.
///
/// It records every target it is asked for, so a test can also check that no iterator is ever
/// asked to move backwards.
final class ListIterator: DocIterator {
  let documents: [UInt32]
  private var index = 0
  private(set) var document: UInt32
  let cost: Int
  /// Set when `advance(to:)` was called with a target below an earlier one.
  private(set) var movedBackwards = false
  private var lastTarget: UInt32 = 0

  init(_ documents: [UInt32]) {
    self.documents = documents
    cost = documents.count
    document = documents.first ?? PostingsCursor.end
  }

  func advance(to target: UInt32) throws(IndexError) {
    if target < lastTarget { movedBackwards = true }
    lastTarget = target
    while index < documents.count && documents[index] < target { index += 1 }
    document = index < documents.count ? documents[index] : PostingsCursor.end
  }
}

/// Random postings for the iterator tests: `count` sorted lists of distinct documents below
/// `limit`, each with its own density (some empty, some nearly full).
func randomLists(_ rng: inout SeededGenerator, count: Int, limit: Int) -> [[UInt32]] {
  (0..<count).map { _ in
    let density = [0, 1, 5, 30, 70, 100][rng.below(6)]
    return (0..<UInt32(limit)).filter { _ in rng.below(100) < density }
  }
}

/// Every document an iterator yields from its current one on, stepping by `advance(to: d + 1)`.
func drain(_ iterator: any DocIterator) throws -> [UInt32] {
  var out: [UInt32] = []
  while iterator.document != PostingsCursor.end {
    out.append(iterator.document)
    try iterator.advance(to: iterator.document + 1)
  }
  return out
}
