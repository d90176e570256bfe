/// The segments built by worker threads, each written into its own slot, to be taken in order
/// once every thread is done.
final class SegmentResultSlots: @unchecked Sendable {
  private var results: [Result<SegmentResult, IndexError>?]
  private let lock = Lock()

  init(count: Int) { results = Array(repeating: nil, count: count) }

  func set(_ i: Int, _ r: Result<SegmentResult, IndexError>) {
    lock.withLock { results[i] = r }
  }

  func get(_ i: Int) throws(IndexError) -> SegmentResult {
    try results[i]!.get()
  }
}
