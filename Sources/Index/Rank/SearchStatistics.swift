/// Work counters of one search, to compare query strategies and catch accidental full scans.
///
/// The counts depend only on the index and the query (never on timing), so tests and
/// benchmarks can assert on them.
package struct SearchStatistics: Sendable, Equatable {
  /// Postings cursor steps: every posting a cursor landed on, whether by `next()`, by
  /// `advance(to:)` (one step however many blocks it skipped) or when it was opened.
  package var postingsDecoded: Int
  /// Documents whose BM25 score was computed (fully or until it could not reach the top k).
  package var documentsScored: Int

  package init(postingsDecoded: Int = 0, documentsScored: Int = 0) {
    self.postingsDecoded = postingsDecoded
    self.documentsScored = documentsScored
  }
}
