/// `.any` mode: a bag of Lucene terms ranked with MaxScore, so k = 10 scores few documents.
///
/// Terms are sorted by their score upper bound; once the k-th best score exceeds the sum of
/// the smallest bounds, those terms become non-essential: documents that hold only them are
/// never visited, and they are probed (by skipping) only for documents that can still enter.
/// The total is exact only while no term was non-essential.
extension Searcher {
  func matchAny(_ query: Query, planner: SearchPlanner, bm25: BM25, top: inout TopK)
    throws(IndexError) -> (total: Int, exact: Bool)
  {
    var terms: [(source: SearchTermSource, weight: Double, bound: Double)] = []
    for (key, count) in weightedKeys(query, .any) {
      guard let info = try planner.info(key) else { continue }
      let source = planner.source(info)
      try source.open()
      let weight = Double(count) * bm25.idf(documentFrequency: info.documentFrequency)
      let bound = bm25.upperBound(
        weight: weight, maxFrequency: source.maxFrequency, minLength: source.minLength)
      terms.append((source, weight, bound))
    }
    var exclusions: [SearchPhraseMatcher] = []
    for phrase in query.exclusions {
      var own = SearchPlanner.SourcePool()
      if let matcher = try planner.matcher(for: phrase, in: &own) { exclusions.append(matcher) }
    }
    guard !terms.isEmpty else { return (0, true) }
    // Scores are summed again in query order before they enter the list, so that documents
    // with the same terms tie exactly whatever order MaxScore visited the terms in.
    let weights = terms.map(\.weight)
    let order = terms.indices.sorted { (terms[$0].bound, $0) < (terms[$1].bound, $1) }
    terms = order.map { terms[$0] }
    var frequencies = [UInt32](repeating: 0, count: terms.count)
    var upperBounds: [Double] = []
    var sum = 0.0
    for term in terms {
      sum += term.bound
      upperBounds.append(sum)
    }
    func excluded(_ doc: UInt32) throws(IndexError) -> Bool {
      for exclusion in exclusions where try exclusion.matches(at: doc) { return true }
      return false
    }

    let n = terms.count
    var nonEssential = 0
    var total = 0
    var exact = true
    var doc = terms.map(\.source.document).min()!
    while doc != PostingsCursor.end && nonEssential < n {
      let norm = bm25.norm(length: reader.documentLength(Int(doc)))
      var score = 0.0
      var matches = 0
      var next = PostingsCursor.end
      for i in nonEssential..<n {
        let source = terms[i].source
        if source.document == doc {
          let f = source.frequency
          score += bm25.score(weight: terms[i].weight, frequency: f, norm: norm)
          matches += Int(f)
          frequencies[order[i]] = f
          try source.next()
        }
        next = min(next, source.document)
      }
      var possible = true
      for i in stride(from: nonEssential - 1, through: 0, by: -1) {
        if !top.wouldEnter(score + upperBounds[i]) {
          possible = false
          break
        }
        let source = terms[i].source
        try source.advance(to: doc)
        if source.document == doc {
          let f = source.frequency
          score += bm25.score(weight: terms[i].weight, frequency: f, norm: norm)
          matches += Int(f)
          frequencies[order[i]] = f
        }
      }
      planner.counters.scored += 1
      var isExcluded: Bool? = nil
      if possible && top.wouldEnter(score) {
        let out = try excluded(doc)
        isExcluded = out
        var exactScore = 0.0
        for (t, f) in frequencies.enumerated() where f > 0 {
          exactScore += bm25.score(weight: weights[t], frequency: f, norm: norm)
        }
        if !out && top.insert(score: exactScore, document: doc, matches: matches) {
          while nonEssential < n && !top.wouldEnter(upperBounds[nonEssential]) {
            nonEssential += 1
          }
        }
      }
      if exclusions.isEmpty {
        total += 1
      } else {
        // While the count can still be exact, every visited document is checked; later ones
        // count only when known to pass, which keeps the total a lower bound.
        if isExcluded == nil && exact { isExcluded = try excluded(doc) }
        if isExcluded == false { total += 1 }
      }
      for t in frequencies.indices { frequencies[t] = 0 }
      if nonEssential > 0 { exact = false }
      doc = next
    }
    if doc != PostingsCursor.end { exact = false }
    if !exact && exclusions.isEmpty {
      // Every document of any one term matches: a cheap, better lower bound.
      total = max(total, terms.map(\.source.info.documentFrequency).max()!)
    }
    return (total, exact)
  }
}
