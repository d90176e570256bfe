/// Hands out work-item numbers to a pool of threads, each number once, in order.
///
/// Threads take the next item when they finish one, so that a large item (the serializer's
/// stored documents) does not hold up the rest and no thread is left with the last long part
/// of a round of inverting; which thread did an item does not change any byte. A split fixed
/// in advance (one equal part a thread) left one core idle for about a tenth of a two-thread
/// build of crud-news: the parts take unequal time (tokens per byte vary, and on a shared
/// host so does a core's speed), and every thread waits for the slowest.
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
