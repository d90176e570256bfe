/// Mutable work counters shared by the cursors of one search.
///
/// A class, so that every cursor of a query plan can count into the same place.
final class SearchCounters {
  var postings = 0
  var scored = 0

  var statistics: SearchStatistics {
    SearchStatistics(postingsDecoded: postings, documentsScored: scored)
  }
}
