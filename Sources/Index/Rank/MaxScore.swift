/// Block-max MaxScore over a bag of weighted terms, document at a time (Lucene's
/// `MaxScoreBulkScorer`), so that k = 10 scores few documents.
///
/// The documents are walked in windows that end where some term's current block ends, so that
/// inside a window every term's bound is its block's bound, far tighter than its global one.
/// Each window runs the same steps (`MaxScore+Steps.swift`):
/// 1. `partition`: the terms sorted by their window bound; those whose bounds add up to no
///    more than the k-th best score are non-essential (documents holding only them are never
///    visited). A window where even all bounds together cannot enter is skipped whole.
/// 2. `firstCandidate`, then per document: `passOver` (with one essential term, a document
///    whose share of it cannot lift it into the top k is counted and passed over),
///    `scoreEssential`, `probeNonEssential` (skipping to the document only while the bounds
///    still allow it to enter), and `collect` (exact score, exclusions, top k and total).
///
/// The total is exact only while no window pruned anything. Exclusions are checked only for
/// documents that could enter the top k, or while the total is still exact.
///
/// The per-term state lives in raw buffers, allocated once per search and freed by `deinit`:
/// the hot loop neither checks array uniqueness nor copies a cursor (the cursors are moved in,
/// so their block buffers stay uniquely referenced). Noncopyable, so that the buffers have one
/// owner.
struct MaxScore: ~Copyable {
  /// The number of terms.
  let n: Int
  let bm25: BM25
  let lengths: DocumentLengths
  /// Whether exclusions may keep a document out (then no document is passed over unscored).
  let filters: Bool
  /// A lower bound of the final k-th score known before the walk (`Searcher.thresholdFloor`).
  let floor: Double
  /// The score a document must beat: the k-th best so far, and at least `floor`.
  var threshold: Double

  /// Every term's blocks.
  let firstBlock: [Int]
  let lastDocuments: [UInt32]
  let maxScores: [Double]

  /// The terms' cursors.
  let cursors: UnsafeMutablePointer<PostingsCursor>
  /// Each term's weight (query weight · idf).
  let weights: UnsafeMutablePointer<Double>
  /// Each term's frequency in the current document (0 when absent or not probed).
  let frequencies: UnsafeMutablePointer<UInt32>
  /// Each term's block at the window start.
  let currentBlock: UnsafeMutablePointer<Int>
  /// Each term's bound in the window (0 once its blocks are done).
  let windowBound: UnsafeMutablePointer<Double>
  /// The terms by increasing window bound.
  let order: UnsafeMutablePointer<Int>
  /// The running sums of the window bounds in that order.
  let sums: UnsafeMutablePointer<Double>

  /// The first document of the current window.
  var windowStart: UInt32 = 0
  /// The last document of the current window.
  var windowEnd: UInt32 = 0
  /// How many of the terms (first in `order`) are non-essential in the window.
  var nonEssential = 0

  /// Cursor steps taken (`WorkCounters.postings`).
  var steps = 0
  /// Documents scored (`WorkCounters.scored`).
  var scored = 0

  /// Takes over `cursors` (one per term, in query order, each with its weight) and their
  /// blocks; `floor` is the known lower bound of the k-th score.
  init(
    cursors: consuming [PostingsCursor], weights: [Double], blocks: FlatBlockBounds,
    floor: Double, bm25: BM25, lengths: DocumentLengths, filters: Bool
  ) {
    let n = cursors.count
    assert(n > 0 && weights.count == n && blocks.firstBlock.count == n + 1)
    self.n = n
    self.bm25 = bm25
    self.lengths = lengths
    self.filters = filters
    self.floor = floor
    threshold = floor
    firstBlock = blocks.firstBlock
    lastDocuments = blocks.lastDocuments
    maxScores = blocks.maxScores
    self.cursors = .allocate(capacity: n)
    self.cursors.initialize(from: cursors, count: n)
    cursors = []
    self.weights = .allocate(capacity: n)
    self.weights.initialize(from: weights, count: n)
    frequencies = .allocate(capacity: n)
    frequencies.initialize(repeating: 0, count: n)
    currentBlock = .allocate(capacity: n)
    currentBlock.initialize(from: blocks.firstBlock, count: n)
    windowBound = .allocate(capacity: n)
    windowBound.initialize(repeating: 0, count: n)
    order = .allocate(capacity: n)
    for t in 0..<n { (order + t).initialize(to: t) }
    sums = .allocate(capacity: n)
    sums.initialize(repeating: 0, count: n)
  }

  deinit {
    cursors.deinitialize(count: n)
    cursors.deallocate()
    weights.deallocate()
    frequencies.deallocate()
    currentBlock.deallocate()
    windowBound.deallocate()
    order.deallocate()
    sums.deallocate()
  }

  /// Walks every window, scoring into `collector` and counting its total.
  mutating func run(into collector: inout HitCollector) throws(IndexError) {
    threshold = max(floor, collector.threshold)
    while partition() {
      if nonEssential > 0 { collector.markInexact() }
      if nonEssential < n { try walkWindow(into: &collector) }
      windowStart = windowEnd &+ 1
      if windowStart == PostingsCursor.end { break }
    }
  }

  /// Visits every candidate of the window: the documents of its essential terms.
  @inline(__always)
  private mutating func walkWindow(into collector: inout HitCollector) throws(IndexError) {
    var doc = try firstCandidate()
    // One essential term: a document whose share of it, with every other term's bound,
    // cannot beat the k-th score is counted and passed over without touching the others.
    let alone = n - nonEssential == 1 && !filters ? order[n - 1] : -1
    let others = nonEssential > 0 ? sums[nonEssential - 1] : 0
    while doc <= windowEnd {
      let norm = bm25.norm(length: lengths[doc])
      if alone >= 0, let next = try passOver(alone: alone, others: others, norm: norm) {
        collector.count()
        doc = next
        continue
      }
      var score = 0.0
      var matches = 0
      let next = try scoreEssential(doc, norm: norm, score: &score, matches: &matches)
      let possible = try probeNonEssential(doc, norm: norm, score: &score, matches: &matches)
      scored += 1
      try collect(
        doc, score: score, matches: matches, possible: possible, norm: norm, into: &collector)
      doc = next
    }
  }
}
