/// Where one term's postings and positions lie, and in how many documents it occurs.
public struct TermInfo: Hashable, Sendable {
  /// The number of documents that contain the term.
  public var documentFrequency: Int
  /// Byte range of the term's postings in the file.
  public var postings: Range<Int>
  /// Byte range of the term's positions in the file (empty for character terms).
  public var positions: Range<Int>
}
