/// Finishing a writer's work: the bytes of an in-memory index, or a commit on a file.
extension IndexWriter {
  /// What a commit did.
  public struct CommitSummary: Sendable, Equatable {
    /// The live documents after the commit.
    public var documentCount: Int
    /// The segments after the commit (and any merge it triggered).
    public var segmentCount: Int
    /// The size of the index file after the commit.
    public var fileSize: Int
    /// Set when the commit succeeded but a merge it then ran failed (the damage it found, or
    /// an I/O error): the change is committed, the segments stay as they were, and the
    /// error deserves a look (`check`).
    public var mergeFailure: IndexError?
  }

  /// Inverts every document and returns the bytes of a one-segment index file (in memory).
  public func build() throws(IndexError) -> [UInt8] {
    try serialized { () throws(IndexError) in try buildHeld() }
  }

  private func buildHeld() throws(IndexError) -> [UInt8] {
    precondition(session == nil, "build() is for an in-memory writer; a writer on a file commits")
    let (documents, stamps) = pending.live
    let built = try SegmentImage.build(
      documents, stamps: stamps, tokenizer: tokenizer, threads: threadCount)
    return IndexFileWriter.memoryFile(built)
  }

  /// The bytes of the one segment image `build()` wraps (a version-8 image, which also opens
  /// as a bare image): for tests of the image grammar and its golden file.
  package func buildImage() throws(IndexError) -> [UInt8] {
    precondition(session == nil, "buildImage() is for an in-memory writer")
    return try serialized { () throws(IndexError) in
      let (documents, stamps) = pending.live
      return try SegmentImage.build(
        documents, stamps: stamps, tokenizer: tokenizer, threads: threadCount
      ).image
    }
  }

  /// Builds the index and writes it to `path` atomically (temporary file, fsync, rename),
  /// holding the index's lock meanwhile so that no writer's commit is lost to the rename.
  @discardableResult
  public func write(to path: String) throws(IndexError) -> Int {
    let bytes = try build()
    let lock = try IndexLock.acquire(for: path, wait: true, waiting: {})
    defer { withExtendedLifetime(lock) {} }
    try AtomicFile.write(bytes, to: path)
    return bytes.count
  }

  /// Makes every change durable and visible: the held documents become a segment, deletions
  /// are recorded, and one commit lists it all; then merges what the merge policy asks for.
  /// Nothing is committed if it throws (the file keeps its last commit), and the writer then
  /// commits nothing more (every later `commit` throws the same error; a new writer starts
  /// again from the last commit); a merge that fails after the commit does not throw but is
  /// reported in `CommitSummary.mergeFailure`.
  @discardableResult
  public func commit() throws(IndexError) -> CommitSummary {
    try serialized { () throws(IndexError) in try commitHeld() }
  }

  private func commitHeld() throws(IndexError) -> CommitSummary {
    guard let session else {
      preconditionFailure("commit() is for a writer on a file; an in-memory writer builds")
    }
    if pending.count > 0 { flushPending() }
    if let error = deferredError {
      session.abandon()
      throw error
    }
    do throws(IndexError) {
      try session.writeDeletions()
      if session.changed { try session.commit() }
    } catch {
      session.abandon()
      // The segments and deletion records written for this commit went with the abandoned
      // bytes, but the session still lists them: a retry would commit extents that are not
      // there (a retried rename once put such an index in place). So the writer is done.
      deferredError = error
      throw error
    }
    // The change is committed: a merge that fails now leaves it so, and says why.
    var failure: IndexError? = nil
    do throws(IndexError) {
      try session.maintain(
        mergePolicy, tokenizer: tokenizer, threads: threadCount, budget: flushTextBytes)
    } catch {
      if let base = session.base { session.restore(base) }
      failure = error
    }
    var result = summary(session)
    result.mergeFailure = failure
    return result
  }

  /// Rewrites the index into a new file of its live documents only (`search optimize`),
  /// after committing any change.
  @discardableResult
  public func optimize() throws(IndexError) -> CommitSummary {
    try serialized { () throws(IndexError) in try optimizeHeld() }
  }

  private func optimizeHeld() throws(IndexError) -> CommitSummary {
    guard let session else { preconditionFailure("optimize() is for a writer on a file") }
    _ = try commitHeld()
    do throws(IndexError) {
      try session.compact(tokenizer: tokenizer, threads: threadCount, budget: flushTextBytes)
    } catch {
      session.abandon()
      throw error
    }
    return summary(session)
  }

  private func summary(_ session: WriteSession) -> CommitSummary {
    CommitSummary(
      documentCount: session.base?.documentCount ?? 0,
      segmentCount: session.base?.segments.count ?? 0, fileSize: session.base?.fileSize ?? 0,
      mergeFailure: nil)
  }
}
