/// What a search returns: how many documents match, the best of them, and the work it took.
///
/// `.all` searches visit every match, so their total is exact; `.ranked` and `.any` searches
/// (documents sharing a term, or in `.ranked` a character, with the query) skip documents that
/// cannot reach the top k, so their total may be a lower bound (`totalIsExact` says).
public struct SearchResults: Sendable, Equatable, Codable {
  /// The number of matching documents (a lower bound when `totalIsExact` is false).
  public var total: Int
  /// Whether `total` counts every matching document.
  public var totalIsExact: Bool
  /// The best hits, best first (ties: lower document number first).
  public var hits: [Hit]
  /// Work counters (not encoded: they describe one run, not its results).
  package var statistics = SearchStatistics()

  /// Set when the query was longer than a query may be and only its start was searched.
  public var shortenedQuery: Query.Shortening?

  package init(
    total: Int, totalIsExact: Bool, hits: [Hit], statistics: SearchStatistics,
    shortenedQuery: Query.Shortening? = nil
  ) {
    self.shortenedQuery = shortenedQuery
    self.total = total
    self.totalIsExact = totalIsExact
    self.hits = hits
    self.statistics = statistics
  }

  private enum CodingKeys: String, CodingKey {
    case total, totalIsExact, hits, shortenedQuery
  }
}
