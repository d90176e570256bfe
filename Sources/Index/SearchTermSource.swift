/// A term's postings cursor as a query plan uses it: opened lazily, counted, positions cached.
///
/// Opening a cursor decodes its first block, so sources that only serve position checks (the
/// bigrams that may stand for a lone character) open only when a candidate needs them.
final class SearchTermSource: SearchDocIterator {
  let info: TermInfo
  private let reader: IndexReader
  private let counters: SearchCounters
  private var cursor: PostingsCursor?
  private var positionsDocument = PostingsCursor.end
  private var positionBuffer: [UInt32] = []

  init(reader: IndexReader, info: TermInfo, counters: SearchCounters) {
    self.reader = reader
    self.info = info
    self.counters = counters
  }

  /// The current document (0 before the cursor is opened: call `advance(to:)` first).
  var document: UInt32 { cursor?.document ?? 0 }
  var cost: Int { info.documentFrequency }
  /// The term frequency in the current document.
  var frequency: UInt32 { cursor?.frequency ?? 0 }
  var maxFrequency: UInt32 { cursor?.maxFrequency ?? 1 }
  var minLength: UInt32 { cursor?.minLength ?? 0 }

  /// Opens the cursor if it is not open yet.
  func open() throws(IndexError) {
    if cursor == nil {
      cursor = try reader.postings(info)
      counters.postings += 1
    }
  }

  func advance(to target: UInt32) throws(IndexError) {
    try open()
    guard cursor!.document < target else { return }
    try cursor!.advance(to: target)
    counters.postings += 1
  }

  /// Moves to the next document.
  func next() throws(IndexError) {
    try open()
    try cursor!.next()
    counters.postings += 1
  }

  /// The positions of the term in the current document (decoded once per document).
  func positions() throws(IndexError) -> [UInt32] {
    let doc = cursor!.document
    if positionsDocument != doc {
      try cursor!.positions(into: &positionBuffer)
      positionsDocument = doc
    }
    return positionBuffer
  }
}
