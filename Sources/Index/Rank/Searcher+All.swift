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
    _ query: Query, keys: [(SearchPlanner.TermKey, Double)], planner: SearchPlanner, bm25: BM25,
    top: inout TopK
  ) throws(IndexError) -> Int {
    var shared = SearchPlanner.SourcePool()
    var single: [SearchPhraseMatcher] = []
    for clause in query.clauses where clause.count == 1 {
      guard let matcher = try planner.matcher(for: clause[0], in: &shared) else { return 0 }
      single.append(matcher)
    }
    var groups: [[(iterator: SearchTermConjunction, matcher: SearchPhraseMatcher)]] = []
    var parts: [any SearchDocIterator] = shared.ordered
    for clause in query.clauses where clause.count > 1 {
      var alternatives: [(iterator: SearchTermConjunction, matcher: SearchPhraseMatcher)] = []
      for phrase in clause {
        var own = SearchPlanner.SourcePool()
        guard let matcher = try planner.matcher(for: phrase, in: &own) else { continue }
        alternatives.append((try SearchTermConjunction(own.ordered), matcher))
      }
      if alternatives.isEmpty { return 0 }
      groups.append(alternatives)
      parts.append(try SearchUnion(alternatives.map(\.iterator)))
    }
    var exclusions: [SearchPhraseMatcher] = []
    for phrase in query.exclusions {
      var own = SearchPlanner.SourcePool()
      if let matcher = try planner.matcher(for: phrase, in: &own) { exclusions.append(matcher) }
    }
    var scoring: [(source: SearchTermSource, weight: Double, bounds: SearchBlockBounds?)] = []
    for (key, queryWeight) in keys {
      guard let info = try planner.info(key) else { continue }
      let weight = queryWeight * bm25.idf(documentFrequency: info.documentFrequency)
      if let source = shared.source(for: key) {
        scoring.append((source, weight, nil))
      } else {
        // Scoring only (no clause requires it, e.g. the character term of a glued character):
        // its block bounds let candidates that cannot enter the top k skip it.
        let bounds = try SearchBlockBounds(reader: reader, info: info, weight: weight, bm25: bm25)
        scoring.append((planner.source(info), weight, bounds))
      }
    }
    let plan = Plan(
      single: single.filter { !$0.isPresenceOnly }, groups: groups, exclusions: exclusions,
      scoring: scoring)
    if groups.isEmpty {
      // Only required terms: a concrete driver, so the candidate loop is specialized for it.
      return try collect(
        try SearchTermConjunction(shared.ordered), plan, planner: planner, bm25: bm25, top: &top)
    }
    let driver: any SearchDocIterator
    if parts.count == 1 {
      driver = parts[0]
      try driver.advance(to: 0)
    } else {
      driver = try SearchConjunction(parts)
    }
    return try collect(driver, plan, planner: planner, bm25: bm25, top: &top)
  }

  /// What a candidate is checked and scored with, built once per query.
  private struct Plan {
    var single: [SearchPhraseMatcher]
    var groups: [[(iterator: SearchTermConjunction, matcher: SearchPhraseMatcher)]]
    var exclusions: [SearchPhraseMatcher]
    /// Every scored term; `bounds` is set for the scoring-only ones, scored lazily.
    var scoring: [(source: SearchTermSource, weight: Double, bounds: SearchBlockBounds?)]
  }

  /// A scored term without ownership (the plan keeps it), so scoring retains nothing.
  private typealias ScoredTerm = (index: Int, source: Unmanaged<SearchTermSource>, weight: Double)

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

  /// Verifies and scores every candidate `driver` yields; returns how many match.
  private func collect<Driver: SearchDocIterator>(
    _ driver: Driver, _ plan: Plan, planner: SearchPlanner, bm25: BM25, top: inout TopK
  ) throws(IndexError) -> Int {
    // The scored terms without ownership (`plan` keeps them), so scoring retains nothing:
    // first the terms the driver already stands on, then the scoring-only ones (`lazy`).
    let eager = Self.scoredTerms(plan, lazy: false)
    let lazy = Self.scoredTerms(plan, lazy: true)
    // The lazy terms' block ends and bounds in flat arrays (term l owns firstBlock[l]..<
    // firstBlock[l + 1]), and the block each stands in.
    var firstBlock = [0]
    var lastDocuments: [UInt32] = []
    var maxScores: [Double] = []
    for term in plan.scoring {
      guard let bounds = term.bounds else { continue }
      lastDocuments += bounds.lastDocuments
      maxScores += bounds.maxScores
      firstBlock.append(lastDocuments.count)
    }
    var currentBlock = Array(firstBlock.dropLast())
    // Each term's share of the current document's score, summed in query order at the end so
    // that the score does not depend on which terms were skipped or their order.
    var shares = [Double](repeating: 0, count: plan.scoring.count)
    let checksPositions = !plan.single.isEmpty || !plan.groups.isEmpty || !plan.exclusions.isEmpty
    let lengths = SearchDocumentLengths(reader)
    var total = 0
    var scored = 0
    var doc = driver.document
    while doc != PostingsCursor.end {
      let accepted =
        try !checksPositions
        ? true : accepts(doc, single: plan.single, groups: plan.groups, exclusions: plan.exclusions)
      if accepted {
        total += 1
        let norm = bm25.norm(length: lengths[doc])
        var matches = 0
        let partial = try Self.score(
          eager, at: doc, norm: norm, bm25: bm25, shares: &shares, matches: &matches)
        var enters = true
        if !lazy.isEmpty {
          // Can the scoring-only terms lift the document into the top k? Their block bounds
          // (inflated above any real score) decide without decoding their postings.
          let threshold = top.threshold
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
          top.insert(score: score, document: doc, matches: matches)
        }
      }
      try driver.advance(to: doc + 1)
      doc = driver.document
    }
    planner.counters.scored += scored
    return withExtendedLifetime(plan) { total }
  }

  /// Whether a candidate (holding every required term) matches every clause and no exclusion.
  private func accepts(
    _ doc: UInt32, single: [SearchPhraseMatcher],
    groups: [[(iterator: SearchTermConjunction, matcher: SearchPhraseMatcher)]],
    exclusions: [SearchPhraseMatcher]
  ) throws(IndexError) -> Bool {
    for matcher in single where !(try matcher.positionsMatch(at: doc)) { return false }
    for alternatives in groups {
      var matched = false
      for alternative in alternatives where alternative.iterator.document == doc {
        if try alternative.matcher.positionsMatch(at: doc) {
          matched = true
          break
        }
      }
      if !matched { return false }
    }
    for exclusion in exclusions where try exclusion.matches(at: doc) { return false }
    return true
  }
}
