/// Opens an index file with mmap and serves its documents across its segments.
///
/// A version 1–6 file is one segment. A version-7 file (FORMAT.md) holds segments appended
/// by commits; the reader opens the newest complete commit its mapping holds (a torn tail
/// after a crash is ignored, and `check()` reports it) and sees that commit only, whatever is
/// appended later: readers never block writers, and always see a complete commit.
///
/// Documents are numbered across segments in order, deleted ones included (their numbers are
/// not reused until the file is compacted); `documentCount` counts the live ones.
public final class IndexReader: @unchecked Sendable {
  /// Where the index was opened from (or a name given for an in-memory index).
  public let path: String
  /// The mapped file.
  package let file: MappedFile
  /// The file's format version (7 for a file of segments).
  package let formatVersion: Int
  /// The segments, in document order.
  package let segments: [IndexSegment]
  /// The commit opened (nil for a version 1–6 file) and what the reader found beside it.
  package let commit: CommitState?
  /// The number of live documents.
  public let documentCount: Int
  /// The sum of the live documents' lengths (in Lucene tokens).
  package let totalTokens: UInt64

  /// What `open` learned about the commits of a version-7 file.
  package struct CommitState: Sendable {
    /// The slot used and its manifest.
    package var slot: CommitSlot
    package var manifest: Manifest
    /// Set when the newest slot could not be used: why, in words (for `check`).
    package var fellBack: String?
    /// The bytes after the commit's end: an append that never committed (a crash), or one
    /// in progress.
    package var uncommittedBytes: Int
  }

  /// Opens the index file at `path`.
  public convenience init(path: String) throws(IndexError) {
    try self.init(file: MappedFile(path: path), path: path)
  }

  /// Opens an index held in memory (as `IndexWriter.build()` returns it).
  public convenience init(bytes: [UInt8], name: String = "<memory>") throws(IndexError) {
    try self.init(file: MappedFile(copying: bytes), path: name)
  }

  package init(file: MappedFile, path: String) throws(IndexError) {
    self.file = file
    self.path = path
    let opened = try Self.openSegments(file, path: path)
    formatVersion = opened.version
    segments = opened.segments
    commit = opened.commit
    documentCount = segments.reduce(0) { $0 + $1.liveCount }
    totalTokens = segments.reduce(0) { $0 + $1.liveTokens }
    foldsToSimplified = segments.first?.reader.foldsToSimplified ?? false
    // A writer keeps one folding for the whole index; a mix would fold queries wrongly.
    guard segments.allSatisfy({ $0.reader.foldsToSimplified == foldsToSimplified }) else {
      throw .corrupt(
        section: "header", detail: "the segments disagree on Traditional/Simplified folding")
    }
  }

  /// Whether the index's terms fold Traditional Chinese characters to Simplified ones
  /// (version 9 and later; false for an older index or one without segments): a query and
  /// its highlights must fold the same way, which `Searcher` does.
  public let foldsToSimplified: Bool

  /// The average live document length, for BM25's length normalisation.
  package var averageDocumentLength: Double {
    documentCount == 0 ? 0 : Double(totalTokens) / Double(documentCount)
  }

  /// The size of the whole file in bytes.
  package var fileSize: Int { file.bytes.count }

  /// The number of document numbers in use: live and deleted documents of every segment.
  package var documentNumberCount: Int {
    segments.last.map { $0.base + $0.documentCount } ?? 0
  }

  /// The segment holding document number `doc`, and the document's number inside it.
  package func locate(_ doc: Int) -> (segment: IndexSegment, local: Int)? {
    guard doc >= 0 else { return nil }
    var low = 0
    var high = segments.count - 1
    while low <= high {
      let mid = (low + high) / 2
      let segment = segments[mid]
      if doc < segment.base {
        high = mid - 1
      } else if doc >= segment.base + segment.documentCount {
        low = mid + 1
      } else {
        return (segment, doc - segment.base)
      }
    }
    return nil
  }

  /// The stored id, title and text of document `doc` (a number below `documentNumberCount`
  /// that is not deleted; the first is 0).
  public func storedDocument(_ doc: Int) throws(IndexError) -> Document {
    guard let (segment, local) = locate(doc), !segment.isDeleted(local) else {
      throw .corrupt(section: "stored documents", detail: "document \(doc) does not exist")
    }
    return try segment.reader.storedDocument(local)
  }

  /// The live document whose id is `id`, with its number, if there is one: a binary search
  /// of each segment's document table (newest first), so it costs O(segments · log n).
  public func document(id: String) throws(IndexError) -> (number: Int, document: Document)? {
    let bytes = Array(id.utf8)
    for segment in segments.reversed() {
      if let local = try segment.liveDocument(withID: bytes) {
        return (segment.base + local, try segment.reader.storedDocument(local))
      }
    }
    return nil
  }

  /// Every live document in order, with its number (verifying each record's checksum).
  package func forEachLiveDocument(_ body: (Int, Document) throws(IndexError) -> Void)
    throws(IndexError)
  {
    for segment in segments {
      for local in 0..<segment.documentCount where !segment.isDeleted(local) {
        try body(segment.base + local, try segment.reader.storedDocument(local))
      }
    }
  }
}
