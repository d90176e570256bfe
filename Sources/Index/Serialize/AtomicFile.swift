/// Replaces a file atomically: a crash at any moment leaves the old file or the new one.
///
/// The bytes go to a temporary file in the same folder (rename is only atomic within one file
/// system), which is fsynced before it is renamed over the target; the folder is fsynced after
/// the rename so that the new name itself survives a power loss. Every libc call goes through
/// `SystemCalls`.
enum AtomicFile {
  static func write(_ bytes: [UInt8], to path: String) throws(IndexError) {
    let directory = parentDirectory(of: path)
    removeStaleTemporaries(of: path, in: directory)
    let temporary = "\(path).tmp-\(SystemCalls.processID)"
    let fd = SystemCalls.createFile(temporary)
    guard fd >= 0 else {
      throw .io(path: temporary, operation: "create", code: SystemCalls.lastError)
    }
    var failure = writeAll(bytes, to: fd, path: temporary)
    if failure == nil && SystemCalls.synchronize(fd) != 0 {
      failure = .io(path: temporary, operation: "fsync", code: SystemCalls.lastError)
    }
    SystemCalls.closeDescriptor(fd)
    if let failure {
      SystemCalls.removeFile(temporary)
      throw failure
    }
    guard SystemCalls.renameFile(temporary, to: path) == 0 else {
      let code = SystemCalls.lastError
      SystemCalls.removeFile(temporary)
      throw .io(path: path, operation: "rename", code: code)
    }
    let dfd = SystemCalls.openForReading(directory)
    if dfd >= 0 {
      _ = SystemCalls.synchronize(dfd)
      SystemCalls.closeDescriptor(dfd)
    }
  }

  /// The temporary file a writer of `path` writes to before renaming it over `path`.
  static func temporaryPath(for path: String) -> String { "\(path).tmp-\(SystemCalls.processID)" }

  /// Renames the finished (fsynced) `temporary` over `path` and fsyncs the folder, so that the
  /// new name survives a power loss; the temporary file is removed if the rename fails.
  static func replace(_ path: String, with temporary: String) throws(IndexError) {
    guard SystemCalls.renameFile(temporary, to: path) == 0 else {
      let code = SystemCalls.lastError
      SystemCalls.removeFile(temporary)
      throw .io(path: path, operation: "rename", code: code)
    }
    let dfd = SystemCalls.openForReading(parentDirectory(of: path))
    if dfd >= 0 {
      _ = SystemCalls.synchronize(dfd)
      SystemCalls.closeDescriptor(dfd)
    }
  }

  /// Writes every byte to `fd` (retrying interrupted writes, in chunks of 16 MiB, or 64 KiB
  /// with the testing pause); the error, or nil once all are written.
  private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) -> IndexError? {
    let pause = testingWritePause
    return bytes.withUnsafeBytes { raw -> IndexError? in
      var written = 0
      while written < raw.count {
        if pause > 0 { SystemCalls.sleep(microseconds: pause) }
        let chunk = pause > 0 ? 1 << 16 : 1 << 24
        let n = SystemCalls.writeBytes(
          fd, raw.baseAddress! + written, count: min(raw.count - written, chunk))
        if n < 0 {
          if SystemCalls.lastError == SystemCalls.interrupted { continue }
          return .io(path: path, operation: "write", code: SystemCalls.lastError)
        }
        written += n
      }
      return nil
    }
  }

  /// For the crash-safety test only: `SEARCH_TESTING_WRITE_PAUSE_US` makes the writer pause
  /// before every 64 KiB, so that a test can kill it while the temporary file is half written.
  static let testingWritePause: UInt32 = {
    guard let value = SystemCalls.environmentInteger("SEARCH_TESTING_WRITE_PAUSE_US") else {
      return 0
    }
    return UInt32(value)
  }()

  /// Removes `PATH.tmp-PID` files (and a merge's `PATH.tmp-PID-…` spill files) left by
  /// writers that were killed (their process is gone).
  static func removeStaleTemporaries(of path: String, in directory: String) {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    let prefix = name + ".tmp-"
    guard let entries = SystemCalls.directoryEntries(directory) else { return }
    for entryName in entries {
      // `NAME.tmp-PID`, or `NAME.tmp-PID-…` (a merge's spill files).
      guard entryName.hasPrefix(prefix),
        let pid = Int32(entryName.dropFirst(prefix.count).prefix(while: { $0 != "-" }))
      else {
        continue
      }
      if pid != SystemCalls.processID && SystemCalls.processIsGone(pid) {
        SystemCalls.removeFile(directory + "/" + entryName)
      }
    }
  }

  static func parentDirectory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let parent = String(path[..<slash])
    return parent.isEmpty ? "/" : parent
  }
}
