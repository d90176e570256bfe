/// One-term queries: block-max pruning over the term's postings, with the exact total free.
///
/// When a query is one term and nothing else (no exclusion, no second clause), the matches are
/// exactly the term's documents, so the total is its document frequency and only the top k
/// need scores. The few blocks with the highest bounds go first, so that the k-th score rises
/// early; then every block whose bound (best frequency, shortest length) cannot beat it is
/// skipped without being decoded, as in Lucene's block-max `TermScorer`.
extension Searcher {
  /// How many of the best-bounded blocks are scored before the in-order pass.
  static let seedBlocks = 4

  /// The only scored term of a query whose matches are exactly that term's documents, with its
  /// weight; nil for any other query. `keys` and `required` are the query's scored keys and
  /// required clauses (`scoredKeys`, `requiredClauses`).
  func oneTerm(
    _ query: Query, _ mode: MatchMode, keys: [(QueryPlanner.LookupKey, Double)],
    required: [[QueryPhrase]]
  ) -> (key: QueryPlanner.LookupKey, weight: Double)? {
    guard query.exclusions.isEmpty, keys.count == 1 else { return nil }
    switch mode {
    case .all:
      guard query.clauses.count == 1, query.clauses[0].count == 1,
        query.clauses[0][0].terms.count == 1, query.clauses[0][0].terms[0].kind != .loneCharacter
      else { return nil }
    case .any, .ranked:
      guard required.isEmpty else { return nil }
    }
    return keys[0]
  }

  /// Ranks the documents of one term into `collector`, whose total is the document frequency.
  func matchOneTerm(
    _ key: QueryPlanner.LookupKey, weight queryWeight: Double, planner: QueryPlanner, bm25: BM25,
    into collector: inout HitCollector
  ) throws(IndexError) {
    let reader = planner.reader
    guard let info = try planner.info(key) else { return }
    let weight = queryWeight * bm25.idf(documentFrequency: planner.documentFrequency(key, info))
    let blocks = try BlockBounds(reader: reader, info: info, weight: weight, bm25: bm25)
    let lengths = reader.documentLengths
    var threshold = collector.threshold
    var scored = 0
    let scratch = UnsafeMutablePointer<UInt32>.allocate(capacity: 2 * IndexFormat.postingsBlockSize)
    defer { scratch.deallocate() }
    // The best-bounded blocks first (highest bound, then lowest block).
    var seeds: [Int] = []
    if blocks.count > Self.seedBlocks {
      seeds.reserveCapacity(Self.seedBlocks)
      for _ in 0..<Self.seedBlocks {
        var best = -1
        for block in 0..<blocks.count where !seeds.contains(block) {
          if best < 0 || blocks.maxScores[block] > blocks.maxScores[best] { best = block }
        }
        guard blocks.maxScores[best] > threshold else { break }
        try blocks.score(
          block: best, bm25: bm25, lengths: lengths, scratch: scratch,
          top: &collector.top,
          threshold: &threshold)
        seeds.append(best)
        scored += blocks.entryCount(ofBlock: best)
      }
    }
    for block in 0..<blocks.count
    where blocks.maxScores[block] >= threshold && !seeds.contains(block) {
      try blocks.score(
        block: block, bm25: bm25, lengths: lengths, scratch: scratch, top: &collector.top,
        threshold: &threshold)
      scored += blocks.entryCount(ofBlock: block)
    }
    planner.counters.postings += scored
    planner.counters.scored += scored
    collector.count(info.documentFrequency)
  }
}
