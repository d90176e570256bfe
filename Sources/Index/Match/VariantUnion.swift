/// The terms that may stand for a lone character, merged in a heap ordered by document.
///
/// A character like 年 may start hundreds of bigrams (年度, 年级, 年来, …). Advancing each of
/// them to every candidate would cost candidates × variants; in the heap only the variants
/// whose current document is behind the candidate move, as in Lucene's `MultiPhraseQuery`.
/// The heap holds (document, index) pairs, so reordering it touches no reference counts.
final class VariantUnion {
  private struct Entry {
    var document: UInt32
    var index: Int
  }

  private let sources: [TermIterator]
  /// The heap lives in a buffer of its own: sifting is the union's inner loop, and a plain
  /// buffer spares it the array's bounds, uniqueness and exclusivity checks.
  private let heap: UnsafeMutablePointer<Entry>
  private var heapCount = 0
  private var opened = false

  init(_ sources: [TermIterator]) {
    self.sources = sources
    heap = .allocate(capacity: max(1, sources.count))
  }

  deinit {
    heap.deallocate()
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
    while heapCount > 0 && heap[0].document < doc {
      let source = sources[heap[0].index]
      try source.advance(to: doc)
      if source.document == PostingsCursor.end {
        heapCount -= 1
        if heapCount > 0 { siftDown(heap[heapCount]) }
      } else {
        siftDown(Entry(document: source.document, index: heap[0].index))
      }
    }
    guard heapCount > 0, heap[0].document == doc else { return false }
    if wanted { try append(0, doc, &positions) }
    return true
  }

  /// Appends the positions of every heap node at `doc` under `i` (children never come before
  /// their parent).
  private func append(_ i: Int, _ doc: UInt32, _ positions: inout [UInt32]) throws(IndexError) {
    guard i < heapCount, heap[i].document == doc else { return }
    try sources[heap[i].index].appendPositions(to: &positions)
    try append(2 * i + 1, doc, &positions)
    try append(2 * i + 2, doc, &positions)
  }

  private func push(_ entry: Entry) {
    var i = heapCount
    heapCount += 1
    while i > 0 {
      let parent = (i - 1) / 2
      guard entry.document < heap[parent].document else { break }
      heap[i] = heap[parent]
      i = parent
    }
    heap[i] = entry
  }

  /// Puts `entry` at the root and moves it down to its place (a hole moves, not swaps).
  private func siftDown(_ entry: Entry) {
    let heap = self.heap
    let count = heapCount
    var i = 0
    while true {
      let left = 2 * i + 1
      if left >= count { break }
      var child = left
      let right = left + 1
      if right < count && heap[right].document < heap[left].document { child = right }
      if heap[child].document >= entry.document { break }
      heap[i] = heap[child]
      i = child
    }
    heap[i] = entry
  }
}
