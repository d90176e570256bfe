import Tokenize

/// Writing a commit's new bytes: flushed segments, and the deletion records of the segments
/// that lost documents.
extension WriteSession {
  /// Inverts `documents` into a new segment appended to the file (not yet committed).
  ///
  /// On the caller's thread: a flush running beside the reading of the next documents was
  /// measured (crud-news ×9, two threads) to save about a tenth of the time but to raise the
  /// peak memory by a quarter (each thread's allocator keeps its own free memory).
  func flush(
    _ documents: [Document], stamps: [DocumentTable.Stamp], tokenizer: Tokenizer, threads: Int
  ) throws(IndexError) {
    guard !documents.isEmpty else { return }
    let entry = entries.count
    entries.append(
      try SegmentImage.append(
        documents, stamps: stamps, tokenizer: tokenizer, threads: threads, to: try output()))
    for (local, document) in documents.enumerated() {
      newIDs[document.id] = (entry, local)
    }
    changed = true
    SystemCalls.releaseFreedMemory()
  }

  /// Appends a deletion record for every entry that lost documents since the last commit,
  /// and updates its live counts. A segment's newest records are merged while the newer is
  /// at least half the size of the one before (the logarithmic method), so that a segment
  /// keeps O(log n) records and each deleted document is rewritten O(log n) times.
  func writeDeletions() throws(IndexError) {
    guard !deletedNow.isEmpty else { return }
    let file = try output()
    var mapped: MappedFile? = nil
    for (e, deleted) in deletedNow.sorted(by: { $0.key < $1.key }) {
      let docs = deleted.sorted()
      let reader: SegmentReader
      if e < baseCount, let base, base.commit != nil {
        reader = base.segments[e].reader
      } else {
        // A segment written by this session (or the copy of an old-version image).
        if mapped == nil {
          try file.synchronize()
          mapped = try MappedFile(path: file.path)
        }
        reader = try SegmentReader(file: mapped!, range: entries[e].image.range, path: file.path)
      }
      let counts = try DeletedTermCounter.count(docs.map { Int($0) }, of: reader)
      var record = DeletionRecord.encode(documents: docs, terms: counts)
      var kept = entries[e].deletions
      while let last = kept.last, record.count * 2 >= last.length {
        record = try merge(record, with: last, documentCount: reader.documentCount)
        kept.removeLast()
      }
      kept.append(try file.append(record))
      var tokens: UInt64 = 0
      for doc in docs { tokens += UInt64(reader.documentLength(Int(doc))) }
      entries[e].deletions = kept
      entries[e].liveCount -= docs.count
      entries[e].liveTokens -= tokens
    }
    deletedNow = [:]
  }

  /// `record` merged with the committed record at `older` (verified against its CRC first).
  private func merge(_ record: [UInt8], with older: Manifest.Extent, documentCount: Int)
    throws(IndexError) -> [UInt8]
  {
    guard let base else { throw .corrupt(section: "deletions", detail: "no committed record") }
    let raw = UnsafeRawBufferPointer(rebasing: base.file.bytes[older.range])
    guard CRC32.checksum(raw) == older.checksum else {
      throw .corrupt(section: "deletions", detail: "checksum mismatch")
    }
    let previous = try DeletionRecord(raw, documentCount: documentCount)
    let result: Result<[UInt8], IndexError> = record.withUnsafeBytes { newer in
      do throws(IndexError) {
        let decoded = try DeletionRecord(newer, documentCount: documentCount)
        return .success(try DeletionRecord.merged([previous, decoded]))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }
}
