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

  /// A collector of the best `capacity` documents.
  init(capacity: Int) {
    top = TopK(capacity: capacity)
  }

  /// Whether any exclusion may keep a document out (then every match must be checked).
  var filters: Bool { !exclusions.isEmpty }

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
