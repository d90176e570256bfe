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
    let merged = try mergedSegment(
      of: Array(base.segments[run]), numbers: Array(run), into: try output(),
      tokenizer: tokenizer, threads: threads)
    entries.replaceSubrange(run, with: [merged])
    changed = true
    try commit()
  }

  /// Rewrites the index into a new file holding its live documents in order, as one segment
  /// (`search optimize`), renamed over the index.
  func compact(tokenizer: Tokenizer, threads: Int, budget: Int) throws(IndexError) {
    guard let base, !changed else { return }
    do throws(IndexError) {
      try rewrite(base, tokenizer: tokenizer, threads: threads)
    } catch {
      // The index is as it was: so is the session (it appends again, to the same commit).
      restore(base)
      throw error
    }
  }

  /// The body of `compact`: the new file, committed and renamed over the index.
  private func rewrite(_ base: IndexReader, tokenizer: Tokenizer, threads: Int)
    throws(IndexError)
  {
    startReplacing()
    let live = base.segments.filter { $0.liveCount > 0 }
    if !live.isEmpty {
      let numbers = base.segments.indices.filter { base.segments[$0].liveCount > 0 }
      entries = [
        try mergedSegment(
          of: live, numbers: numbers, into: try output(), tokenizer: tokenizer, threads: threads)
      ]
    }
    changed = true
    try commit()
  }

  /// The live documents of `segments` (base segments `numbers`) as one segment appended to
  /// `file`: streamed by `SegmentMerger`, whose memory does not grow with the segments, after
  /// it verified every section of every input; or, for an image not of version 8 (an
  /// upgraded file), inverted again from its verified stored documents.
  private func mergedSegment(
    of segments: [IndexSegment], numbers: [Int], into file: IndexFileWriter, tokenizer: Tokenizer,
    threads: Int
  ) throws(IndexError) -> Manifest.Segment {
    guard segments.allSatisfy({ $0.reader.formatVersion == IndexFormat.imageVersion }) else {
      var documents: [Document] = []
      var stamps: [DocumentTable.Stamp] = []
      for e in numbers { try collectLive(of: e, in: base!, into: &documents, stamps: &stamps) }
      return try SegmentImage.append(
        documents, stamps: stamps, tokenizer: tokenizer, threads: threads, to: file)
    }
    var inputs: [SegmentMerger.Input] = []
    var ids: [[UInt8]] = []
    var stamps: [DocumentTable.Stamp] = []
    var tokens: UInt64 = 0
    for (segment, e) in zip(segments, numbers) {
      var deleted = Set<Int>()
      let table = try self.table(e)
      for local in 0..<segment.documentCount {
        if segment.isDeleted(local) {
          deleted.insert(local)
          continue
        }
        ids.append(Array(try segment.reader.storedID(local)))
        stamps.append(table?.stamp(of: local) ?? .unknown)
        tokens += UInt64(segment.reader.documentLength(local))
      }
      inputs.append(SegmentMerger.Input(reader: segment.reader, deleted: deleted))
      // Reading the ids touched a page of every record: give them back, segment by
      // segment, so that resident memory stays bounded (the merger does the same).
      if segment.reader.file.isFileMapping { SystemCalls.releaseMappedPages(segment.reader.bytes) }
    }
    var merger = SegmentMerger(
      inputs: inputs, spillDirectory: AtomicFile.parentDirectory(of: path))
    merger.releasesInputPages = base?.file.isFileMapping ?? false
    // Named as the writer's temporary files are: removed by the next writer if killed.
    merger.spillStem = (AtomicFile.temporaryPath(for: path) as String).split(separator: "/").last
      .map { String($0) + "-merge" }
    var sink = file.appendingSink()
    // The merger's errors name the damaged section and the segment (its reader's path).
    let summary = try merger.merge(into: &sink)
    let image = file.extent(of: sink)
    let table = try file.append(DocumentTable.encode(ids: ids, stamps: stamps))
    return Manifest.Segment(
      image: image, table: table, documentCount: summary.documentCount,
      liveCount: summary.documentCount, liveTokens: tokens, deletions: [])
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
