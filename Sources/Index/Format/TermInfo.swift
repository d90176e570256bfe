/// Where one term's postings and positions lie, and in how many documents it occurs.
package struct TermInfo: Hashable, Sendable {
  /// The number of documents that contain the term.
  package var documentFrequency: Int
  /// Byte range of the term's postings in the file.
  package var postings: Range<Int>
  /// Byte range of the term's positions in the file (empty for character terms).
  package var positions: Range<Int>
}
