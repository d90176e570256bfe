/// `.any` and `.ranked` mode: a bag of weighted terms ranked with block-max MaxScore, so k = 10
/// scores few documents.
///
/// The documents are walked in windows that end where some term's current block ends, so that
/// inside a window every term's bound is its block's bound, far tighter than its global one
/// (Lucene's `MaxScoreBulkScorer`). In each window the terms are sorted by that bound; those
/// whose bounds add up to no more than the k-th best score are non-essential: documents that
/// hold only them are never visited, and they are probed (by skipping) only for documents that
/// can still enter. A window where even all bounds together cannot enter is skipped whole.
/// The total is exact only while no window pruned anything. Exclusions are checked only for
/// documents that could enter the top k, or while the total is still exact. (A query with a
/// quoted phrase, which is required in every mode, runs as a conjunction instead.)
extension Searcher {
  func matchAny(
    _ query: Query, keys: [(SearchPlanner.TermKey, Double)], planner: SearchPlanner, bm25: BM25,
    top: inout TopK
  ) throws(IndexError) -> (total: Int, exact: Bool) {
    var openedCursors: [PostingsCursor] = []
    var termWeights: [Double] = []
    var frequencyLimit = 0
    // Every term's block ends and bounds in two flat arrays (term t owns firstBlock[t]..<
    // firstBlock[t + 1]), so that the window loop reads them without touching reference counts.
    var firstBlock = [0]
    var infos: [TermInfo] = []
    var lastDocuments: [UInt32] = []
    var maxScores: [Double] = []
    var presentKeys: [SearchPlanner.TermKey] = []
    for (key, queryWeight) in keys {
      guard let info = try planner.info(key) else { continue }
      presentKeys.append(key)
      let weight = queryWeight * bm25.idf(documentFrequency: info.documentFrequency)
      openedCursors.append(try PostingsCursor(reader: reader, term: info, hasPositions: false))
      infos.append(info)
      termWeights.append(weight)
      let bounds = try SearchBlockBounds(
        reader: reader, info: info, weight: weight, bm25: bm25, blockLimit: Self.boundedBlocks)
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
    let filtered = !exclusions.isEmpty
    func excluded(_ doc: UInt32) throws(IndexError) -> Bool {
      for exclusion in exclusions where try exclusion.matches(at: doc) { return true }
      return false
    }

    let n = openedCursors.count
    let lengths = SearchDocumentLengths(reader)
    let floor = try thresholdFloor(
      infos: infos, weights: termWeights, implied: Self.impliedCharacters(presentKeys),
      maxScores: maxScores, lastDocuments: lastDocuments, firstBlock: firstBlock,
      capacity: filtered ? 0 : top.capacity, bm25: bm25, lengths: lengths)
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
        // One essential term: a document whose share of it, with every other term's bound,
        // cannot beat the k-th score is counted and passed over without touching the others.
        let single = n - nonEssential == 1 && !filtered ? order[n - 1] : -1
        let others = nonEssential > 0 ? sums[nonEssential - 1] : 0
        while doc <= windowEnd {
          let norm = bm25.norm(length: lengths[doc])
          if single >= 0 {
            let own = bm25.score(
              weight: weights[single], frequency: cursors[single].frequency, norm: norm)
            if !(own + others > threshold) {
              total += 1
              scored += 1
              try cursors[single].next()
              steps += 1
              doc = cursors[single].document
              continue
            }
          }
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
          if !filtered {
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
    if !exact && !filtered {
      // Every document of any one term matches: a cheap, better lower bound.
      total = max(total, frequencyLimit)
    }
    return (total, exact)
  }

  /// A lower bound of the final k-th score, known before the walk: the k-th best of lower
  /// bounds of real documents' scores, taken from the one term able to score highest. Lowered
  /// by a margin, so that a document that ties the k-th score still enters; −∞ when that term
  /// has fewer than k documents.
  ///
  /// A document scores at least its share of any one term; and a document holding a bigram
  /// `教育` f times holds its characters `教` and `育` at least f times each, so the characters
  /// a query scores (`implied`) add their share at frequency f too, without a look at their
  /// long postings. The term's documents are all read when it is rare; otherwise only those
  /// of its best-bounded blocks, where the best documents are.
  ///
  /// Walking the documents in order, the k-th score otherwise starts at nothing and climbs
  /// slowly, and every document before it has climbed is scored.
  private func thresholdFloor(
    infos: [TermInfo], weights: [Double], implied: [[Int]], maxScores: [Double],
    lastDocuments: [UInt32], firstBlock: [Int], capacity: Int, bm25: BM25,
    lengths: SearchDocumentLengths
  ) throws(IndexError) -> Double {
    guard infos.count > 1, capacity > 0, capacity <= 64 else { return -.infinity }
    var best = -1
    var bestBound = 0.0
    for t in 0..<infos.count where infos[t].documentFrequency >= capacity {
      var bound = 0.0
      for b in firstBlock[t]..<firstBlock[t + 1] { bound = max(bound, maxScores[b]) }
      for c in implied[t] {
        for b in firstBlock[c]..<firstBlock[c + 1] { bound = max(bound, maxScores[b]) }
      }
      if bound > bestBound {
        best = t
        bestBound = bound
      }
    }
    guard best >= 0 else { return -.infinity }
    // The blocks read: all of a rare term's, else the few with the best bounds, in order.
    let blocks = firstBlock[best]..<firstBlock[best + 1]
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

  /// The most blocks of a term whose bounds are read block by block (see `SearchBlockBounds`).
  static let boundedBlocks = 64

  /// How many documents the threshold floor reads at most (whole blocks).
  static let floorDocuments = 2 * IndexFormat.postingsBlockSize

  /// For each term of a bag, the terms that are its characters (a bigram's two characters,
  /// when the bag scores them), which every document holding the bigram holds too.
  static func impliedCharacters(_ keys: [SearchPlanner.TermKey]) -> [[Int]] {
    keys.map { key -> [Int] in
      guard !key.isCharacter, key.attached == nil else { return [] }
      let bytes = key.bytes
      guard !bytes.isEmpty else { return [] }
      let firstLength = SearchPlanner.scalarLength(bytes[0])
      guard firstLength < bytes.count,
        firstLength + SearchPlanner.scalarLength(bytes[firstLength]) == bytes.count
      else { return [] }
      let parts = [Array(bytes[..<firstLength]), Array(bytes[firstLength...])]
      // A bigram's characters are CJK, so each has a character key when the bag scores it.
      var found: [Int] = []
      for part in parts {
        guard let c = keys.firstIndex(where: { $0.isCharacter && $0.bytes == part }) else {
          return []
        }
        if !found.contains(c) { found.append(c) }
      }
      return found
    }
  }
}
