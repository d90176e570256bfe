/// The live work tally of one search, counted into by its cursors and match loops.
///
/// A class, so that every cursor of a query plan can count into the same place. Internal and
/// mutable while the search runs; `SearchStatistics` is its public, immutable snapshot, taken
/// once the search is done (`statistics`).
final class WorkCounters {
  /// Postings cursor steps (`SearchStatistics.postingsDecoded`).
  var postings = 0
  /// Documents scored (`SearchStatistics.documentsScored`).
  var scored = 0

  /// The snapshot a search reports.
  var statistics: SearchStatistics {
    SearchStatistics(postingsDecoded: postings, documentsScored: scored)
  }
}
