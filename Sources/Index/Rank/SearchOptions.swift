/// The knobs of one search: how many hits, how words combine, BM25's parameters, snippets.
///
/// The BM25 defaults are Lucene's (k1 = 1.2, b = 0.75), so `.any` scores compare with
/// Lucene/Anserini runs over the same terms; `characterWeight` was chosen on the judged dev
/// sets (see the README's ranking section).
public struct SearchOptions: Sendable, Equatable {
  /// The number of hits to return (the top `limit` by score); 0 or less returns none.
  public var limit: Int = 10
  /// How the words combine: ranked (the default), every word required, or a bag of terms.
  public var mode: MatchMode = .ranked
  /// BM25 term-frequency saturation.
  public var k1: Double = 1.2
  /// BM25 length normalisation: 0 ignores document length, 1 normalises fully.
  public var b: Double = 0.75
  /// Whether to cut a highlighted snippet from each returned hit's text.
  public var snippets: Bool = true
  /// In `.ranked` mode, the weight of the BM25 over the query's single CJK characters beside
  /// that over its Lucene terms (bigrams, words), which weigh 1: a document that holds a
  /// query's characters but not its bigrams still ranks, below those that hold the bigrams.
  public var characterWeight: Double = SearchOptions.defaultCharacterWeight

  /// In `.ranked` mode, the characters of bigrams found in more than this share of the
  /// documents (and in more than `characterFrequencyFloor` documents) are not scored: they say little
  /// (idf below ln(1 + (1 − s)/s)) and cost the most (the longest postings, probed for many
  /// candidates).
  package var characterShareLimit: Double = SearchOptions.defaultCharacterShareLimit

  /// A character in at most this many documents is always scored, whatever its share.
  package var characterFrequencyFloor = 4_096

  /// The share limit chosen on the judged dev sets and the benchmark.
  package static let defaultCharacterShareLimit = 0.05

  /// The character weight chosen on the judged dev sets.
  public static let defaultCharacterWeight = 0.5

  public init(
    limit: Int = 10, mode: MatchMode = .ranked, k1: Double = 1.2, b: Double = 0.75,
    snippets: Bool = true, characterWeight: Double = SearchOptions.defaultCharacterWeight
  ) {
    self.characterWeight = characterWeight
    self.limit = limit
    self.mode = mode
    self.k1 = k1
    self.b = b
    self.snippets = snippets
  }
}
