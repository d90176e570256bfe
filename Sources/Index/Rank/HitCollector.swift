/// What every match path hands back: the total, whether it is exact, the top k and the
/// exclusions that keep a document out of both.
///
/// The match paths (one term, `.all`, MaxScore) find their candidates differently but keep
/// their books the same way: a match counts once toward the total, a scored document is
/// offered to the top k, and an excluded document does neither. The collector owns that
/// bookkeeping, so that the rules (when a total stops being exact, when a lower bound may
/// replace it) are written once. A value type, mutated in place by the paths' loops.
struct HitCollector {
  /// The best documents so far.
  var top: TopK
  /// The matches counted.
  private(set) var total = 0
  /// Whether `total` counts every match (false once pruning passed some over uncounted).
  private(set) var totalIsExact = true
  /// Phrases that keep a document out of the results.
  private(set) var exclusions: [PhraseMatcher] = []
  /// The segment's deleted documents, kept out like excluded ones.
  let deleted: DeletedDocuments?

  /// A collector of the best `capacity` documents of a segment whose deleted documents are
  /// `deleted`; `carried` are the best hits of the segments before it (best first, ties in
  /// index order), which its documents must beat: they enter the top k first, as documents
  /// `0..<carried.count`, and the segment's own documents are shifted past them, so that a
  /// tie keeps the earlier document (`carriedIndex`, `localDocument` undo it).
  init(capacity: Int, deleted: DeletedDocuments? = nil, carried: [Carried] = []) {
    top = TopK(capacity: capacity)
    self.deleted = deleted
    let kept = carried.prefix(top.capacity)
    for (i, hit) in kept.enumerated() {
      top.insert(score: hit.score, document: UInt32(i), matches: hit.matches)
    }
    top.documentShift = UInt32(kept.count)
  }

  /// A hit of an earlier segment, carried into the next one's top k.
  struct Carried {
    var score: Double
    var segment: Int
    var document: UInt32
    var matches: Int
  }

  /// Which carried hit a kept entry's document stands for, if it is one.
  func carriedIndex(of entry: TopK.Entry) -> Int? {
    entry.document < top.documentShift ? Int(entry.document) : nil
  }

  /// The segment's own document number of a kept entry that is not a carried one.
  func localDocument(of entry: TopK.Entry) -> UInt32 { entry.document - top.documentShift }

  /// Whether any exclusion or deletion may keep a document out (then every match must be
  /// checked).
  var filters: Bool { !exclusions.isEmpty || deleted != nil }

  /// The score a document must beat to enter the top k.
  var threshold: Double { top.threshold }

  /// The matchers of `phrases` as exclusions; a phrase that cannot match anything (a term
  /// absent from the index, or no term at all) excludes nothing and is dropped.
  mutating func exclude(_ phrases: [QueryPhrase], planner: QueryPlanner) throws(IndexError) {
    for phrase in phrases {
      var own = QueryPlanner.SourcePool()
      if let matcher = try planner.matcher(for: phrase, in: &own) { exclusions.append(matcher) }
    }
  }

  /// Whether an exclusion matches `doc` (documents must be asked in increasing order).
  @inline(__always)
  func isExcluded(_ doc: UInt32) throws(IndexError) -> Bool {
    if let deleted, deleted.contains(doc) { return true }
    for exclusion in exclusions where try exclusion.matches(at: doc) { return true }
    return false
  }

  /// Counts one match.
  @inline(__always)
  mutating func count() {
    total += 1
  }

  /// Counts `matches` matches at once (a term's document frequency).
  mutating func count(_ matches: Int) {
    total += matches
  }

  /// Records that pruning passed matches over uncounted: the total is now a lower bound.
  @inline(__always)
  mutating func markInexact() {
    totalIsExact = false
  }

  /// Raises an inexact total to a better lower bound known otherwise.
  mutating func raiseTotal(toAtLeast bound: Int) {
    total = max(total, bound)
  }

  /// Offers a document to the top k; returns true if it was kept.
  @discardableResult
  @inline(__always)
  mutating func offer(score: Double, document: UInt32, matches: Int) -> Bool {
    top.insert(score: score, document: document, matches: matches)
  }
}
