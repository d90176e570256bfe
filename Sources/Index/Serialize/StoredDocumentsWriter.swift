/// Writes the stored documents, so that results can show ids, titles and snippets without the
/// source files: the stored offsets section (one u64 per document and the end) and the stored
/// records.
///
/// A record is the id and the title, each a LEB128 byte length and its UTF-8 bytes, then the
/// text's bytes up to the next record, then the record's own CRC-32 (version 6), so that
/// reading one record verifies it. This type is the one writer of that layout (read back by
/// `SegmentReader.storedRecord`). It is shareable with one thread: `run` writes only `out`.
struct StoredDocumentsWriter: @unchecked Sendable {
  let documents: [Document]
  /// The two sections, filled by `run`.
  let out = StoredSections()

  /// A record's bytes beyond its strings', at most: two length integers and the checksum.
  static let recordOverhead = 2 * LEB128.maxEncodedLength + 4

  /// Writes both sections into `out`.
  func run() {
    var offsets = OutputBuffer(capacity: documents.count * 8 + 8)
    var records = OutputBuffer(capacity: recordsSize())
    for doc in documents {
      offsets.write(UInt64(records.count))
      StoredDocumentsWriter.appendRecord(doc, to: &records)
    }
    offsets.write(UInt64(records.count))
    out.offsets = offsets
    out.records = records
  }

  /// The size of the records section at most, to allocate it once.
  private func recordsSize() -> Int {
    var n = 0
    for doc in documents {
      n +=
        doc.id.utf8.count + (doc.title?.utf8.count ?? 0) + doc.text.utf8.count
        + StoredDocumentsWriter.recordOverhead
    }
    return n
  }

  /// Appends the record of `doc`.
  private static func appendRecord(_ doc: Document, to records: inout OutputBuffer) {
    let start = records.count
    var id = doc.id
    id.withUTF8 { b in
      records.writeVarInt(b.count)
      records.append(b)
    }
    var title = doc.title ?? ""
    title.withUTF8 { b in
      records.writeVarInt(b.count)
      records.append(b)
    }
    var text = doc.text
    text.withUTF8 { records.append($0) }
    let record = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(records.bytes)[start...])
    records.write(CRC32.checksum(record))
  }
}

/// The stored documents' two sections, handed from the thread that writes them to the file.
final class StoredSections: @unchecked Sendable {
  var offsets = OutputBuffer(capacity: 64)
  var records = OutputBuffer(capacity: 64)
}
