/// The best `capacity` (score, document) pairs seen so far, in a bounded min-heap.
///
/// As in PISA's `topk_queue`, `wouldEnter` tells a pruning loop whether a score can still make
/// the list, so that it can skip documents whose upper bound cannot. Order: higher score first,
/// then lower document number; documents arrive in increasing order, so a later document with
/// a score equal to the current minimum never enters.
struct TopK {
  /// One kept document.
  struct Entry {
    var score: Double
    var document: UInt32
    var matches: Int
  }

  let capacity: Int
  private(set) var heap: [Entry] = []
  /// Added to every document inserted: a segment's top k starts with the best hits of the
  /// segments before it as documents `0..<shift` (in their order), its own documents after
  /// them, so that ties keep the index-wide order (`HitCollector.init`).
  var documentShift: UInt32 = 0

  init(capacity: Int) {
    self.capacity = max(0, capacity)
    heap.reserveCapacity(min(self.capacity, 1 << 16))
  }

  /// The score a new document must beat once the list is full (−∞ before).
  var threshold: Double {
    heap.count < capacity ? -.infinity : heap.isEmpty ? .infinity : heap[0].score
  }

  /// Whether a document with this score (arriving after every kept one) would be kept.
  @inline(__always)
  func wouldEnter(_ score: Double) -> Bool {
    if heap.count < capacity { return true }
    return capacity > 0 && score > heap[0].score
  }

  /// `a` ranks below `b`.
  @inline(__always)
  private static func worse(_ a: Entry, _ b: Entry) -> Bool {
    a.score < b.score || (a.score == b.score && a.document > b.document)
  }

  /// Offers a document; returns true if it was kept.
  @discardableResult
  mutating func insert(score: Double, document: UInt32, matches: Int) -> Bool {
    let entry = Entry(score: score, document: document &+ documentShift, matches: matches)
    if heap.count < capacity {
      heap.append(entry)
      var i = heap.count - 1
      while i > 0 {
        let parent = (i - 1) / 2
        guard Self.worse(heap[i], heap[parent]) else { break }
        heap.swapAt(i, parent)
        i = parent
      }
      return true
    }
    guard capacity > 0, Self.worse(heap[0], entry) else { return false }
    heap[0] = entry
    var i = 0
    while true {
      let left = 2 * i + 1
      let right = left + 1
      var smallest = i
      if left < heap.count && Self.worse(heap[left], heap[smallest]) { smallest = left }
      if right < heap.count && Self.worse(heap[right], heap[smallest]) { smallest = right }
      if smallest == i { break }
      heap.swapAt(i, smallest)
      i = smallest
    }
    return true
  }

  /// The kept entries, best first.
  func sorted() -> [Entry] {
    heap.sorted { Self.worse($1, $0) }
  }
}
