/// Serves one segment (a version 1–6 index image) of a mapped file: its documents, terms and
/// postings.
///
/// A file of version 1–6 is one image; a version-7 file holds one image per segment
/// (FORMAT.md), each read through its own `SegmentReader` over its byte range. Opening checks
/// the magic numbers, the version, the footer checksum and that every section lies inside the
/// image; it reads a fixed number of bytes whatever the index size. Everything read later is
/// bounds-checked, and corrupt bytes throw `IndexError.corrupt`; the full checksum
/// verification is the separate, explicit `check()`.
package final class SegmentReader: @unchecked Sendable {
  /// Where the index was opened from (or a name given for an in-memory index).
  package let path: String
  /// The mapped file the image lies in (kept alive by every reader and cursor of the segment).
  package let file: MappedFile
  /// The image's bytes (offsets inside the image start at 0).
  package let bytes: UnsafeRawBufferPointer
  /// Where the image starts in the file.
  package let imageOffset: Int
  /// The format version of the image.
  package let formatVersion: Int
  /// What the image's version holds (every version difference is decided by one of these).
  let features: FormatFeatures
  /// Whether the image's terms fold Traditional characters to Simplified ones (version 9
  /// flag): queries must fold the same way.
  package let foldsToSimplified: Bool
  /// The number of documents, deleted ones included.
  package let documentCount: Int
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
  /// The stored text's code (version 8), read and checked on first use.
  let storedCode = StoredCodeCache()

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

  /// The size of the image in bytes.
  package var imageSize: Int { bytes.count }

  /// Opens a version 1–6 index file at `path` as one segment.
  package convenience init(path: String) throws(IndexError) {
    let file = try MappedFile(path: path)
    try self.init(file: file, range: 0..<file.bytes.count, path: path)
  }

  /// Opens a version 1–6 index held in memory as one segment.
  package convenience init(bytes: [UInt8], name: String = "<memory>") throws(IndexError) {
    let file = MappedFile(copying: bytes)
    try self.init(file: file, range: 0..<bytes.count, path: name)
  }

  /// Opens the image at `range` of `file` (a whole old-version file, or one segment).
  package init(file: MappedFile, range: Range<Int>, path: String) throws(IndexError) {
    precondition(range.lowerBound >= 0 && range.upperBound <= file.bytes.count)
    let bytes = UnsafeRawBufferPointer(rebasing: file.bytes[range])
    let layout = try Self.readLayout(bytes, path: path)
    self.file = file
    self.bytes = bytes
    imageOffset = range.lowerBound
    self.path = path
    formatVersion = layout.version
    features = layout.features
    foldsToSimplified = layout.foldsToSimplified
    documentCount = layout.documentCount
    termCount = layout.termCount
    totalTokens = layout.totalTokens
    sections = layout.sections
    documentLengths = DocumentLengths(
      section: UnsafeRawBufferPointer(rebasing: bytes[layout.info(.documentLengths).range]),
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
}
