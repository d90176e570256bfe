/// Document lengths read straight from the mapped section, for the scoring loops.
///
/// `IndexReader.documentLength` checks its argument and looks the section up on every call;
/// the documents a postings cursor yields are already checked against the document count, so
/// the hot loops load the length with one unaligned read from a base pointer taken once, from
/// the reader's view of the section (valid while the reader lives, as it does for a search).
struct SearchDocumentLengths {
  private let base: UnsafeRawPointer?
  /// The number of lengths (debug builds check every load against it).
  private let count: Int

  init(_ reader: IndexReader) {
    let section = reader.bytes(of: .documentLengths)
    base = section.baseAddress
    count = section.count / 4
  }

  /// The length of `doc`, which must come from a postings cursor of the same reader.
  @inline(__always)
  subscript(doc: UInt32) -> UInt32 {
    assert(Int(doc) < count, "document length past its section")
    return UInt32(
      littleEndian: base.unsafelyUnwrapped.loadUnaligned(
        fromByteOffset: Int(doc) &* 4, as: UInt32.self))
  }
}
