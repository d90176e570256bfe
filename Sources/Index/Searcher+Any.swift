/// `.any` mode: a bag of Lucene terms ranked with block-max MaxScore, so k = 10 scores few
/// documents.
///
/// The documents are walked in windows that end where some term's current block ends, so that
/// inside a window every term's bound is its block's bound, far tighter than its global one
/// (Lucene's `MaxScoreBulkScorer`). In each window the terms are sorted by that bound; those
/// whose bounds add up to no more than the k-th best score are non-essential: documents that
/// hold only them are never visited, and they are probed (by skipping) only for documents that
/// can still enter. A window where even all bounds together cannot enter is skipped whole.
/// The total is exact only while no window pruned anything.
extension Searcher {
  func matchAny(_ query: Query, planner: SearchPlanner, bm25: BM25, top: inout TopK)
    throws(IndexError) -> (total: Int, exact: Bool)
  {
    var cursors: [PostingsCursor] = []
    var weights: [Double] = []
    var frequencyLimit = 0
    // Every term's block ends and bounds in two flat arrays (term t owns firstBlock[t]..<
    // firstBlock[t + 1]), so that the window loop reads them without touching reference counts.
    var firstBlock = [0]
    var lastDocuments: [UInt32] = []
    var maxScores: [Double] = []
    for (key, count) in weightedKeys(query, .any) {
      guard let info = try planner.info(key) else { continue }
      let weight = Double(count) * bm25.idf(documentFrequency: info.documentFrequency)
      cursors.append(try PostingsCursor(reader: reader, term: info, hasPositions: false))
      weights.append(weight)
      let bounds = try SearchBlockBounds(reader: reader, info: info, weight: weight, bm25: bm25)
      lastDocuments += bounds.lastDocuments
      maxScores += bounds.maxScores
      firstBlock.append(lastDocuments.count)
      frequencyLimit = max(frequencyLimit, info.documentFrequency)
      planner.counters.postings += 1
    }
    var exclusions: [SearchPhraseMatcher] = []
    for phrase in query.exclusions {
      var own = SearchPlanner.SourcePool()
      if let matcher = try planner.matcher(for: phrase, in: &own) { exclusions.append(matcher) }
    }
    guard !cursors.isEmpty else { return (0, true) }
    func excluded(_ doc: UInt32) throws(IndexError) -> Bool {
      for exclusion in exclusions where try exclusion.matches(at: doc) { return true }
      return false
    }

    let n = cursors.count
    let lengths = SearchDocumentLengths(reader)
    var threshold = top.threshold
    var frequencies = [UInt32](repeating: 0, count: n)
    var currentBlock = Array(firstBlock.dropLast())
    var windowBound = [Double](repeating: 0, count: n)
    // Terms by increasing window bound, and the running sums of those bounds.
    var order = Array(0..<n)
    var sums = [Double](repeating: 0, count: n)
    var total = 0
    var exact = true
    var steps = 0
    var scored = 0
    var windowStart: UInt32 = 0
    windows: while true {
      // Each live term's block at the window start; the window ends with the first to end.
      var windowEnd = PostingsCursor.end
      for t in 0..<n {
        let end = firstBlock[t + 1]
        var b = currentBlock[t]
        while b < end && lastDocuments[b] < windowStart { b += 1 }
        currentBlock[t] = b
        if b == end {
          windowBound[t] = 0
        } else {
          windowBound[t] = maxScores[b]
          windowEnd = min(windowEnd, lastDocuments[b])
        }
      }
      if windowEnd == PostingsCursor.end { break }
      // Insertion sort: a handful of terms, nearly sorted from the previous window.
      for i in 1..<n {
        let t = order[i]
        var j = i
        while j > 0 && (windowBound[order[j - 1]], order[j - 1]) > (windowBound[t], t) {
          order[j] = order[j - 1]
          j -= 1
        }
        order[j] = t
      }
      var sum = 0.0
      var nonEssential = 0
      for i in 0..<n {
        sum += windowBound[order[i]]
        sums[i] = sum
        if sum <= threshold { nonEssential = i + 1 }
      }
      if nonEssential > 0 { exact = false }
      if nonEssential < n {
        var doc = PostingsCursor.end
        for i in nonEssential..<n {
          let t = order[i]
          if cursors[t].document < windowStart {
            try cursors[t].advance(to: windowStart)
            steps += 1
          }
          doc = min(doc, cursors[t].document)
        }
        while doc <= windowEnd {
          let norm = bm25.norm(length: lengths[doc])
          var score = 0.0
          var matches = 0
          var next = PostingsCursor.end
          for i in nonEssential..<n {
            let t = order[i]
            if cursors[t].document == doc {
              let f = cursors[t].frequency
              score += bm25.score(weight: weights[t], frequency: f, norm: norm)
              matches += Int(f)
              frequencies[t] = f
              try cursors[t].next()
              steps += 1
            }
            next = min(next, cursors[t].document)
          }
          var possible = true
          for i in stride(from: nonEssential - 1, through: 0, by: -1) {
            if !(score + sums[i] > threshold) {
              possible = false
              break
            }
            let t = order[i]
            if cursors[t].document < doc {
              try cursors[t].advance(to: doc)
              steps += 1
            }
            if cursors[t].document == doc {
              let f = cursors[t].frequency
              score += bm25.score(weight: weights[t], frequency: f, norm: norm)
              matches += Int(f)
              frequencies[t] = f
            }
          }
          scored += 1
          var isExcluded: Bool? = nil
          if possible && score * (1 + 1e-9) >= threshold {
            // Summed again in query order, so that documents with the same terms tie exactly
            // whatever order the window visited the terms in.
            var exactScore = 0.0
            for t in 0..<n where frequencies[t] > 0 {
              exactScore += bm25.score(weight: weights[t], frequency: frequencies[t], norm: norm)
            }
            if exactScore > threshold {
              let out = try excluded(doc)
              isExcluded = out
              if !out && top.insert(score: exactScore, document: doc, matches: matches) {
                threshold = top.threshold
              }
            }
          }
          if exclusions.isEmpty {
            total += 1
          } else {
            // While the count can still be exact, every visited document is checked; later
            // ones count only when known to pass, which keeps the total a lower bound.
            if isExcluded == nil && exact { isExcluded = try excluded(doc) }
            if isExcluded == false { total += 1 }
          }
          for t in 0..<n { frequencies[t] = 0 }
          doc = next
        }
      }
      windowStart = windowEnd &+ 1
      if windowStart == PostingsCursor.end { break windows }
    }
    planner.counters.postings += steps
    planner.counters.scored += scored
    if !exact && exclusions.isEmpty {
      // Every document of any one term matches: a cheap, better lower bound.
      total = max(total, frequencyLimit)
    }
    return (total, exact)
  }
}
