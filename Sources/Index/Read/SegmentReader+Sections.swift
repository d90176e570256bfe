/// Checked views of the reader's sections, for the stages after reading (pruning, scoring)
/// that walk a section's bytes themselves: they ask the reader, which owns the mapping and
/// knows where each section lies, instead of indexing the file.
extension SegmentReader {
  /// The bytes of `section` (valid while the reader lives).
  func bytes(of section: IndexFormat.Section) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(rebasing: bytes[info(section).range])
  }

  /// A bounds-checked reader over the file offsets `start..<end`, which must lie in `section`
  /// (as the ranges of a `TermInfo` do); it never reads outside the section.
  func byteReader(_ section: IndexFormat.Section, from start: Int, to end: Int) -> ByteReader {
    let range = info(section).range
    assert(start >= range.lowerBound && end <= range.upperBound, "range outside its section")
    return ByteReader(
      bytes, from: max(start, range.lowerBound), to: min(end, range.upperBound),
      section: section.label)
  }

  /// The header of `term`'s postings: its bounds and where its skip entries and blocks start.
  func postingsHeader(_ term: TermInfo) throws(IndexError) -> PostingsHeader {
    try PostingsHeader(
      byteReader(.postings, from: term.postings.lowerBound, to: term.postings.upperBound),
      documentFrequency: term.documentFrequency, documentCount: documentCount,
      features: features, length: { documentLength($0) })
  }
}
