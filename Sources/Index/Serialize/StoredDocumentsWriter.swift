/// Writes the stored documents, so that results can show ids, titles and snippets without the
/// source files: the stored offsets section (one u64 per document and the end) and the stored
/// section: the segment's stored text code, then the records.
///
/// The code is built from the scalar counts of every title and text (a first pass over their
/// UTF-8 bytes), then each record is written by `StoredRecordCodec` (the id verbatim, the title
/// and text coded, the record's CRC-32), the one owner of that layout (read back by
/// `SegmentReader.storedRecord`). It is shareable with one thread: `run` writes only `out`.
struct StoredDocumentsWriter: @unchecked Sendable {
  let documents: [Document]
  /// The two sections, filled by `run`.
  let out = StoredSections()

  /// Writes both sections into `out`.
  func run() {
    var counts = ScalarCounts()
    var textBytes: UInt64 = 0
    for doc in documents {
      if let title = doc.title { counts.count(title) }
      counts.count(doc.text)
      textBytes += UInt64((doc.title?.utf8.count ?? 0) + doc.text.utf8.count)
    }
    let code = StoredTextCode.build(counts, textBytes: textBytes)
    let encoder = StoredTextEncoder(code)
    var offsets = OutputBuffer(capacity: documents.count * 8 + 8)
    var records = OutputBuffer(capacity: Int(textBytes / 2) + documents.count * 16 + 4096)
    code.encode(into: &records)
    for doc in documents {
      offsets.write(UInt64(records.count))
      StoredDocumentsWriter.appendRecord(doc, encoder: encoder, to: &records)
    }
    offsets.write(UInt64(records.count))
    out.offsets = offsets
    out.records = records
  }

  /// Appends the record of `doc`.
  private static func appendRecord(
    _ doc: Document, encoder: StoredTextEncoder, to records: inout OutputBuffer
  ) {
    var id = doc.id
    var title = doc.title ?? ""
    var text = doc.text
    id.withUTF8 { id in
      title.withUTF8 { title in
        text.withUTF8 { text in
          StoredRecordCodec.append(
            id: id, title: title, text: text, encoder: encoder, to: &records)
        }
      }
    }
  }
}

/// The stored documents' two sections, handed from the thread that writes them to the file.
final class StoredSections: @unchecked Sendable {
  var offsets = OutputBuffer(capacity: 64)
  var records = OutputBuffer(capacity: 64)
}
