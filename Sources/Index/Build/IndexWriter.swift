import Tokenize

/// Adds, replaces and deletes documents, and writes them as an index file.
///
/// Two ways to use it:
/// - **In memory**: `IndexWriter()`, `add`, then `build()` (the bytes) or `write(to:)`.
///   Everything is held until then; the same documents in the same order always give the
///   same bytes.
/// - **On a file**: `IndexWriter(path:)` takes the index's lock (one writer at a time; a
///   second one waits, or with `wait: false` fails with `IndexError.locked`) and builds on its
///   last commit. Added documents are held up to `memoryBudget`, then inverted into a segment
///   appended to the file; `commit()` makes the changes durable and visible at once
///   (FORMAT.md, "Commits"). A change costs in proportion to its size, not to the index's,
///   and a crash at any moment leaves the last commit intact.
///
/// ```swift
/// let writer = try IndexWriter(path: "search.idx")
/// writer.add(Document(id: "a.txt", text: "教育质量"))
/// writer.delete(id: "old.txt")
/// try writer.commit()
/// ```
///
/// A writer may be shared between threads and tasks (`Sendable`): its methods run one at a
/// time, each whole, under one lock, so concurrent `add`s are a sequence of adds in some
/// order. Share one writer rather than opening two (the second waits for the first's lock).
public final class IndexWriter: @unchecked Sendable {
  /// The tokenizer every document goes through (characters on, for one-character queries;
  /// Traditional → Simplified folding as the index has it).
  package let tokenizer: Tokenizer
  /// How many threads invert documents; 1 gives the same bytes as any other count.
  public var threads: Int {
    get { calls.withLock { threadCount } }
    set { calls.withLock { threadCount = max(1, newValue) } }
  }
  /// About how much memory (bytes) a writer on a file may use before it flushes a segment.
  public var memoryBudget: Int {
    get { calls.withLock { budget } }
    set { calls.withLock { budget = newValue } }
  }
  /// Serializes the public methods (see the type's documentation).
  let calls = Lock()
  /// `threads` and `memoryBudget`, read under `calls` by the methods that hold it.
  var threadCount: Int
  var budget: Int
  /// The default budget: a few hundred MB, so that building any corpus fits in 1 GB.
  public static let defaultMemoryBudget = 512 << 20

  var pending = PendingDocuments()
  /// The file being written; nil in memory.
  let session: WriteSession?
  /// The first error of a flush started by `add` (which does not throw): `commit` throws it.
  var deferredError: IndexError?
  /// The merge policy of commits on a file.
  package var mergePolicy: MergePolicy

  /// Whether the index's terms fold Traditional Chinese characters to Simplified ones, so
  /// that 台灣 and 台湾 find each other (FORMAT.md, version 9).
  public var foldsToSimplified: Bool { tokenizer.foldsToSimplified }

  /// A writer for a new, empty index held in memory; `foldsToSimplified: false` gives
  /// Lucene's terms exactly.
  public init(threads: Int = 1, foldsToSimplified: Bool = true) {
    tokenizer = Tokenizer(emitsCharacters: true, foldsToSimplified: foldsToSimplified)
    threadCount = max(1, threads)
    budget = Self.defaultMemoryBudget
    session = nil
    mergePolicy = MergePolicy(fullSize: Int.max)
  }

  /// A writer on the index file at `path` (created if missing). With `replacing`, it starts
  /// from an empty index whose first commit replaces the file; else it builds on the last
  /// commit. `foldsToSimplified` decides for a new (or replaced, or empty) index; an index
  /// that has segments keeps the folding it was built with. Waits for another writer of the same index to finish (calling `waiting` first),
  /// or with `wait: false` throws `IndexError.locked`; the lock is per writer object, so a
  /// second writer of the same file in the same process waits for the first to be released.
  public init(
    path: String, replacing: Bool = false, threads: Int = 1,
    memoryBudget: Int = IndexWriter.defaultMemoryBudget, wait: Bool = true,
    waiting: () -> Void = {}, foldsToSimplified: Bool = true
  ) throws(IndexError) {
    threadCount = max(1, threads)
    budget = max(1 << 20, memoryBudget)
    let session = try WriteSession(
      path: path, replacing: replacing, wait: wait, waiting: waiting)
    self.session = session
    var folds = foldsToSimplified
    if let base = session.base, !base.segments.isEmpty { folds = base.foldsToSimplified }
    tokenizer = Tokenizer(emitsCharacters: true, foldsToSimplified: folds)
    mergePolicy = MergePolicy(fullSize: 0)
    mergePolicy.fullSize = flushTextBytes
  }

