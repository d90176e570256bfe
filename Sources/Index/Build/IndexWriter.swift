import Dispatch
import Tokenize

/// Collects documents and writes them as one index file.
///
/// Adding a document whose id is already present replaces it in place; deleting removes it.
/// Nothing is inverted until `build()` (or `write(to:)`), which tokenizes the documents on
/// `threads` threads and serializes deterministically: the same documents in the same order
/// always give the same bytes.
///
/// ```swift
/// let writer = IndexWriter()
/// writer.add(Document(id: "a.txt", text: "教育质量"))
/// try writer.write(to: "search.idx")
/// ```
public final class IndexWriter {
  /// The tokenizer every document goes through (characters on, for one-character queries).
  package let tokenizer: Tokenizer
  /// How many threads invert documents; 1 gives the same bytes as any other count.
  public var threads: Int

  private var documents: [Document?] = []
  private var slotByID: [String: Int] = [:]
  private var liveCount = 0

  /// A writer for a new, empty index.
  public init(threads: Int = 1) {
    self.tokenizer = Tokenizer(emitsCharacters: true)
    self.threads = max(1, threads)
  }

  /// A writer that starts from every document stored in an existing index, to add, replace or
  /// delete documents without re-reading their source files.
  public convenience init(updating reader: IndexReader, threads: Int = 1) throws(IndexError) {
    self.init(threads: threads)
    for doc in 0..<reader.documentCount {
      add(try reader.storedDocument(doc))
    }
  }

  /// The number of documents the index will hold.
  public var documentCount: Int { liveCount }

  /// Whether a document with this id is present.
  public func contains(id: String) -> Bool { slotByID[id] != nil }

  /// Adds a document, or replaces the one with the same id; returns true if it replaced one.
  @discardableResult
  public func add(_ document: Document) -> Bool {
    if let slot = slotByID[document.id] {
      documents[slot] = document
      return true
    }
    slotByID[document.id] = documents.count
    documents.append(document)
    liveCount += 1
    return false
  }

  /// Removes the document with this id; returns false if there was none.
  @discardableResult
  public func delete(id: String) -> Bool {
    guard let slot = slotByID.removeValue(forKey: id) else { return false }
    documents[slot] = nil
    liveCount -= 1
    return true
  }

  /// The live documents in index order.
  var liveDocuments: [Document] { documents.compactMap { $0 } }

  /// Inverts every document and returns the serialized index file.
  public func build() throws(IndexError) -> [UInt8] {
    let docs = liveDocuments
    let parts = max(1, min(threads, docs.count / 64))
    var segments: [SegmentResult] = []
    if parts == 1 {
      segments = [try SegmentResult.build(docs[...], tokenizer: tokenizer)]
    } else {
      // Segments of about the same number of text bytes (the bytes do not depend on where
      // segments end).
      var bounds = [0]
      var total = 0
      for doc in docs { total += doc.text.utf8.count + (doc.title?.utf8.count ?? 0) }
      var sum = 0
      for (i, doc) in docs.enumerated() where bounds.count < parts {
        sum += doc.text.utf8.count + (doc.title?.utf8.count ?? 0)
        if sum * parts >= total * bounds.count { bounds.append(i + 1) }
      }
      while bounds.count <= parts { bounds.append(docs.count) }
      let segmentBounds = bounds
      let results = SegmentResultSlots(count: parts)
      let tokenizer = self.tokenizer
      DispatchQueue.concurrentPerform(iterations: parts) { part in
        let lower = segmentBounds[part]
        let upper = segmentBounds[part + 1]
        results.set(
          part,
          Result { () throws(IndexError) -> SegmentResult in
            try SegmentResult.build(docs[lower..<upper], tokenizer: tokenizer)
          })
      }
      for part in 0..<parts { segments.append(try results.get(part)) }
    }
    return try IndexSerializer(documents: docs, segments: segments, threads: threads).serialize()
  }

  /// Builds the index and writes it to `path` atomically (temporary file, fsync, rename).
  @discardableResult
  public func write(to path: String) throws(IndexError) -> Int {
    let bytes = try build()
    try AtomicFile.write(bytes, to: path)
    return bytes.count
  }
}
