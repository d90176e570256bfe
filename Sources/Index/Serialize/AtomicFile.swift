#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Replaces a file atomically: a crash at any moment leaves the old file or the new one.
///
/// The bytes go to a temporary file in the same folder (rename is only atomic within one file
/// system), which is fsynced before it is renamed over the target; the folder is fsynced after
/// the rename so that the new name itself survives a power loss.
enum AtomicFile {
  static func write(_ bytes: [UInt8], to path: String) throws(IndexError) {
    let directory = parentDirectory(of: path)
    removeStaleTemporaries(of: path, in: directory)
    let temporary = "\(path).tmp-\(getpid())"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw .io(path: temporary, operation: "create", code: errno) }
    var failure: IndexError? = nil
    let pause = testingWritePause
    bytes.withUnsafeBytes { raw in
      var written = 0
      while written < raw.count {
        if pause > 0 { usleep(pause) }
        let chunk = pause > 0 ? 1 << 16 : 1 << 24
        let n = Glibc.write(fd, raw.baseAddress! + written, min(raw.count - written, chunk))
        if n < 0 {
          if errno == EINTR { continue }
          failure = .io(path: temporary, operation: "write", code: errno)
          return
        }
        written += n
      }
    }
    if failure == nil && fsync(fd) != 0 {
      failure = .io(path: temporary, operation: "fsync", code: errno)
    }
    close(fd)
    if let failure {
      unlink(temporary)
      throw failure
    }
    guard rename(temporary, path) == 0 else {
      let code = errno
      unlink(temporary)
      throw .io(path: path, operation: "rename", code: code)
    }
    let dfd = open(directory, O_RDONLY | O_CLOEXEC)
    if dfd >= 0 {
      _ = fsync(dfd)
      close(dfd)
    }
  }

  /// For the crash-safety test only: `SEARCH_TESTING_WRITE_PAUSE_US` makes the writer pause
  /// before every 64 KiB, so that a test can kill it while the temporary file is half written.
  static let testingWritePause: useconds_t = {
    guard let value = getenv("SEARCH_TESTING_WRITE_PAUSE_US") else { return 0 }
    return useconds_t(atoi(value))
  }()

  /// Removes `PATH.tmp-PID` files left by writers that were killed (their process is gone).
  static func removeStaleTemporaries(of path: String, in directory: String) {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    let prefix = name + ".tmp-"
    guard let dir = opendir(directory) else { return }
    defer { closedir(dir) }
    while let entry = readdir(dir) {
      let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      guard entryName.hasPrefix(prefix), let pid = Int32(entryName.dropFirst(prefix.count)) else {
        continue
      }
      if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH {
        unlink(directory + "/" + entryName)
      }
    }
  }

  static func parentDirectory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let parent = String(path[..<slash])
    return parent.isEmpty ? "/" : parent
  }
}
