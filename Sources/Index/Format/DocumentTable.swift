/// A segment's document table (FORMAT.md, "DocumentTable"): its documents in the order of
/// their ids' bytes, for a lookup by id without reading every record, and each document's
/// source stamp, so that a sync can tell an unchanged file without reading it.
///
/// The one owner of the table's encoding. The view reads the table's bytes in place; the
/// reader checks its size and CRC before making one.
package struct DocumentTable {
  /// What a document's source file looked like when it was indexed: its size, modification
  /// time (nanoseconds since 1970) and file number (inode), so that a document read from
  /// another file of the same size and time is not taken for unchanged. All 0 when unknown (a
  /// document added through the API, or from a file modified too recently to trust its time).
  package struct Stamp: Equatable, Sendable, Hashable {
    package var size: UInt64
    package var modified: Int64
    package var file: UInt64
    package init(size: UInt64, modified: Int64, file: UInt64) {
      self.size = size
      self.modified = modified
      self.file = file
    }
    package static let unknown = Stamp(size: 0, modified: 0, file: 0)
  }

  /// Bytes per document: doc u32 (in the id order) and size u64, modified i64, file u64 (in
  /// doc order).
  package static let bytesPerDocument = 28

  private let raw: UnsafeRawBufferPointer
  /// What keeps `raw` alive (the mapping, or a table built in memory).
  private let owner: MappedFile?
  /// The number of documents.
  package let count: Int

  /// The view of `raw`, which must hold exactly `count` documents' entries and live as long
  /// as `owner` does.
  package init(_ raw: UnsafeRawBufferPointer, count: Int, owner: MappedFile?) throws(IndexError) {
    guard raw.count == count * Self.bytesPerDocument else {
      throw .corrupt(section: "document table", detail: "size disagrees with the document count")
    }
    self.raw = raw
    self.owner = owner
    self.count = count
  }

  /// The document whose id is `rank`-th in byte order (checked against `count`).
  package func document(atRank rank: Int) throws(IndexError) -> Int {
    precondition(rank >= 0 && rank < count)
    let doc = Int(
      UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: rank * 4, as: UInt32.self)))
    guard doc < count else {
      throw .corrupt(section: "document table", detail: "document \(doc) does not exist")
    }
    return doc
  }

  /// The source stamp of document `doc`.
  package func stamp(of doc: Int) -> Stamp {
    precondition(doc >= 0 && doc < count)
    let at = count * 4 + doc * 24
    return Stamp(
      size: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)),
      modified: Int64(littleEndian: raw.loadUnaligned(fromByteOffset: at + 8, as: Int64.self)),
      file: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at + 16, as: UInt64.self)))
  }

  /// The table's bytes for documents whose ids are `ids` (in doc order) and whose stamps are
  /// `stamps`: the one place the id order is decided (bytes, a prefix first).
  package static func encode(ids: [[UInt8]], stamps: [Stamp]) -> [UInt8] {
    let order = (0..<UInt32(ids.count)).sorted {
      ids[Int($0)].lexicographicallyPrecedes(ids[Int($1)])
    }
    return encode(idOrder: order, stamps: stamps)
  }

  /// The table's bytes for documents with these stamps (in doc order), whose ids sorted by
  /// bytes give `idOrder`.
  package static func encode(idOrder: [UInt32], stamps: [Stamp]) -> [UInt8] {
    precondition(idOrder.count == stamps.count)
    var out = OutputBuffer(capacity: max(16, stamps.count * bytesPerDocument))
    for doc in idOrder { out.write(doc) }
    for stamp in stamps {
      out.write(stamp.size)
      out.write(stamp.modified)
      out.write(stamp.file)
    }
    return Array(out.bytes)
  }
}
