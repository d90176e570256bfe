/// The documents added since the last flush, by id: adding an id again replaces its
/// document in place, deleting leaves a hole; the text bytes held say when to flush.
struct PendingDocuments {
  private var documents: [Document?] = []
  private var stamps: [DocumentTable.Stamp] = []
  private var slotByID: [String: Int] = [:]
  /// The documents held (not deleted).
  private(set) var count = 0
  /// The text and title bytes of the documents held (deleted ones included until a flush).
  private(set) var textBytes = 0

  /// Adds `document`, or replaces the one with its id; returns true if it replaced one.
  mutating func add(_ document: Document, stamp: DocumentTable.Stamp) -> Bool {
    textBytes += document.text.utf8.count + (document.title?.utf8.count ?? 0)
    if let slot = slotByID[document.id] {
      documents[slot] = document
      stamps[slot] = stamp
      return true
    }
    slotByID[document.id] = documents.count
    documents.append(document)
    stamps.append(stamp)
    count += 1
    return false
  }

  /// Removes the document with this id; returns false if there was none.
  mutating func delete(id: String) -> Bool {
    guard let slot = slotByID.removeValue(forKey: id) else { return false }
    documents[slot] = nil
    count -= 1
    return true
  }

  /// Whether a document with this id is held.
  func contains(id: String) -> Bool { slotByID[id] != nil }

  /// The stamp of the document with this id, if one is held.
  func stamp(ofID id: String) -> DocumentTable.Stamp? { slotByID[id].map { stamps[$0] } }

  /// The documents held, in the order they were first added, with their stamps.
  var live: (documents: [Document], stamps: [DocumentTable.Stamp]) {
    var kept: [Document] = []
    var keptStamps: [DocumentTable.Stamp] = []
    kept.reserveCapacity(count)
    for (slot, document) in documents.enumerated() {
      if let document {
        kept.append(document)
        keptStamps.append(stamps[slot])
      }
    }
    return (kept, keptStamps)
  }

  /// Empties the buffer (after a flush).
  mutating func removeAll() {
    self = PendingDocuments()
  }
}
