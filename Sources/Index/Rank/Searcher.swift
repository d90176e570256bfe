/// Runs queries against one index: parses, matches, ranks with BM25 and cuts snippets.
///
/// Each segment of the index is matched on its own, with the collection's statistics
/// (`CollectionStatistics`) and its deletions kept out; the best hits of the segments before
/// it enter its top k first, so that it scores only documents that can beat them. The hits
/// are those a one-segment index of the same live documents gives, with the same scores.
///
/// A searcher holds no per-query state (each search builds its own plan and cursors), so one
/// searcher may serve several threads at once.
///
/// ```swift
/// let searcher = Searcher(reader: try SegmentReader(path: "search.idx"))
/// let results = try searcher.search("教育质量 -考试", options: SearchOptions(limit: 5))
/// for hit in results.hits { print(hit.id, hit.score) }
/// ```
public final class Searcher: @unchecked Sendable {
  /// The index searched.
  public let reader: IndexReader
  /// Parses as the index was built: Traditional characters fold when its terms do.
  private let parser: QueryParser

  public init(reader: IndexReader) {
    self.reader = reader
    parser = QueryParser(foldsToSimplified: reader.foldsToSimplified)
  }

  /// Parses a query as `search` would, without running it.
  public func parse(_ query: String) throws(SearchError) -> Query {
    try parser.parse(query)
  }

  /// Parses and runs a query; the hits are the top `options.limit` documents by score.
  public func search(_ query: String, options: SearchOptions = SearchOptions()) throws(SearchError)
    -> SearchResults
  {
    try search(try parse(query), options: options)
  }

  /// Runs a parsed query; options out of range throw `SearchError.invalidOption`.
  public func search(_ query: Query, options: SearchOptions = SearchOptions()) throws(SearchError)
    -> SearchResults
  {
    try options.validate()
    do throws(IndexError) {
      return try execute(query, options: options)
    } catch {
      throw .index(error)
    }
  }

  private func execute(_ typed: Query, options: SearchOptions) throws(IndexError) -> SearchResults {
    let counters = WorkCounters()
    let segments = reader.segments
    let query = try QueryExpansion(segments: segments, expandsGlued: options.mode != .any)
      .expand(typed)
    let planners = segments.map { QueryPlanner(reader: $0.reader, counters: counters) }
    let allKeys = scoredKeys(query, options)
    let statistics = try CollectionStatistics(
      reader, keys: allKeys.keys.map(\.0), planners: planners)
    for planner in planners { planner.frequencies = statistics.frequencies }
    let bm25 = BM25(
      k1: options.k1, b: options.b, averageLength: statistics.averageLength,
      documentCount: statistics.documentCount)
    let bag = keepingInformative(allKeys, query, options, statistics: statistics)
    var carried: [HitCollector.Carried] = []
    var total = 0
    var totalIsExact = true
    for (s, segment) in segments.enumerated() where segment.liveCount > 0 {
      var collector = HitCollector(
        capacity: options.limit, deleted: segment.deleted, carried: carried)
      try match(query, options, bag: bag, planner: planners[s], bm25: bm25, into: &collector)
      total += collector.total
      totalIsExact = totalIsExact && collector.totalIsExact
      carried = collector.top.sorted().map { entry in
        if let i = collector.carriedIndex(of: entry) { return carried[i] }
        return HitCollector.Carried(
          score: entry.score, segment: s, document: collector.localDocument(of: entry),
          matches: entry.matches)
      }
    }
    let builder =
      options.snippets
      ? SnippetBuilder(
        units: snippetUnits(query, options.mode), foldsToSimplified: reader.foldsToSimplified) : nil
    var hits: [Hit] = []
    for entry in carried {
      let segment = segments[entry.segment]
      let doc = Int(entry.document)
      var snippet: Snippet? = nil
      let id: String
      let title: String
      if let builder {
        let record = try segment.reader.storedRecord(doc)
        (id, title) = (
          String(decoding: record.id, as: UTF8.self), String(decoding: record.title, as: UTF8.self)
        )
        snippet = record.text.withUnsafeBufferPointer { builder.snippet(for: $0) }
      } else {
        // Without a snippet the text is not decoded (most of a coded record's cost).
        let head = try segment.reader.storedTitle(doc)
        (id, title) = (
          String(decoding: head.id, as: UTF8.self), String(decoding: head.title, as: UTF8.self)
        )
      }
      hits.append(
        Hit(
          document: segment.base + doc, id: id, title: title.isEmpty ? nil : title,
          score: entry.score, occurrences: entry.matches, snippet: snippet))
    }
    return SearchResults(
      total: total, totalIsExact: totalIsExact, hits: hits, statistics: counters.statistics,
      shortenedQuery: query.shortened)
  }

