/// The numbers BM25 takes from the whole index rather than from one segment: the live
/// documents, their average length and each scored key's live document frequency.
///
/// Every segment is scored with these, so a document scores the same in an index of many
/// segments, with deletions, as in a freshly built index of the same live documents: a
/// deleted document still sits in its segment's postings, and its terms are subtracted
/// through the segment's deletion records (`IndexSegment.deletedFrequency`).
struct CollectionStatistics {
  /// The live documents.
  let documentCount: Int
  /// Their average length in Lucene tokens.
  let averageLength: Double
  /// The live document frequency of each key asked for (absent keys: 0).
  let frequencies: [QueryPlanner.LookupKey: Int]

  /// The statistics of `reader` for `keys`, looked up through each segment's planner (in
  /// segment order; the planners cache what they find for the search itself).
  init(_ reader: IndexReader, keys: [QueryPlanner.LookupKey], planners: [QueryPlanner])
    throws(IndexError)
  {
    documentCount = reader.documentCount
    averageLength = reader.averageDocumentLength
    var frequencies: [QueryPlanner.LookupKey: Int] = [:]
    for key in keys where frequencies[key] == nil {
      var total = 0
      for (segment, planner) in zip(reader.segments, planners) {
        guard let info = try planner.info(key) else { continue }
        total += info.documentFrequency
        if segment.deleted != nil {
          total -= try segment.deletedFrequency(of: key.termBytes)
        }
      }
      // Only a damaged deletion record can claim more deleted holders than the segment
      // has (`check` says so); never a negative frequency.
      frequencies[key] = max(0, total)
    }
    self.frequencies = frequencies
  }
}

extension QueryPlanner.LookupKey {
  /// The key's bytes as the dictionary holds them: a character term's and an attached term's
  /// with their marker byte first.
  var termBytes: [UInt8] {
    if let side = attached {
      let marker =
        side == .afterWord
        ? IndexFormat.attachedAfterWordMarker : IndexFormat.attachedBeforeWordMarker
      return [marker] + bytes
    }
    return isCharacter ? [IndexFormat.characterTermMarker] + bytes : bytes
  }
}
