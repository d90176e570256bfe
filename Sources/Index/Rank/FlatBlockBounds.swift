/// Several terms' block ends and bounds in three flat arrays: term t owns the blocks
/// `blocks(ofTerm: t)`.
///
/// The pruning loops (MaxScore's windows, the scoring-only terms of `.all` mode) read every
/// term's current block on every step; flat arrays of plain values let them do it without
/// touching a reference count, as an array of `BlockBounds` would.
struct FlatBlockBounds {
  /// Where each term's blocks start, and where the last one's end.
  private(set) var firstBlock = [0]
  /// The last document of each block (see `BlockBounds.lastDocuments`).
  private(set) var lastDocuments: [UInt32] = []
  /// The score bound of each block (see `BlockBounds.maxScores`).
  private(set) var maxScores: [Double] = []

  /// Appends the next term's blocks.
  mutating func append(_ bounds: BlockBounds) {
    lastDocuments += bounds.lastDocuments
    maxScores += bounds.maxScores
    firstBlock.append(lastDocuments.count)
  }

  /// The blocks of term `t`.
  @inline(__always)
  func blocks(ofTerm t: Int) -> Range<Int> {
    firstBlock[t]..<firstBlock[t + 1]
  }
}
