/// The skip tables of one reader's long terms, keyed by where the term's postings start.
///
/// A table is built the first time a cursor opens its term and kept while the reader lives;
/// only terms of more than `PostingsCursor.SkipTable.minimumBlocks` blocks get one, at 32
/// bytes a block, so the cache holds at most a few bytes per posting of the terms queried.
final class SkipTableCache: @unchecked Sendable {
  private let lock = Lock()
  private var tables: [Int: PostingsCursor.SkipTable] = [:]

  /// The table of `term`, built by `make` when there is none yet.
  func table(
    for term: TermInfo, make: () throws(IndexError) -> PostingsCursor.SkipTable
  ) throws(IndexError) -> PostingsCursor.SkipTable {
    let key = term.postings.lowerBound
    if let found = lock.withLock({ tables[key] }) { return found }
    let made = try make()
    return lock.withLock {
      if let raced = tables[key] { return raced }
      tables[key] = made
      return made
    }
  }
}
