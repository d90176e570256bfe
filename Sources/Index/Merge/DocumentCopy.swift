/// The merge's document sections: the live documents' lengths, stored offsets and stored
/// records, input by input, each record copied byte for byte.
///
/// A record (id, title, text, recordCRC) is the same bytes whichever index holds it, so it is
/// copied without decoding, after its own checksum is verified; its offset in the output is
/// the sum of the live records before it.
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

  /// Writes the stored offsets section: each live record's start, then the end.
  func writeOffsets<Sink: MergeSink>(into out: inout MergeOutput<Sink>) throws(IndexError) {
    var offset: UInt64 = 0
    for (s, reader) in readers.enumerated() {
      for doc in 0..<reader.documentCount where documentMaps[s][doc] != SegmentMerger.deletedMark {
        try out.write(offset)
        let record = try Self.record(doc, of: reader)
        offset += UInt64(record.count)
      }
    }
    try out.write(offset)
    out.endSection()
  }

  /// Writes the stored records section, verifying each record's checksum before copying it.
  func writeRecords<Sink: MergeSink>(
    into out: inout MergeOutput<Sink>, pages: inout PageRelease
  ) throws(IndexError) {
    for (s, reader) in readers.enumerated() {
      for doc in 0..<reader.documentCount where documentMaps[s][doc] != SegmentMerger.deletedMark {
        let record = try Self.record(doc, of: reader)
        guard record.count >= 4 else {
          throw .corrupt(
            section: IndexFormat.Section.stored.name, detail: "document \(doc) has no checksum")
        }
        let body = UnsafeRawBufferPointer(rebasing: record[..<(record.count - 4)])
        let expected = record.loadUnaligned(fromByteOffset: record.count - 4, as: UInt32.self)
        guard CRC32.checksum(body) == UInt32(littleEndian: expected) else {
          throw .corrupt(
            section: IndexFormat.Section.stored.name,
            detail: "document \(doc) of \(reader.path): record checksum mismatch")
        }
        try out.append(record)
        pages.progress(out.total)
      }
    }
    out.endSection()
  }

  /// The bytes of document `doc`'s record in `reader`'s stored section (its offsets checked).
  private static func record(_ doc: Int, of reader: SegmentReader) throws(IndexError)
    -> UnsafeRawBufferPointer
  {
    let raw = reader.bytes
    let offsets = reader.info(.storedOffsets)
    let stored = reader.info(.stored)
    assert(offsets.offset + doc * 8 + 16 <= offsets.range.upperBound, "offset past its section")
    let start = UInt64(
      littleEndian: raw.loadUnaligned(fromByteOffset: offsets.offset + doc * 8, as: UInt64.self))
    let end = UInt64(
      littleEndian: raw.loadUnaligned(
        fromByteOffset: offsets.offset + doc * 8 + 8, as: UInt64.self))
    guard start <= end, end <= UInt64(stored.length) else {
      throw .corrupt(
        section: IndexFormat.Section.storedOffsets.name,
        detail: "document \(doc) lies outside its section")
    }
    return UnsafeRawBufferPointer(
      rebasing: raw[(stored.offset + Int(start))..<(stored.offset + Int(end))])
  }
}
