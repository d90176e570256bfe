/// The merge's document sections: the live documents' lengths, stored offsets and stored
/// records, input by input.
///
/// The stored text is coded with a code of the merged segment's own, built from the live
/// documents' scalar counts exactly as a build of those documents builds it (`mergedCode`: a
/// pass that verifies and decodes every live record before anything is written); each record
/// is then decoded again and coded with the new code, once to know its size (the offsets come
/// first) and once to write it. Memory stays a record's size.
struct DocumentCopy {
  let readers: [SegmentReader]
  /// Per input: each local document's number in the output, or `SegmentMerger.deletedMark`.
  let documentMaps: [[UInt32]]

  /// Writes the document lengths section; returns their sum (the footer's total tokens).
  func writeLengths<Sink: MergeSink>(into out: inout MergeOutput<Sink>) throws(IndexError)
    -> UInt64
  {
    var total: UInt64 = 0
    for (s, reader) in readers.enumerated() {
      for doc in 0..<reader.documentCount where documentMaps[s][doc] != SegmentMerger.deletedMark {
        let length = reader.documentLength(doc)
        total += UInt64(length)
        try out.write(length)
      }
    }
    out.endSection()
    return total
  }

  /// The merged segment's stored text code: every live record verified (its checksum) and
  /// decoded, its title's and text's scalars counted, as `StoredDocumentsWriter` counts them.
  func mergedCode(pages: PageRelease) throws(IndexError) -> StoredTextCode {
    var counts = ScalarCounts()
    var textBytes: UInt64 = 0
    for (s, reader) in readers.enumerated() {
      try forEachLive(s) { (record) throws(IndexError) in
        record.content.withUnsafeBufferPointer { counts.count($0) }
        textBytes += UInt64(record.content.count)
      }
      pages.release(reader.bytes(of: .stored))
    }
    return StoredTextCode.build(counts, textBytes: textBytes)
  }

  /// Writes the stored offsets section: each live record's start (after the code), then the
  /// end.
  func writeOffsets<Sink: MergeSink>(
    code: StoredTextCode, encoder: StoredTextEncoder, into out: inout MergeOutput<Sink>
  ) throws(IndexError) {
    var offset = UInt64(code.encoded.count)
    for s in readers.indices {
      try forEachLive(s) { (record) throws(IndexError) in
        try out.write(offset)
        offset += UInt64(
          Self.withParts(record) {
            StoredRecordCodec.size(id: $0, title: $1, text: $2, encoder: encoder)
          })
      }
    }
    try out.write(offset)
    out.endSection()
  }

  /// Writes the stored section: the code, then each live record coded with it.
  func writeRecords<Sink: MergeSink>(
    code: StoredTextCode, encoder: StoredTextEncoder, into out: inout MergeOutput<Sink>,
    pages: inout PageRelease
  ) throws(IndexError) {
    var scratch = OutputBuffer(capacity: 1 << 16)
    code.encode(into: &scratch)
    try out.append(UnsafeRawBufferPointer(scratch.bytes))
    for s in readers.indices {
      try forEachLive(s) { (record) throws(IndexError) in
        scratch.removeAll()
        Self.withParts(record) {
          StoredRecordCodec.append(id: $0, title: $1, text: $2, encoder: encoder, to: &scratch)
        }
        try out.append(UnsafeRawBufferPointer(scratch.bytes))
        pages.progress(out.total)
      }
    }
    out.endSection()
  }

  /// Calls `body` with every live record of input `s`, verified and decoded; errors name the
  /// input.
  private func forEachLive(
    _ s: Int, _ body: (StoredRecord) throws(IndexError) -> Void
  ) throws(IndexError) {
    let reader = readers[s]
    for doc in 0..<reader.documentCount where documentMaps[s][doc] != SegmentMerger.deletedMark {
      let record: StoredRecord
      do {
        record = try reader.storedRecord(doc)
      } catch {
        if case .corrupt(let section, let detail) = error {
          throw .corrupt(section: section, detail: "\(detail) (\(reader.path))")
        }
        throw error
      }
      try body(record)
    }
  }

  /// `body` with a record's id, title and text bytes.
  private static func withParts<R>(
    _ record: StoredRecord,
    _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) ->
      R
  ) -> R {
    record.title.withUnsafeBufferPointer { title in
      record.text.withUnsafeBufferPointer { text in
        body(record.id.bindMemory(to: UInt8.self), title, text)
      }
    }
  }
}
