/// One writer at a time: an exclusive advisory lock (`flock`) on a file beside the index,
/// `PATH.lock`, held for as long as the writer lives.
///
/// The lock is not on the index itself, because a compaction renames a new file over it:
/// a second writer waiting on the old file's lock would then hold the lock of a file no
/// longer in place. The lock file is empty and stays (removing it would race with a writer
/// opening it). Readers take no lock: they see the last complete commit.
final class IndexLock {
  /// The lock file's path.
  let path: String
  private let descriptor: Int32

  private init(path: String, descriptor: Int32) {
    self.path = path
    self.descriptor = descriptor
  }

  deinit { SystemCalls.closeDescriptor(descriptor) }

  /// Takes the lock of the index at `indexPath`: at once if it is free; else, with `wait`,
  /// calls `waiting` and blocks until the other writer is done; without, throws
  /// `IndexError.locked`.
  static func acquire(for indexPath: String, wait: Bool, waiting: () -> Void) throws(IndexError)
    -> IndexLock
  {
    let path = indexPath + ".lock"
    let descriptor = SystemCalls.openForUpdate(path, create: true)
    guard descriptor >= 0 else {
      throw .io(path: path, operation: "open", code: SystemCalls.lastError)
    }
    if SystemCalls.lockFile(descriptor, wait: false) {
      return IndexLock(path: path, descriptor: descriptor)
    }
    let code = SystemCalls.lastError
    guard code == SystemCalls.wouldBlock else {
      SystemCalls.closeDescriptor(descriptor)
      throw .io(path: path, operation: "lock", code: code)
    }
    guard wait else {
      SystemCalls.closeDescriptor(descriptor)
      throw .locked(path: indexPath)
    }
    waiting()
    guard SystemCalls.lockFile(descriptor, wait: true) else {
      let code = SystemCalls.lastError
      SystemCalls.closeDescriptor(descriptor)
      throw .io(path: path, operation: "lock", code: code)
    }
    return IndexLock(path: path, descriptor: descriptor)
  }
}
