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
    var openedCursors: [PostingsCursor] = []
    var termWeights: [Double] = []
    var frequencyLimit = 0
    // Every term's block ends and bounds in two flat arrays (term t owns firstBlock[t]..<
    // firstBlock[t + 1]), so that the window loop reads them without touching reference counts.
    var firstBlock = [0]
    var infos: [TermInfo] = []
    var lastDocuments: [UInt32] = []
    var maxScores: [Double] = []
    for (key, count) in weightedKeys(query, .any) {
      guard let info = try planner.info(key) else { continue }
      let weight = Double(count) * bm25.idf(documentFrequency: info.documentFrequency)
      openedCursors.append(try PostingsCursor(reader: reader, term: info, hasPositions: false))
      infos.append(info)
      termWeights.append(weight)
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
    guard !openedCursors.isEmpty else { return (0, true) }
    func excluded(_ doc: UInt32) throws(IndexError) -> Bool {
      for exclusion in exclusions where try exclusion.matches(at: doc) { return true }
      return false
    }

    let n = openedCursors.count
    let lengths = SearchDocumentLengths(reader)
    let floor = try thresholdFloor(
      infos: infos, weights: termWeights, maxScores: maxScores, firstBlock: firstBlock,
      capacity: exclusions.isEmpty ? top.capacity : 0, bm25: bm25, lengths: lengths)
    var threshold = max(floor, top.threshold)
    // The cursors and the per-term state in raw buffers: the hot loop neither checks array
    // uniqueness nor copies a cursor (the array gives its cursors up, so their block buffers
    // stay uniquely referenced).
    let cursors = UnsafeMutablePointer<PostingsCursor>.allocate(capacity: n)
    cursors.initialize(from: openedCursors, count: n)
    openedCursors = []
    let frequencies = UnsafeMutablePointer<UInt32>.allocate(capacity: n)
    frequencies.initialize(repeating: 0, count: n)
    let currentBlock = UnsafeMutablePointer<Int>.allocate(capacity: n)
    currentBlock.initialize(from: firstBlock, count: n)
    let windowBound = UnsafeMutablePointer<Double>.allocate(capacity: n)
    windowBound.initialize(repeating: 0, count: n)
    // Terms by increasing window bound, and the running sums of those bounds.
    let order = UnsafeMutablePointer<Int>.allocate(capacity: n)
    for t in 0..<n { (order + t).initialize(to: t) }
    let sums = UnsafeMutablePointer<Double>.allocate(capacity: n)
    sums.initialize(repeating: 0, count: n)
    defer {
      cursors.deinitialize(count: n)
      cursors.deallocate()
      frequencies.deallocate()
      currentBlock.deallocate()
      windowBound.deallocate()
      order.deallocate()
      sums.deallocate()
    }
    let weights = UnsafeMutablePointer<Double>.allocate(capacity: n)
    weights.initialize(from: termWeights, count: n)
    defer { weights.deallocate() }
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
                threshold = max(floor, top.threshold)
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

  /// A lower bound of the final k-th score, known before the walk: the k-th best score that
  /// the rare term able to score highest gives, alone, to its documents (a document scores at
  /// least its share of any one term, so k matches score at least that). Lowered by a margin,
  /// so that a document that ties the k-th score still enters; −∞ when no rare term has k
  /// documents.
  ///
  /// Walking the documents in order, the k-th score otherwise starts at nothing and climbs
  /// slowly, and every document before it has climbed is scored.
  private func thresholdFloor(
    infos: [TermInfo], weights: [Double], maxScores: [Double], firstBlock: [Int], capacity: Int,
    bm25: BM25, lengths: SearchDocumentLengths
  ) throws(IndexError) -> Double {
    // Rare enough that its walk costs little next to the union's.
    let frequencyCap = 8 * IndexFormat.postingsBlockSize
    guard infos.count > 1, capacity > 0, capacity <= 64 else { return -.infinity }
    var best = -1
    var bestBound = 0.0
    for t in 0..<infos.count {
      let df = infos[t].documentFrequency
      guard df >= capacity && df <= frequencyCap else { continue }
      var bound = 0.0
      for b in firstBlock[t]..<firstBlock[t + 1] { bound = max(bound, maxScores[b]) }
      if bound > bestBound {
        best = t
        bestBound = bound
      }
    }
    guard best >= 0 else { return -.infinity }
    var cursor = try PostingsCursor(reader: reader, term: infos[best], hasPositions: false)
    let weight = weights[best]
    // The `capacity` best scores, increasing.
    var kept: [Double] = []
    kept.reserveCapacity(capacity)
    while cursor.document != PostingsCursor.end {
      let score = bm25.score(
        weight: weight, frequency: cursor.frequency,
        norm: bm25.norm(length: lengths[cursor.document]))
      if kept.count < capacity || score > kept[0] {
        if kept.count == capacity { kept.removeFirst() }
        var i = kept.count
        kept.append(score)
        while i > 0 && kept[i - 1] > score {
          kept[i] = kept[i - 1]
          i -= 1
        }
        kept[i] = score
      }
      try cursor.next()
    }
    guard kept.count == capacity else { return -.infinity }
    return kept[0] * (1 - 1e-9)
  }
}
