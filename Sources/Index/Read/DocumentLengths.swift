/// The document lengths section as a view: one unaligned u32 load a document, for the reader's
/// `documentLength` and the scoring loops alike.
///
/// This is the one reader of the section (FORMAT.md, `DocumentLengths`). Its size is checked
/// once, when the reader opens the file (one u32 a document, checksum verified), so a load
/// checks nothing but in debug builds: the documents a postings cursor yields are already
/// checked against the document count, and the reader's `documentLength` checks its argument.
/// The view is a base pointer and a count, so copying it into a scoring loop retains nothing.
struct DocumentLengths {
  /// The section's first byte. It does not keep the mapping alive: a view lives only while its
  /// reader does (inside one search, whose `Searcher` holds the reader).
  private let base: UnsafeRawPointer?
  /// The number of lengths (debug builds check every load against it).
  let count: Int

  /// The view of `section`, the bytes of the document lengths section of an index of `count`
  /// documents (the reader checked on open that it holds exactly `count` lengths).
  init(section: UnsafeRawBufferPointer, count: Int) {
    precondition(section.count == count * 4, "document lengths section of the wrong size")
    base = section.baseAddress
    self.count = count
  }

  /// The reader's view (the same for every caller: made once, when the file was opened).
  @inline(__always)
  init(_ reader: SegmentReader) { self = reader.documentLengths }

  /// The length of `doc`, which must be below `count` (unchecked in release builds).
  @inline(__always)
  subscript(doc: UInt32) -> UInt32 {
    assert(Int(doc) < count, "document length past its section")
    return UInt32(
      littleEndian: base.unsafelyUnwrapped.loadUnaligned(
        fromByteOffset: Int(doc) &* 4, as: UInt32.self))
  }
}
