/// The steps of one MaxScore window, in the order `MaxScore.run` takes them.
///
/// Each is inlined into the window loop (they are named, not called), so that the walk keeps
/// its state in registers as the single loop they replace did.
extension MaxScore {
  /// Moves every term to its block at `windowStart`, ends the window where the first of those
  /// blocks ends, sorts the terms by their window bound and splits off the non-essential ones;
  /// false when every term's blocks are done.
  @inline(__always)
  mutating func partition() -> Bool {
    var end = PostingsCursor.end
    for t in 0..<n {
      let last = firstBlock[t + 1]
      var b = currentBlock[t]
      while b < last && lastDocuments[b] < windowStart { b += 1 }
      currentBlock[t] = b
      if b == last {
        windowBound[t] = 0
      } else {
        windowBound[t] = maxScores[b]
        end = min(end, lastDocuments[b])
      }
    }
    if end == PostingsCursor.end { return false }
    windowEnd = end
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
    nonEssential = 0
    for i in 0..<n {
      sum += windowBound[order[i]]
      sums[i] = sum
      if sum <= threshold { nonEssential = i + 1 }
    }
    return true
  }

  /// Moves the essential terms to the window start; returns the first document among them.
  @inline(__always)
  mutating func firstCandidate() throws(IndexError) -> UInt32 {
    var doc = PostingsCursor.end
    for i in nonEssential..<n {
      let t = order[i]
      if cursors[t].document < windowStart {
        try cursors[t].advance(to: windowStart)
        steps += 1
      }
      doc = min(doc, cursors[t].document)
    }
    return doc
  }

  /// With one essential term `alone`: if the current document's share of it plus every other
  /// term's bound (`others`) cannot beat the threshold, scores it no further, moves the term
  /// on and returns the next candidate; nil when the document must be scored.
  @inline(__always)
  mutating func passOver(alone: Int, others: Double, norm: Double) throws(IndexError) -> UInt32? {
    let own = bm25.score(weight: weights[alone], frequency: cursors[alone].frequency, norm: norm)
    guard !(own + others > threshold) else { return nil }
    scored += 1
    try cursors[alone].next()
    steps += 1
    return cursors[alone].document
  }

  /// Adds the shares of the essential terms on `doc` to `score` and moves them past it;
  /// returns the next candidate (the smallest document the essential terms then stand on).
  @inline(__always)
  mutating func scoreEssential(
    _ doc: UInt32, norm: Double, score: inout Double, matches: inout Int
  ) throws(IndexError) -> UInt32 {
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
    return next
  }

  /// Adds the shares of the non-essential terms on `doc`, highest bound first, as long as
  /// the bounds of those left can still lift the score above the threshold; returns false
  /// when they cannot (the document cannot enter the top k).
  @inline(__always)
  mutating func probeNonEssential(
    _ doc: UInt32, norm: Double, score: inout Double, matches: inout Int
  ) throws(IndexError) -> Bool {
    for i in stride(from: nonEssential - 1, through: 0, by: -1) {
      if !(score + sums[i] > threshold) { return false }
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
    return true
  }

  /// Offers a scored document to the top k (if it is `possible` and close enough to enter)
  /// and counts it toward the total, checking exclusions only where they matter.
  @inline(__always)
  mutating func collect(
    _ doc: UInt32, score: Double, matches: Int, possible: Bool, norm: Double,
    into collector: inout HitCollector
  ) throws(IndexError) {
    var isExcluded: Bool? = nil
    if possible && score * (1 + 1e-9) >= threshold {
      isExcluded = try offer(doc, matches: matches, norm: norm, into: &collector)
    }
    if !filters {
      collector.count()
    } else {
      try countFiltered(doc, isExcluded: isExcluded, into: &collector)
    }
    for t in 0..<n { frequencies[t] = 0 }
  }

  /// Scores a document that may enter exactly and offers it to the top k unless excluded;
  /// returns whether it is excluded, nil when its exact score cannot enter (not checked).
  private mutating func offer(
    _ doc: UInt32, matches: Int, norm: Double, into collector: inout HitCollector
  ) throws(IndexError) -> Bool? {
    // Summed again in query order, so that documents with the same terms tie exactly
    // whatever order the window visited the terms in.
    var exactScore = 0.0
    for t in 0..<n where frequencies[t] > 0 {
      exactScore += bm25.score(weight: weights[t], frequency: frequencies[t], norm: norm)
    }
    guard exactScore > threshold else { return nil }
    let out = try collector.isExcluded(doc)
    if !out && collector.offer(score: exactScore, document: doc, matches: matches) {
      threshold = max(floor, collector.threshold)
    }
    return out
  }

  /// Counts a document toward the total under exclusions: while the count can still be
  /// exact, every visited document is checked; later ones count only when known to pass
  /// (`isExcluded`, nil when unchecked), which keeps the total a lower bound.
  private func countFiltered(
    _ doc: UInt32, isExcluded: Bool?, into collector: inout HitCollector
  ) throws(IndexError) {
    var isExcluded = isExcluded
    if isExcluded == nil && collector.totalIsExact { isExcluded = try collector.isExcluded(doc) }
    if isExcluded == false { collector.count() }
  }
}
