/// Hands out work-item numbers to the serializer's threads, each number once, in order.
///
/// Threads take the next item when they finish one, so a large item (the stored documents)
/// does not hold up the rest; which thread did an item does not change any byte.
final class WorkItemCounter: @unchecked Sendable {
  private var next = 0
  private let lock = Lock()

  /// The next item number, or nil once all `count` items are taken.
  func take(below count: Int) -> Int? {
    lock.withLock {
      guard next < count else { return nil }
      next += 1
      return next - 1
    }
  }
}
