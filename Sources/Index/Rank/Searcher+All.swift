/// `.all` mode: every clause must match, found by skipping intersection, then verified.
///
/// The required terms of one-alternative clauses and one union per `OR` clause are
/// intersected by leapfrogging from the rarest; only documents holding every required term
/// have positions decoded and checked. Every match is visited, so the total is exact.
///
/// The scored terms are `keys`: the query's own in `.all` mode; in the bag-of-terms modes,
/// when a quoted phrase is required, the whole bag, scored on the phrase's matches.
extension Searcher {
  func matchAll(
    _ query: Query, keys: [(QueryPlanner.LookupKey, Double)], planner: QueryPlanner, bm25: BM25,
    into collector: inout HitCollector
  ) throws(IndexError) {
    let reader = planner.reader
    var shared = QueryPlanner.SourcePool()
    var oneAlternative: [PhraseMatcher] = []
    for clause in query.clauses where clause.count == 1 {
      guard let matcher = try planner.matcher(for: clause[0], in: &shared) else { return }
      oneAlternative.append(matcher)
    }
    var groups: [[(iterator: TermConjunction, matcher: PhraseMatcher)]] = []
    var unions: [Disjunction<TermConjunction>] = []
    for clause in query.clauses where clause.count > 1 {
      var alternatives: [(iterator: TermConjunction, matcher: PhraseMatcher)] = []
      for phrase in clause {
        var own = QueryPlanner.SourcePool()
        guard let matcher = try planner.matcher(for: phrase, in: &own) else { continue }
        alternatives.append((try TermConjunction(own.ordered), matcher))
      }
      if alternatives.isEmpty { return }
      groups.append(alternatives)
      unions.append(try Disjunction(alternatives.map(\.iterator)))
    }
    try collector.exclude(query.exclusions, planner: planner)
    var scoring: [(source: TermIterator, weight: Double, bounds: BlockBounds?)] = []
    for (key, queryWeight) in keys {
      guard let info = try planner.info(key) else { continue }
      let weight = queryWeight * bm25.idf(documentFrequency: planner.documentFrequency(key, info))
      if let source = shared.source(for: key) {
        scoring.append((source, weight, nil))
      } else {
        // Scoring only (no clause requires it, e.g. the character term of a glued character):
        // its block bounds let candidates that cannot enter the top k skip it.
        let bounds = try BlockBounds(reader: reader, info: info, weight: weight, bm25: bm25)
        scoring.append((planner.source(info), weight, bounds))
      }
    }
    let plan = Plan(
      oneAlternative: oneAlternative.filter { !$0.isPresenceOnly }, groups: groups,
      scoring: scoring)
    // A concrete driver in each case, so that the candidate loop is specialized for it.
    if groups.isEmpty {
      let driver = try TermConjunction(shared.ordered)
      try collect(driver, plan, planner: planner, bm25: bm25, into: &collector)
    } else if shared.ordered.isEmpty && unions.count == 1 {
      // One `OR` clause and nothing else: its union drives alone.
      try unions[0].advance(to: 0)
      try collect(unions[0], plan, planner: planner, bm25: bm25, into: &collector)
    } else {
      // Terms and unions in one leapfrog, in the order of the plan (ties in cost keep it).
      let legs = shared.ordered.map(ConjunctionLeg.init) + unions.map(ConjunctionLeg.init)
      let driver = try Conjunction(legs)
      try collect(driver, plan, planner: planner, bm25: bm25, into: &collector)
    }
  }

  /// What a candidate is checked and scored with, built once per query.
  private struct Plan {
    /// The clauses of one alternative whose positions must be checked.
    var oneAlternative: [PhraseMatcher]
    /// The `OR` clauses: each alternative's conjunction and matcher.
    var groups: [[(iterator: TermConjunction, matcher: PhraseMatcher)]]
    /// Every scored term; `bounds` is set for the scoring-only ones, scored lazily.
    var scoring: [(source: TermIterator, weight: Double, bounds: BlockBounds?)]
  }

  /// A scored term without ownership (the plan keeps it), so scoring retains nothing.
  private typealias ScoredTerm = (index: Int, source: Unmanaged<TermIterator>, weight: Double)

