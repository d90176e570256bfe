/// One segment of an open index: its image's reader, where its documents start in the
/// index's numbering, and what is deleted from it.
///
/// A version 1–6 file is one segment with nothing deleted. In a version-7 file each segment
/// is listed by the manifest of the commit the reader opened (FORMAT.md).
package final class IndexSegment: @unchecked Sendable {
  /// The image's reader.
  package let reader: SegmentReader
  /// The index-wide number of the segment's first document: the documents of the segments
  /// before it, deleted ones included.
  package let base: Int
  /// The deleted documents; nil when none is.
  package let deleted: DeletedDocuments?
  /// The deletion records (for the document frequencies of live documents).
  let deletions: [DeletionRecord]
  /// The documents not deleted, and the sum of their lengths.
  package let liveCount: Int
  package let liveTokens: UInt64
  /// Where the document table lies (nil for a version 1–6 file, which has none).
  package let table: Manifest.Extent?
  /// The document table once its CRC was verified (`documentTable()`).
  private var verifiedTable: DocumentTable?
  private let tableLock = Lock()

  package init(
    reader: SegmentReader, base: Int, deletions: [DeletionRecord], liveCount: Int,
    liveTokens: UInt64, table: Manifest.Extent?
  ) {
    self.reader = reader
    self.base = base
    self.deletions = deletions
    self.liveCount = liveCount
    self.liveTokens = liveTokens
    self.table = table
    if deletions.isEmpty {
      deleted = nil
    } else {
      var set = DeletedDocuments(documentCount: reader.documentCount)
      for record in deletions {
        for doc in record.documents { set.insert(doc) }
      }
      deleted = set
    }
  }

  /// The number of documents of the image, deleted ones included.
  package var documentCount: Int { reader.documentCount }

  /// Whether local document `doc` is deleted.
  @inline(__always)
  package func isDeleted(_ doc: Int) -> Bool { deleted?.contains(UInt32(doc)) ?? false }

  /// How many deleted documents hold `term` (dictionary bytes, marker included).
  package func deletedFrequency(of term: UnsafeRawBufferPointer) throws(IndexError) -> Int {
    var total = 0
    for record in deletions { total += try record.frequency(of: term) }
    return total
  }

  /// How many deleted documents hold `term` (dictionary bytes, marker included).
  package func deletedFrequency(of term: [UInt8]) throws(IndexError) -> Int {
    guard !deletions.isEmpty else { return 0 }
    return try reader.withRawBytes(term) { (p) throws(IndexError) in try deletedFrequency(of: p) }
  }

  /// The document table (checked against its CRC the first time); nil for a version 1–6
  /// file. Kept once verified: a lookup by id must not pay for a pass over the whole table.
  package func documentTable() throws(IndexError) -> DocumentTable? {
    guard let table else { return nil }
    if let verified = tableLock.withLock({ verifiedTable }) { return verified }
    let raw = UnsafeRawBufferPointer(rebasing: reader.file.bytes[table.range])
    guard CRC32.checksum(raw) == table.checksum else {
      throw .corrupt(section: "document table", detail: "checksum mismatch")
    }
    let verified = try DocumentTable(raw, count: documentCount, owner: reader.file)
    tableLock.withLock { verifiedTable = verified }
    return verified
  }

  /// The live document whose id is `id`, by its local number: a binary search of the document
  /// table (a scan of the stored ids for a version 1–6 file, which has none).
  package func liveDocument(withID id: [UInt8]) throws(IndexError) -> Int? {
    let found: Int?
    if let table = try documentTable() {
      found = try Self.find(id, in: table, reader: reader)
    } else {
      found = try scan(for: id)
    }
    guard let found, !isDeleted(found) else { return nil }
    return found
  }

  /// The binary search of `id` in `table`, comparing with the stored ids of `reader` (read
  /// unverified: the document found is read verified).
  package static func find(_ id: [UInt8], in table: DocumentTable, reader: SegmentReader)
    throws(IndexError) -> Int?
  {
    var low = 0
    var high = table.count - 1
    while low <= high {
      let mid = (low + high) / 2
      let doc = try table.document(atRank: mid)
      let stored = try reader.storedID(doc)
      let order = id.withUnsafeBytes { TermOrder.compare(stored, $0) }
      if order == 0 { return doc }
      if order < 0 { low = mid + 1 } else { high = mid - 1 }
    }
    return nil
  }

  private func scan(for id: [UInt8]) throws(IndexError) -> Int? {
    for doc in 0..<documentCount {
      let stored = try reader.storedID(doc)
      if id.withUnsafeBytes({ TermOrder.compare(stored, $0) }) == 0 { return doc }
    }
    return nil
  }
}
