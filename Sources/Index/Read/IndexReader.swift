/// Opens an index file with mmap and serves its documents, terms and postings.
///
/// Opening checks the magic numbers, the version, the footer checksum and that every section
/// lies inside the file; it reads a fixed number of bytes whatever the index size. Everything
/// read later is bounds-checked, and corrupt bytes throw `IndexError.corrupt`; the full
/// checksum verification is the separate, explicit `check()`.
public final class IndexReader: @unchecked Sendable {
  /// Where the index was opened from (or a name given for an in-memory index).
  public let path: String
  /// The mapped file.
  package let file: MappedFile
  /// The format version of the file.
  package let formatVersion: Int
  /// What the file's version holds (every version difference is decided by one of these).
  let features: FormatFeatures
  /// The number of documents.
  public let documentCount: Int
  /// The number of distinct terms, character terms included.
  package let termCount: Int
  /// The sum of all document lengths (in Lucene tokens).
  package let totalTokens: UInt64
  /// Each section's place in the file and its checksum.
  package let sections: [SectionInfo]
  /// The document lengths section, its size checked on open (see `DocumentLengths`).
  let documentLengths: DocumentLengths
  /// Parsed skip entries of long terms, built on first use (see `PostingsCursor.SkipTable`).
  let skipTables = SkipTableCache()

  /// Where a section lies and the CRC-32 of its bytes.
  package struct SectionInfo: Sendable, Equatable {
    package var section: IndexFormat.Section
    package var offset: Int
    package var length: Int
    package var checksum: UInt32
    package var range: Range<Int> { offset..<offset + length }
  }

  /// The average document length, for BM25's length normalisation.
  package var averageDocumentLength: Double {
    documentCount == 0 ? 0 : Double(totalTokens) / Double(documentCount)
  }

  /// The size of the whole file in bytes.
  package var fileSize: Int { file.bytes.count }

  /// Opens the index file at `path`.
  public convenience init(path: String) throws(IndexError) {
    try self.init(file: MappedFile(path: path), path: path)
  }

  /// Opens an index held in memory (as `IndexWriter.build()` returns it).
  public convenience init(bytes: [UInt8], name: String = "<memory>") throws(IndexError) {
    try self.init(file: MappedFile(copying: bytes), path: name)
  }

  init(file: MappedFile, path: String) throws(IndexError) {
    let layout = try Self.readLayout(file.bytes, path: path)
    self.file = file
    self.path = path
    formatVersion = layout.version
    features = layout.features
    documentCount = layout.documentCount
    termCount = layout.termCount
    totalTokens = layout.totalTokens
    sections = layout.sections
    documentLengths = DocumentLengths(
      section: UnsafeRawBufferPointer(rebasing: file.bytes[layout.info(.documentLengths).range]),
      count: layout.documentCount)
  }

  /// The sections whose checksums are verified when the file is opened.
  static let verifiedOnOpen: [IndexFormat.Section] = [.documentLengths, .storedOffsets, .termIndex]

  /// The section's place in the file.
  package func info(_ section: IndexFormat.Section) -> SectionInfo { sections[section.rawValue] }

  /// The length of document `doc` in Lucene tokens; `doc` must be below `documentCount`.
  package func documentLength(_ doc: Int) -> UInt32 {
    precondition(doc >= 0 && doc < documentCount)
    return documentLengths[UInt32(truncatingIfNeeded: doc)]
  }

  /// The stored id, title and text of document `doc`.
  public func storedDocument(_ doc: Int) throws(IndexError) -> Document {
    let record = try storedRecord(doc)
    let title = String(decoding: record.title, as: UTF8.self)
    return Document(
      id: String(decoding: record.id, as: UTF8.self), title: title.isEmpty ? nil : title,
      text: String(decoding: record.text, as: UTF8.self))
  }

  /// The raw bytes of document `doc`'s stored id, title and text (valid while the reader lives).
  package func storedRecord(_ doc: Int) throws(IndexError) -> (
    id: UnsafeRawBufferPointer, title: UnsafeRawBufferPointer, text: UnsafeRawBufferPointer
  ) {
    guard doc >= 0 && doc < documentCount else {
      throw .corrupt(section: "stored documents", detail: "document \(doc) does not exist")
    }
    let raw = file.bytes
    let offsetsSection = info(.storedOffsets)
    let offsets = offsetsSection.offset
    let stored = info(.stored)
    assert(offsets + doc * 8 + 16 <= offsetsSection.range.upperBound, "offset past its section")
    let start = raw.loadUnaligned(fromByteOffset: offsets + doc * 8, as: UInt64.self).littleEndian
    let end = raw.loadUnaligned(fromByteOffset: offsets + doc * 8 + 8, as: UInt64.self).littleEndian
    guard start <= end, end <= UInt64(stored.length) else {
      throw .corrupt(section: "stored offsets", detail: "document \(doc) lies outside its section")
    }
    var recordEnd = stored.offset + Int(end)
    if features.hasRecordChecksums {
      // The record ends with the CRC32 of its other bytes.
      guard end - start >= 4 else {
        throw .corrupt(section: "stored documents", detail: "document \(doc) has no checksum")
      }
      recordEnd -= 4
      let record = UnsafeRawBufferPointer(
        rebasing: raw[(stored.offset + Int(start))..<recordEnd])
      let expected = raw.loadUnaligned(fromByteOffset: recordEnd, as: UInt32.self).littleEndian
      guard CRC32.checksum(record) == expected else {
        throw .corrupt(
          section: "stored documents", detail: "document \(doc): record checksum mismatch")
      }
    }
    var reader = ByteReader(
      raw, from: stored.offset + Int(start), to: recordEnd, section: "stored documents")
    let idLength = try reader.readVarInt(max: Int(end - start))
    let id = try reader.readBytes(idLength)
    let titleLength = try reader.readVarInt(max: Int(end - start))
    let title = try reader.readBytes(titleLength)
    let text = try reader.readBytes(reader.end - reader.offset)
    return (id, title, text)
  }
}