  /// Matches one segment (its `planner`'s) into `collector`, by the path the query needs.
  private func match(
    _ query: Query, _ options: SearchOptions, bag: ScoredKeys, planner: QueryPlanner,
    bm25: BM25, into collector: inout HitCollector
  ) throws(IndexError) {
    let keys = bag.keys
    let required = requiredClauses(query, options.mode)
    if query.clauses.isEmpty {
      // Nothing required (a `Query` built by hand; the parser throws instead): no match.
    } else if collector.deleted == nil,
      let (key, weight) = oneTerm(query, options.mode, keys: keys, required: required)
    {
      try matchOneTerm(key, weight: weight, planner: planner, bm25: bm25, into: &collector)
    } else if options.mode == .all {
      try matchAll(query, keys: keys, planner: planner, bm25: bm25, into: &collector)
    } else if !required.isEmpty {
      // A quoted phrase narrows the candidates to its matches: intersect, then score the bag.
      try matchAll(
        Query(clauses: required, exclusions: query.exclusions), keys: keys, planner: planner,
        bm25: bm25, into: &collector)
    } else {
      try matchAny(query, bag: bag, planner: planner, bm25: bm25, into: &collector)
    }
  }

  /// The distinct query terms with how often each occurs among the positive phrases.
  ///
  /// In `.all` and `.ranked` mode a lone character counts as its character term (it is scored
  /// as one); in `.any` mode only a one-character word does, other tokens are plain Lucene terms.
  func weightedKeys(_ query: Query, _ mode: MatchMode) -> [(QueryPlanner.LookupKey, Int)] {
    // A handful of terms: a linear search beats hashing their bytes.
    var keys: [(QueryPlanner.LookupKey, Int)] = []
    for phrase in query.positivePhrases {
      for term in phrase.terms {
        let key = QueryPlanner.LookupKey(
          bytes: term.bytes, isCharacter: Self.isCharacterKey(term.kind, mode))
        if let i = keys.firstIndex(where: { $0.0 == key }) {
          keys[i].1 += 1
        } else {
          keys.append((key, 1))
        }
      }
    }
    return keys
  }

  /// Whether a query term of `kind` is looked up as its character term in `mode`: every lone
  /// character in `.all` and `.ranked` mode (it is scored as one), only a one-character word in
  /// `.any` mode.
  static func isCharacterKey(_ kind: QueryTerm.Kind, _ mode: MatchMode) -> Bool {
    mode == .any ? kind == .character : kind != .term
  }

  /// What snippets highlight: whole phrases in `.all` mode, terms one by one in the others.
  func snippetUnits(_ query: Query, _ mode: MatchMode) -> [[QueryTerm]] {
    var units: [[QueryTerm]] = []
    switch mode {
    case .all:
      // A phrase without terms (built by hand) matches nothing and highlights nothing.
      for phrase in query.positivePhrases
      where !phrase.terms.isEmpty && !units.contains(phrase.terms) {
        units.append(phrase.terms)
      }
    case .any, .ranked:
      // Terms alone, not the characters `.ranked` also scores: highlighting every 的 of a
      // text would hide the matches that count; adjacent terms merge into one highlight.
      for (key, _) in weightedKeys(query, .any) {
        units.append([
          QueryTerm(
            text: String(decoding: key.bytes, as: UTF8.self), position: 0,
            kind: key.isCharacter ? .character : .term)
        ])
      }
    }
    return units
  }
}
