/// Reading stored documents: a record's bytes through the stored offsets, verified by its
/// checksum (version 6 on), its title and text decoded with the segment's code (version 8).
extension SegmentReader {
  /// The stored id, title and text of document `doc`.
  package func storedDocument(_ doc: Int) throws(IndexError) -> Document {
    let record = try storedRecord(doc)
    let title = String(decoding: record.title, as: UTF8.self)
    return Document(
      id: String(decoding: record.id, as: UTF8.self), title: title.isEmpty ? nil : title,
      text: String(decoding: record.text, as: UTF8.self))
  }

  /// Document `doc`'s stored id, title and text, its record verified (version 6 on) and its
  /// title and text decoded to exactly their recorded lengths (version 8).
  package func storedRecord(_ doc: Int) throws(IndexError) -> StoredRecord {
    try withVerifiedRecord(doc) { (body, decoder) throws(IndexError) in
      try StoredRecordCodec.read(body, decoder: decoder)
    }
  }

  /// Document `doc`'s stored id and title, its record verified (version 6 on) but its text not
  /// decoded: what a hit shows without a snippet.
  package func storedTitle(_ doc: Int) throws(IndexError) -> (
    id: UnsafeRawBufferPointer, title: [UInt8]
  ) {
    try withVerifiedRecord(doc) { (body, decoder) throws(IndexError) in
      try StoredRecordCodec.readTitle(body, decoder: decoder)
    }
  }

  /// Calls `read` with document `doc`'s record (less its checksum, once verified: version 6
  /// on) and the segment's decoder (version 8 on); a corrupt record's error names `doc`.
  private func withVerifiedRecord<R>(
    _ doc: Int, _ read: (UnsafeRawBufferPointer, StoredTextDecoder?) throws(IndexError) -> R
  ) throws(IndexError) -> R {
    let raw = try recordBytes(doc)
    guard features.hasRecordChecksums else { return try read(raw, nil) }
    let body = try StoredRecordCodec.verified(raw, doc: doc)
    do {
      return try read(body, try storedTextCode()?.decoder)
    } catch {
      if case .corrupt(let section, let detail) = error {
        throw .corrupt(section: section, detail: "document \(doc): \(detail)")
      }
      throw error
    }
  }

  /// The stored id of document `doc`, without verifying its record's checksum: for the
  /// binary search of an id lookup, which reads a few records' ids (`check` verifies every
  /// record, and the document it finds is read verified).
  package func storedID(_ doc: Int) throws(IndexError) -> UnsafeRawBufferPointer {
    try StoredRecordCodec.id(try recordBytes(doc))
  }

  /// The bytes of document `doc`'s record in the stored section, checksum included.
  func recordBytes(_ doc: Int) throws(IndexError) -> UnsafeRawBufferPointer {
    guard doc >= 0 && doc < documentCount else {
      throw .corrupt(section: "stored documents", detail: "document \(doc) does not exist")
    }
    let offsets = info(.storedOffsets)
    let stored = info(.stored)
    assert(offsets.offset + doc * 8 + 16 <= offsets.range.upperBound, "offset past its section")
    let start = bytes.loadUnaligned(fromByteOffset: offsets.offset + doc * 8, as: UInt64.self)
      .littleEndian
    let end = bytes.loadUnaligned(fromByteOffset: offsets.offset + doc * 8 + 8, as: UInt64.self)
      .littleEndian
    guard start <= end, end <= UInt64(stored.length) else {
      throw .corrupt(section: "stored offsets", detail: "document \(doc) lies outside its section")
    }
    return UnsafeRawBufferPointer(
      rebasing: bytes[(stored.offset + Int(start))..<(stored.offset + Int(end))])
  }

  /// The segment's stored text code and its decoder (version 8; nil before), read from the
  /// start of the stored section (up to the first record) and checked on first use.
  func storedTextCode() throws(IndexError) -> StoredCodeCache.Loaded? {
    guard features.hasCodedStoredText else { return nil }
    return try storedCode.loaded { () throws(IndexError) in
      let offsets = info(.storedOffsets)
      let stored = info(.stored)
      let first = bytes.loadUnaligned(fromByteOffset: offsets.offset, as: UInt64.self).littleEndian
      guard first <= UInt64(stored.length) else {
        throw .corrupt(
          section: "stored offsets", detail: "the first record lies outside its section")
      }
      let code = try StoredTextCode.decode(
        UnsafeRawBufferPointer(rebasing: bytes[stored.offset..<(stored.offset + Int(first))]))
      return StoredCodeCache.Loaded(code: code, decoder: StoredTextDecoder(code))
    }
  }

  /// The stored section's size and the UTF-8 bytes of the titles and texts it holds (equal
  /// before version 8, where they are stored verbatim with the ids), for `search info`.
  package func storedSizes() throws(IndexError) -> (stored: Int, text: UInt64?) {
    let stored = info(.stored).length
    guard let loaded = try storedTextCode() else { return (stored, nil) }
    return (stored, loaded.code.textBytes)
  }
}

/// A reader's stored text code, read once (the first record read) and kept while it lives.
final class StoredCodeCache: @unchecked Sendable {
  /// The code and the decoder built from it.
  struct Loaded: Sendable {
    let code: StoredTextCode
    let decoder: StoredTextDecoder
  }

  private let lock = Lock()
  private var value: Loaded? = nil

  /// The loaded code, made by `make` the first time.
  func loaded(_ make: () throws(IndexError) -> Loaded) throws(IndexError) -> Loaded {
    if let found = lock.withLock({ value }) { return found }
    let made = try make()
    return lock.withLock {
      if let raced = value { return raced }
      value = made
      return made
    }
  }
}
