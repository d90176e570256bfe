/// The terms that may stand for a lone character, merged in a heap ordered by document.
///
/// A character like 年 may start hundreds of bigrams (年度, 年级, 年来, …). Advancing each of
/// them to every candidate would cost candidates × variants; in the heap only the variants
/// whose current document is behind the candidate move, as in Lucene's `MultiPhraseQuery`.
/// The heap holds (document, index) pairs, so reordering it touches no reference counts.
final class SearchVariantUnion {
  private struct Entry {
    var document: UInt32
    var index: Int
  }

  private let sources: [SearchTermSource]
  private var heap: [Entry] = []
  private var opened = false

  init(_ sources: [SearchTermSource]) {
    self.sources = sources
  }

  /// Whether any variant is on `doc`; with `positions`, appends their positions (unsorted).
  func collect(at doc: UInt32, positions: inout [UInt32], wanted: Bool) throws(IndexError)
    -> Bool
  {
    if !opened {
      opened = true
      for (i, source) in sources.enumerated() {
        try source.advance(to: doc)
        if source.document != PostingsCursor.end {
          push(Entry(document: source.document, index: i))
        }
      }
    }
    while let top = heap.first, top.document < doc {
      let source = sources[top.index]
      try source.advance(to: doc)
      if source.document == PostingsCursor.end {
        let last = heap.removeLast()
        if !heap.isEmpty {
          heap[0] = last
          siftDown(0)
        }
      } else {
        heap[0].document = source.document
        siftDown(0)
      }
    }
    guard let top = heap.first, top.document == doc else { return false }
    if wanted { try append(0, doc, &positions) }
    return true
  }

  /// Appends the positions of every heap node at `doc` under `i` (children never come before
  /// their parent).
  private func append(_ i: Int, _ doc: UInt32, _ positions: inout [UInt32]) throws(IndexError) {
    guard i < heap.count, heap[i].document == doc else { return }
    try sources[heap[i].index].appendPositions(to: &positions)
    try append(2 * i + 1, doc, &positions)
    try append(2 * i + 2, doc, &positions)
  }

  private func push(_ entry: Entry) {
    heap.append(entry)
    var i = heap.count - 1
    while i > 0 {
      let parent = (i - 1) / 2
      guard heap[i].document < heap[parent].document else { break }
      heap.swapAt(i, parent)
      i = parent
    }
  }

  private func siftDown(_ start: Int) {
    var i = start
    let count = heap.count
    while true {
      let left = 2 * i + 1
      let right = left + 1
      var smallest = i
      if left < count && heap[left].document < heap[smallest].document { smallest = left }
      if right < count && heap[right].document < heap[smallest].document { smallest = right }
      if smallest == i { return }
      heap.swapAt(i, smallest)
      i = smallest
    }
  }
}
