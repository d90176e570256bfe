import Index

/// What a writer on a file should hold, computed the obvious way: the live documents in
/// index order.
///
/// Adding an id that is held since the last flush replaces its document in place (as the
/// writer's buffer does); adding one already flushed or committed deletes it where it was and
/// appends the new document. Documents are flushed as the writer flushes: when the text bytes
/// added since the last flush (replaced and deleted ones included) reach `flushBytes`.
package struct WriterModel {
  /// The live documents flushed into segments (committed, or written since), in order.
  package private(set) var flushed: [Document] = []
  /// The buffer: documents added since the last flush, holes where one was deleted.
  private var pending: [Document?] = []
  private var slotByID: [String: Int] = [:]
  private var pendingCount = 0
  private var textBytes = 0
  /// The live documents of the last commit.
  package private(set) var committed: [Document] = []

  package init(committed: [Document] = []) {
    self.committed = committed
    flushed = committed
  }

  /// Every live document in index order.
  package var live: [Document] { flushed + pending.compactMap { $0 } }

  /// Whether a live document has this id.
  package func contains(_ id: String) -> Bool {
    slotByID[id] != nil || flushed.contains { $0.id == id }
  }

  /// Adds or replaces; returns whether it replaced a document.
  package mutating func add(_ doc: Document, flushBytes: Int) -> Bool {
    textBytes += doc.text.utf8.count + (doc.title?.utf8.count ?? 0)
    var replaced = false
    if let slot = slotByID[doc.id] {
      pending[slot] = doc
      replaced = true
    } else {
      if let i = flushed.firstIndex(where: { $0.id == doc.id }) {
        flushed.remove(at: i)
        replaced = true
      }
      slotByID[doc.id] = pending.count
      pending.append(doc)
      pendingCount += 1
    }
    if textBytes >= flushBytes { flush() }
    return replaced
  }

  /// Deletes; returns whether there was a document with this id.
  package mutating func delete(_ id: String) -> Bool {
    if let slot = slotByID.removeValue(forKey: id) {
      pending[slot] = nil
      pendingCount -= 1
      return true
    }
    guard let i = flushed.firstIndex(where: { $0.id == id }) else { return false }
    flushed.remove(at: i)
    return true
  }

  private mutating func flush() {
    flushed += pending.compactMap { $0 }
    pending = []
    slotByID = [:]
    pendingCount = 0
    textBytes = 0
  }

  /// A commit: the buffer is flushed if it holds a document, and the live documents are
  /// committed.
  package mutating func commit() {
    if pendingCount > 0 { flush() }
    committed = live
  }

  /// The writer went away without committing: back to the last commit, buffer empty.
  package mutating func abandon() {
    self = WriterModel(committed: committed)
  }
}
