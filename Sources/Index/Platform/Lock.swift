/// A pthread mutex: the one lock of the Index module, which needs nothing beyond the C library.
///
/// Used where worker threads hand results back (segments, work items, the skip-table cache);
/// never in a loop over entries.
final class Lock: @unchecked Sendable {
  private var mutex = SystemCalls.MutexStorage()

  init() { SystemCalls.initializeMutex(&mutex) }

  deinit { SystemCalls.destroyMutex(&mutex) }

  /// Runs `body` with the mutex held.
  func withLock<R>(_ body: () throws -> R) rethrows -> R {
    SystemCalls.lockMutex(&mutex)
    defer { SystemCalls.unlockMutex(&mutex) }
    return try body()
  }
}
