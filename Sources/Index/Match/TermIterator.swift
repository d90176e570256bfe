/// A term's postings cursor as a query plan uses it: opened lazily, counted, positions cached.
///
/// Opening a cursor decodes its first block, so sources that only serve position checks (the
/// bigrams that may stand for a lone character) open only when a candidate needs them. The
/// cursor lives behind a pointer and the current document and frequency are copied out after
/// every move, so the hot loops neither copy the cursor nor pay for exclusivity checks.
final class TermIterator: DocIterator {
  let info: TermInfo
  private let reader: SegmentReader
  private let counters: WorkCounters
  private var cursor: UnsafeMutablePointer<PostingsCursor>?
  private var positionsDocument = PostingsCursor.end
  private var positionBuffer: [UInt32] = []
  /// The current document (0 before the cursor is opened: call `advance(to:)` first).
  private(set) var document: UInt32 = 0
  /// The term frequency in the current document.
  private(set) var frequency: UInt32 = 0

  init(reader: SegmentReader, info: TermInfo, counters: WorkCounters) {
    self.reader = reader
    self.info = info
    self.counters = counters
  }

  deinit {
    if let cursor {
      cursor.deinitialize(count: 1)
      cursor.deallocate()
    }
  }

  var cost: Int { info.documentFrequency }
  /// The largest frequency of the term in any document (1 before opening).
  var maxFrequency: UInt32 { cursor?.pointee.maxFrequency ?? 1 }
  /// The smallest length of a document holding the term (0 before opening).
  var minLength: UInt32 { cursor?.pointee.minLength ?? 0 }

  /// Opens the cursor if it is not open yet.
  @inline(__always)
  func open() throws(IndexError) {
    if cursor == nil { try openCursor() }
  }

  private func openCursor() throws(IndexError) {
    let opened = try reader.postings(info)
    let pointer = UnsafeMutablePointer<PostingsCursor>.allocate(capacity: 1)
    pointer.initialize(to: opened)
    cursor = pointer
    document = opened.document
    frequency = opened.frequency
    counters.postings += 1
  }

  func advance(to target: UInt32) throws(IndexError) {
    if cursor == nil { try openCursor() }
    guard document < target else { return }
    let c = cursor.unsafelyUnwrapped
    try c.pointee.advance(to: target)
    document = c.pointee.document
    frequency = c.pointee.frequency
    counters.postings += 1
  }

  /// Moves to the next document.
  func next() throws(IndexError) {
    if cursor == nil { try openCursor() }
    let c = cursor.unsafelyUnwrapped
    try c.pointee.next()
    document = c.pointee.document
    frequency = c.pointee.frequency
    counters.postings += 1
  }

  /// The positions of the term in the current document, in increasing order (decoded once per
  /// document, so that several phrases can share the source).
  func positions() throws(IndexError) -> [UInt32] {
    if positionsDocument != document {
      try cursor.unsafelyUnwrapped.pointee.positions(into: &positionBuffer)
      positionsDocument = document
    }
    return positionBuffer
  }

  /// Calls `body` with the positions of the term in the current document (see `positions()`),
  /// without copying or retaining them.
  @inline(__always)
  func withPositions<R>(_ body: (UnsafeBufferPointer<UInt32>) -> R) throws(IndexError) -> R {
    if positionsDocument != document {
      try cursor.unsafelyUnwrapped.pointee.positions(into: &positionBuffer)
      positionsDocument = document
    }
    return positionBuffer.withUnsafeBufferPointer(body)
  }

  /// Appends the positions of the term in the current document (see `positions()`).
  func appendPositions(to out: inout [UInt32]) throws(IndexError) {
    out.append(contentsOf: try positions())
  }
}
