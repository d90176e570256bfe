import Tokenize

/// Merging segments: a run of small ones into one appended segment (`MergePolicy`), or the
/// whole index into a new file (compaction). A merge reads only verified bytes: each image's
/// section checksums are checked before its documents are read, and every record's own CRC
/// as it is read, so a damaged segment stops the merge with an error naming the section and
/// the file stays as it was.
extension WriteSession {
  /// Merges what `policy` asks for, committing after each merge; then compacts if it asks.
  func maintain(_ policy: MergePolicy, tokenizer: Tokenizer, threads: Int, budget: Int)
    throws(IndexError)
  {
    while let run = policy.nextMerge(entries) {
      try mergeRun(run, tokenizer: tokenizer, threads: threads)
    }
    if let base, policy.needsCompaction(entries, fileSize: base.fileSize) {
      try compact(tokenizer: tokenizer, threads: threads, budget: budget)
    }
  }

  /// Merges the committed segments `run` into one appended segment, and commits.
  func mergeRun(_ run: Range<Int>, tokenizer: Tokenizer, threads: Int) throws(IndexError) {
    guard let base, !changed, base.segments.count == entries.count else { return }
    var documents: [Document] = []
    var stamps: [DocumentTable.Stamp] = []
    for e in run {
      try collectLive(of: e, in: base, into: &documents, stamps: &stamps)
    }
    let built = try SegmentImage.build(
      documents, stamps: stamps, tokenizer: tokenizer, threads: threads)
    let file = try output()
    let image = try file.append(built.image)
    let table = try file.append(built.table)
    entries.replaceSubrange(
      run,
      with: [
        Manifest.Segment(
          image: image, table: table, documentCount: built.documentCount,
          liveCount: built.documentCount, liveTokens: built.totalTokens, deletions: [])
      ])
    changed = true
    try commit()
  }

  /// Rewrites the index into a new file holding its live documents in order, in segments
  /// of at most the flush size, renamed over the index (`search optimize`).
  func compact(tokenizer: Tokenizer, threads: Int, budget: Int) throws(IndexError) {
    guard let base, !changed else { return }
    startReplacing()
    var documents: [Document] = []
    var stamps: [DocumentTable.Stamp] = []
    var bytes = 0
    for e in base.segments.indices {
      try forEachLive(of: e, in: base) { (document, stamp) throws(IndexError) in
        documents.append(document)
        stamps.append(stamp)
        bytes += document.text.utf8.count + (document.title?.utf8.count ?? 0)
        if bytes >= budget {
          try flush(documents, stamps: stamps, tokenizer: tokenizer, threads: threads)
          documents = []
          stamps = []
          bytes = 0
        }
      }
    }
    try flush(documents, stamps: stamps, tokenizer: tokenizer, threads: threads)
    changed = true
    try commit()
  }

  /// The live documents of base segment `e` and their stamps, after verifying its image.
  private func collectLive(
    of e: Int, in base: IndexReader, into documents: inout [Document],
    stamps: inout [DocumentTable.Stamp]
  ) throws(IndexError) {
    var found: [Document] = []
    var foundStamps: [DocumentTable.Stamp] = []
    try forEachLive(of: e, in: base) { (document, stamp) throws(IndexError) in
      found.append(document)
      foundStamps.append(stamp)
    }
    documents.append(contentsOf: found)
    stamps.append(contentsOf: foundStamps)
  }

  /// Calls `body` with each live document of base segment `e` and its stamp, in order, after
  /// verifying the segment's image; errors name the segment.
  private func forEachLive(
    of e: Int, in base: IndexReader,
    _ body: (Document, DocumentTable.Stamp) throws(IndexError) -> Void
  ) throws(IndexError) {
    let segment = base.segments[e]
    do {
      try segment.reader.verifySectionChecksums()
      let table = try table(e)
      for local in 0..<segment.documentCount where !segment.isDeleted(local) {
        try body(try segment.reader.storedDocument(local), table?.stamp(of: local) ?? .unknown)
      }
    } catch {
      throw IndexReader.inSegment(e, error)
    }
  }
}
