/// The terms that may stand for a lone character, merged in a heap ordered by document.
///
/// A character like 年 may start hundreds of bigrams (年度, 年级, 年来, …). Advancing each of
/// them to every candidate would cost candidates × variants; in the heap only the variants
/// whose current document is behind the candidate move, as in Lucene's `MultiPhraseQuery`.
final class SearchVariantUnion {
  private let sources: [SearchTermSource]
  private var heap: [SearchTermSource] = []
  private var opened = false
  private var found: [SearchTermSource] = []

  init(_ sources: [SearchTermSource]) {
    self.sources = sources
  }

  /// The variants on `doc` after moving every variant behind it to `doc` or beyond.
  func sources(at doc: UInt32) throws(IndexError) -> [SearchTermSource] {
    if !opened {
      opened = true
      for source in sources {
        try source.advance(to: doc)
        if source.document != PostingsCursor.end { push(source) }
      }
    }
    while let top = heap.first, top.document < doc {
      try top.advance(to: doc)
      if top.document == PostingsCursor.end {
        let last = heap.removeLast()
        if !heap.isEmpty {
          heap[0] = last
          siftDown(0)
        }
      } else {
        siftDown(0)
      }
    }
    found.removeAll(keepingCapacity: true)
    collect(0, doc)
    return found
  }

  /// Adds every heap node at `doc` under `i` (children are never before their parent).
  private func collect(_ i: Int, _ doc: UInt32) {
    guard i < heap.count, heap[i].document == doc else { return }
    found.append(heap[i])
    collect(2 * i + 1, doc)
    collect(2 * i + 2, doc)
  }

  private func push(_ source: SearchTermSource) {
    heap.append(source)
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
    while true {
      let left = 2 * i + 1
      let right = left + 1
      var smallest = i
      if left < heap.count && heap[left].document < heap[smallest].document { smallest = left }
      if right < heap.count && heap[right].document < heap[smallest].document { smallest = right }
      if smallest == i { return }
      heap.swapAt(i, smallest)
      i = smallest
    }
  }
}
