/// Document lengths read straight from the mapped section, for the scoring loops.
///
/// `IndexReader.documentLength` checks its argument and looks the section up on every call;
/// the documents a postings cursor yields are already checked against the document count, so
/// the hot loops load the length with one unaligned read from a base pointer taken once.
struct SearchDocumentLengths {
  private let base: UnsafeRawPointer?

  init(_ reader: IndexReader) {
    base = reader.file.bytes.baseAddress.map {
      $0 + reader.info(.documentLengths).offset
    }
  }

  /// The length of `doc`, which must come from a postings cursor of the same reader.
  @inline(__always)
  subscript(doc: UInt32) -> UInt32 {
    UInt32(
      littleEndian: base.unsafelyUnwrapped.loadUnaligned(
        fromByteOffset: Int(doc) &* 4, as: UInt32.self))
  }
}
