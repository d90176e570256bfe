/// `.any` and `.ranked` mode: a bag of weighted terms ranked with block-max MaxScore (see
/// `MaxScore`), so k = 10 scores few documents.
///
/// This side opens the terms, reads their block bounds and finds a floor for the k-th score
/// before the walk; `MaxScore` walks the documents. (A query with a quoted phrase, which is
/// required in every mode, runs as a conjunction instead.)
extension Searcher {
  func matchAny(
    _ query: Query, bag: ScoredKeys, planner: QueryPlanner, bm25: BM25,
    into collector: inout HitCollector
  ) throws(IndexError) {
    let reader = planner.reader
    var cursors: [PostingsCursor] = []
    var weights: [Double] = []
    var frequencyLimit = 0
    var blocks = FlatBlockBounds()
    var infos: [TermInfo] = []
    // Which keys the index holds: only they become terms of the walk and of the floor.
    var present: [Bool] = []
    present.reserveCapacity(bag.keys.count)
    for (key, queryWeight) in bag.keys {
      guard let info = try planner.info(key) else {
        present.append(false)
        continue
      }
      present.append(true)
      let weight = queryWeight * bm25.idf(documentFrequency: planner.documentFrequency(key, info))
      cursors.append(try PostingsCursor(reader: reader, term: info, hasPositions: false))
      infos.append(info)
      weights.append(weight)
      blocks.append(
        try BlockBounds(
          reader: reader, info: info, weight: weight, bm25: bm25, blockLimit: Self.boundedBlocks))
      frequencyLimit = max(frequencyLimit, info.documentFrequency)
      planner.counters.postings += 1
    }
    try collector.exclude(query.exclusions, planner: planner)
    guard !cursors.isEmpty else { return }
    let filters = collector.filters
    let lengths = reader.documentLengths
    let floor = try thresholdFloor(
      reader: reader, infos: infos, weights: weights, implied: bag.implied(keeping: present),
      blocks: blocks, capacity: filters ? 0 : collector.top.capacity, bm25: bm25,
      lengths: lengths)
    var maxScore = MaxScore(
      cursors: consume cursors, weights: weights, blocks: blocks,
      floor: max(floor, collector.threshold), bm25: bm25,
      lengths: lengths, filters: filters)
    try maxScore.run(into: &collector)
    planner.counters.postings += maxScore.steps
    planner.counters.scored += maxScore.scored
    if !collector.totalIsExact && !filters {
      // Every document of any one term matches: a cheap, better lower bound.
      collector.raiseTotal(toAtLeast: frequencyLimit)
    }
  }

  /// A lower bound of the final k-th score, known before the walk: the k-th best of lower
  /// bounds of real documents' scores, taken from the one term able to score highest. Lowered
  /// by a margin, so that a document that ties the k-th score still enters; −∞ when that term
  /// has fewer than k documents.
  ///
  /// A document scores at least its share of any one term; and a document holding a bigram
  /// `教育` f times holds its characters `教` and `育` at least f times each, so the characters
  /// a query scores (`implied`, from `ScoredKeys`) add their share at frequency f too, without
  /// a look at their long postings. The term's documents are all read when it is rare;
  /// otherwise only those of its best-bounded blocks, where the best documents are.
  ///
  /// Walking the documents in order, the k-th score otherwise starts at nothing and climbs
  /// slowly, and every document before it has climbed is scored.
  private func thresholdFloor(
    reader: SegmentReader, infos: [TermInfo], weights: [Double], implied: [[Int]],
    blocks bounds: FlatBlockBounds,
    capacity: Int, bm25: BM25, lengths: DocumentLengths
  ) throws(IndexError) -> Double {
    let maxScores = bounds.maxScores
    let lastDocuments = bounds.lastDocuments
    guard infos.count > 1, capacity > 0, capacity <= 64 else { return -.infinity }
    var best = -1
    var bestBound = 0.0
    for t in 0..<infos.count where infos[t].documentFrequency >= capacity {
      var bound = 0.0
      for b in bounds.blocks(ofTerm: t) { bound = max(bound, maxScores[b]) }
      for c in implied[t] {
        for b in bounds.blocks(ofTerm: c) { bound = max(bound, maxScores[b]) }
      }
      if bound > bestBound {
        best = t
        bestBound = bound
      }
    }
    guard best >= 0 else { return -.infinity }
    // The blocks read: all of a rare term's, else the few with the best bounds, in order.
    let blocks = bounds.blocks(ofTerm: best)
    var chosen = Array(blocks)
    if infos[best].documentFrequency > Self.floorDocuments {
      chosen.sort { (maxScores[$0], -$0) > (maxScores[$1], -$1) }
      chosen = Array(chosen.prefix(Self.floorDocuments / IndexFormat.postingsBlockSize)).sorted()
    }
    var cursor = try PostingsCursor(reader: reader, term: infos[best], hasPositions: false)
    let weight = weights[best]
    let impliedWeights = implied[best].map { weights[$0] }
    // The `capacity` best lower bounds, increasing.
    var kept: [Double] = []
    kept.reserveCapacity(capacity)
    // A term whose bounds are global (one pseudo-block) is read only this far.
    var budget = Self.floorDocuments
    for block in chosen {
      let first = block == blocks.lowerBound ? 0 : lastDocuments[block - 1] &+ 1
      let last = lastDocuments[block]
      if cursor.document < first { try cursor.advance(to: first) }
      while cursor.document <= last && cursor.document != PostingsCursor.end && budget > 0 {
        budget -= 1
        let norm = bm25.norm(length: lengths[cursor.document])
        let f = cursor.frequency
        var score = bm25.score(weight: weight, frequency: f, norm: norm)
        for w in impliedWeights { score += bm25.score(weight: w, frequency: f, norm: norm) }
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
    }
    guard kept.count == capacity else { return -.infinity }
    return kept[0] * (1 - 1e-9)
  }

  /// The most blocks of a term whose bounds are read block by block (see `BlockBounds`).
  static let boundedBlocks = 64

  /// How many documents the threshold floor reads at most (whole blocks).
  static let floorDocuments = 2 * IndexFormat.postingsBlockSize
}
