import Dispatch
import Tokenize

/// Writing a commit's new bytes: flushed segments, and the deletion records of the segments
/// that lost documents.
extension WriteSession {
  /// Inverts `documents` into a new segment appended to the file (not yet committed), and
  /// waits for it.
  func flush(
    _ documents: [Document], stamps: [DocumentTable.Stamp], tokenizer: Tokenizer, threads: Int
  ) throws(IndexError) {
    try startFlush(documents, stamps: stamps, tokenizer: tokenizer, threads: threads)
    try finishFlush()
  }

  /// Starts inverting `documents` into a new segment on another thread, after the segment
  /// flushed before it is done: the caller reads and parses the next documents meanwhile (a
  /// build spends about a tenth of its time there). The documents' ids are findable at once
  /// (a later replacement or deletion of one of them is recorded against the new segment).
  func startFlush(
    _ documents: [Document], stamps: [DocumentTable.Stamp], tokenizer: Tokenizer, threads: Int
  ) throws(IndexError) {
    try finishFlush()
    guard !documents.isEmpty else { return }
    let file = try output()
    // One flush at a time: the segment will be the next entry.
    let entry = entries.count
    for (local, document) in documents.enumerated() {
      newIDs[document.id] = (entry, local)
    }
    changed = true
    let job = FlushJob(
      documents: documents, stamps: stamps, tokenizer: tokenizer, threads: threads, file: file)
    inFlight = job
    job.start()
  }

  /// Waits for the segment being flushed, if any, and lists it.
  func finishFlush() throws(IndexError) {
    guard let job = inFlight else { return }
    inFlight = nil
    let segment = try job.wait()
    entries.append(segment)
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

/// One segment being inverted and appended on a background thread.
///
/// The session hands it everything it needs (the documents, the file) and does not touch
/// the file until `wait` returns: one flush at a time, and commits, merges and deletion
/// records wait for it.
final class FlushJob: @unchecked Sendable {
  private let documents: [Document]
  private let stamps: [DocumentTable.Stamp]
  private let tokenizer: Tokenizer
  private let threads: Int
  private let file: IndexFileWriter
  private let done = DispatchGroup()
  private var result: Result<Manifest.Segment, IndexError>?

  /// The documents held by the job.
  var documentCount: Int { documents.count }

  init(
    documents: [Document], stamps: [DocumentTable.Stamp], tokenizer: Tokenizer, threads: Int,
    file: IndexFileWriter
  ) {
    self.documents = documents
    self.stamps = stamps
    self.tokenizer = tokenizer
    self.threads = threads
    self.file = file
  }

  func start() {
    done.enter()
    DispatchQueue.global().async { [self] in
      result = Result { () throws(IndexError) -> Manifest.Segment in
        try SegmentImage.append(
          documents, stamps: stamps, tokenizer: tokenizer, threads: threads, to: file)
      }
      done.leave()
    }
  }

  /// Waits for the segment; its entry, or the error that stopped it.
  func wait() throws(IndexError) -> Manifest.Segment {
    done.wait()
    return try result!.get()
  }
}