  /// The plan's terms scored on every match (`lazy == false`) or only when they can matter.
  private static func scoredTerms(_ plan: Plan, lazy: Bool) -> [ScoredTerm] {
    plan.scoring.indices.filter { (plan.scoring[$0].bounds != nil) == lazy }.map {
      (
        index: $0, source: Unmanaged.passUnretained(plan.scoring[$0].source),
        weight: plan.scoring[$0].weight
      )
    }
  }

  /// Moves `terms` to `doc`, records each one's share of the score in `shares` (0 when absent)
  /// and its frequency in `matches`; returns the sum of the shares.
  @inline(__always)
  private static func score(
    _ terms: [ScoredTerm], at doc: UInt32, norm: Double, bm25: BM25, shares: inout [Double],
    matches: inout Int
  ) throws(IndexError) -> Double {
    var sum = 0.0
    for term in terms {
      unowned(unsafe) let source = term.source.takeUnretainedValue()
      try source.advance(to: doc)
      var share = 0.0
      if source.document == doc {
        let f = source.frequency
        share = bm25.score(weight: term.weight, frequency: f, norm: norm)
        matches += Int(f)
      }
      shares[term.index] = share
      sum += share
    }
    return sum
  }

  /// Verifies and scores every candidate `driver` yields into `collector`.
  private func collect<Driver: DocIterator>(
    _ driver: Driver, _ plan: Plan, planner: QueryPlanner, bm25: BM25,
    into collector: inout HitCollector
  ) throws(IndexError) {
    // The scored terms without ownership (`plan` keeps them), so scoring retains nothing:
    // first the terms the driver already stands on, then the scoring-only ones (`lazy`).
    let eager = Self.scoredTerms(plan, lazy: false)
    let lazy = Self.scoredTerms(plan, lazy: true)
    // The lazy terms' block ends and bounds, and the block each stands in.
    var flat = FlatBlockBounds()
    for term in plan.scoring {
      if let bounds = term.bounds { flat.append(bounds) }
    }
    let firstBlock = flat.firstBlock
    let lastDocuments = flat.lastDocuments
    let maxScores = flat.maxScores
    var currentBlock = Array(firstBlock.dropLast())
    // Each term's share of the current document's score, summed in query order at the end so
    // that the score does not depend on which terms were skipped or their order.
    var shares = [Double](repeating: 0, count: plan.scoring.count)
    let checksPositions = !plan.oneAlternative.isEmpty || !plan.groups.isEmpty || collector.filters
    let lengths = planner.reader.documentLengths
    var scored = 0
    var doc = driver.document
    while doc != PostingsCursor.end {
      let accepted = try !checksPositions ? true : accepts(doc, plan, collector)
      if accepted {
        collector.count()
        let norm = bm25.norm(length: lengths[doc])
        var matches = 0
        let partial = try Self.score(
          eager, at: doc, norm: norm, bm25: bm25, shares: &shares, matches: &matches)
        var enters = true
        if !lazy.isEmpty {
          // Can the scoring-only terms lift the document into the top k? Their block bounds
          // (inflated above any real score) decide without decoding their postings.
          let threshold = collector.threshold
          var bound = partial
          for l in 0..<lazy.count {
            let end = firstBlock[l + 1]
            var b = currentBlock[l]
            while b < end && lastDocuments[b] < doc { b += 1 }
            currentBlock[l] = b
            if b < end { bound += maxScores[b] }
          }
          if bound <= threshold {
            enters = false
          } else {
            _ = try Self.score(
              lazy, at: doc, norm: norm, bm25: bm25, shares: &shares, matches: &matches)
          }
        }
        if enters {
          var score = 0.0
          for share in shares { score += share }
          scored += 1
          collector.offer(score: score, document: doc, matches: matches)
        }
      }
      try driver.advance(to: doc + 1)
      doc = driver.document
    }
    planner.counters.scored += scored
    withExtendedLifetime(plan) {}
  }

  /// Whether a candidate (holding every required term) matches every clause and no exclusion.
  private func accepts(_ doc: UInt32, _ plan: Plan, _ collector: borrowing HitCollector)
    throws(IndexError) -> Bool
  {
    for matcher in plan.oneAlternative where !(try matcher.positionsMatch(at: doc)) {
      return false
    }
    for alternatives in plan.groups {
      var matched = false
      for alternative in alternatives where alternative.iterator.document == doc {
        if try alternative.matcher.positionsMatch(at: doc) {
          matched = true
          break
        }
      }
      if !matched { return false }
    }
    return try !collector.isExcluded(doc)
  }
}
