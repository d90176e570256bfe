/// The knobs of one search: how many hits, how words combine, BM25's parameters, snippets.
///
/// The defaults are Lucene's BM25 defaults (k1 = 1.2, b = 0.75), so scores compare with
/// Lucene/Anserini runs over the same terms.
public struct SearchOptions: Sendable, Equatable {
  /// The number of hits to return (the top `limit` by score); 0 or less returns none.
  public var limit: Int = 10
  /// Whether every word is required (`.all`) or any term may match (`.any`).
  public var mode: MatchMode = .all
  /// BM25 term-frequency saturation.
  public var k1: Double = 1.2
  /// BM25 length normalisation: 0 ignores document length, 1 normalises fully.
  public var b: Double = 0.75
  /// Whether to cut a highlighted snippet from each returned hit's text.
  public var snippets: Bool = true

  public init(
    limit: Int = 10, mode: MatchMode = .all, k1: Double = 1.2, b: Double = 0.75,
    snippets: Bool = true
  ) {
    self.limit = limit
    self.mode = mode
    self.k1 = k1
    self.b = b
    self.snippets = snippets
  }
}
