/// The live work tally of one search, counted into by its cursors and match loops.
///
/// A class, so that every cursor of a query plan can count into the same place. It is mutable
/// while the search runs; `SearchStatistics` is the value snapshot of it that a search's
/// results carry (`SearchResults.statistics`, for the command-line tool and the bench).
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
