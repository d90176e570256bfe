/// A stream of documents in increasing order that can skip ahead, for leapfrog intersection.
///
/// Term cursors, conjunctions and unions all conform, so a query's required structure
/// (AND of ORs of ANDs) is one tree of iterators driven by its rarest part.
protocol DocIterator: AnyObject {
  /// The current document, or `PostingsCursor.end`.
  var document: UInt32 { get }
  /// An estimate of how many documents the iterator yields (to pick the leader).
  var cost: Int { get }
  /// Moves to the first document `>= target`; never moves backwards.
  func advance(to target: UInt32) throws(IndexError)
}