  /// The text bytes held before a flush: the budget over what a build needs per text byte at
  /// its peak, about 7× the segment's text (measured on crud-news), whatever the thread count:
  /// the threads share one builder, and their token batches together hold one round's tokens.
  /// Two threads used to flush at budget ÷ 11 (when each had a builder of its own); at
  /// budget ÷ 7 they build crud-news about 4 % faster (median of 6 interleaved runs each:
  /// fewer segments, and fewer pages faulted afresh) and peak at 553–577 MB instead of
  /// 508–538 MB, where one thread peaks at 548 MB.
  var flushTextBytes: Int { budget / 7 }

  /// The number of documents the index will hold.
  public var documentCount: Int { calls.withLock { (session?.liveCount ?? 0) + pending.count } }

  /// Whether a document with this id is present.
  public func contains(id: String) -> Bool {
    calls.withLock { pending.contains(id: id) || ((try? session?.locate(id: id)) ?? nil) != nil }
  }

  /// Adds a document, or replaces the one with the same id; returns true if it replaced one.
  @discardableResult
  public func add(_ document: Document) -> Bool {
    add(document, stamp: .unknown)
  }

  /// Adds a document read from a file whose size and modification time are `stamp` (for a
  /// later sync to tell an unchanged file).
  @discardableResult
  package func add(_ document: Document, stamp: DocumentTable.Stamp) -> Bool {
    calls.withLock { addHeld(document, stamp: stamp) }
  }

  private func addHeld(_ document: Document, stamp: DocumentTable.Stamp) -> Bool {
    var replaced = false
    if !pending.contains(id: document.id), let session {
      replaced = deleteCommitted(id: document.id, in: session)
    }
    replaced = pending.add(document, stamp: stamp) || replaced
    if session != nil && pending.textBytes >= flushTextBytes { flushPending() }
    return replaced
  }

  /// Removes the document with this id; returns false if there was none.
  @discardableResult
  public func delete(id: String) -> Bool {
    calls.withLock {
      if pending.delete(id: id) { return true }
      guard let session else { return false }
      return deleteCommitted(id: id, in: session)
    }
  }

  /// The stamp the document with this id was indexed with, if it is present.
  package func stamp(ofID id: String) -> DocumentTable.Stamp? {
    calls.withLock {
      if let stamp = pending.stamp(ofID: id) { return stamp }
      return (try? session?.stamp(ofID: id)) ?? nil
    }
  }

  /// The ids of the live documents of the last commit, each with its stamp (for a sync).
  package func committedDocuments() throws(IndexError) -> [(id: String, stamp: DocumentTable.Stamp)]
  {
    try serialized { () throws(IndexError) in try committedDocumentsHeld() }
  }

  private func committedDocumentsHeld() throws(IndexError) -> [(
    id: String, stamp: DocumentTable.Stamp
  )] {
    guard let session, let base = session.base else { return [] }
    var found: [(id: String, stamp: DocumentTable.Stamp)] = []
    for (e, segment) in base.segments.enumerated() {
      let table = try session.table(e)
      for local in 0..<segment.documentCount where !segment.isDeleted(local) {
        let id = String(decoding: try segment.reader.storedID(local), as: UTF8.self)
        found.append((id, table?.stamp(of: local) ?? .unknown))
      }
    }
    return found
  }

  private func deleteCommitted(id: String, in session: WriteSession) -> Bool {
    do throws(IndexError) {
      guard let (entry, local) = try session.locate(id: id) else { return false }
      session.delete(entry: entry, local: local)
      return true
    } catch {
      deferredError = deferredError ?? error
      return false
    }
  }

  /// Inverts the held documents into a new segment of the file (an error is deferred to
  /// `commit`).
  func flushPending() {
    guard let session, deferredError == nil else { return }
    let (documents, stamps) = pending.live
    pending.removeAll()
    do throws(IndexError) {
      try session.flush(documents, stamps: stamps, tokenizer: tokenizer, threads: threadCount)
    } catch {
      deferredError = error
    }
  }

  /// Runs `body` with `calls` held, keeping its typed error.
  func serialized<R>(_ body: () throws(IndexError) -> R) throws(IndexError) -> R {
    let result: Result<R, IndexError> = calls.withLock {
      Result { () throws(IndexError) -> R in try body() }
    }
    return try result.get()
  }
}
