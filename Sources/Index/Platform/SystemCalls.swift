#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The C library calls of the writer, behind one import: the one file of the build and write
/// paths that knows which libc it runs on (Glibc, Musl or Darwin).
///
/// The wrappers are thin (one call each, inlined) so that the hot paths that allocate or compare
/// bytes cost what the libc call costs. File descriptors and error numbers stay as libc has
/// them: `AtomicFile` turns them into `IndexError`s.
enum SystemCalls {
  // MARK: Memory

  /// `malloc`: `count` uninitialised bytes, or nil when out of memory.
  @inline(__always)
  static func allocate(bytes count: Int) -> UnsafeMutableRawPointer? { malloc(count) }

  /// `calloc`: `count` zeroed elements of `size` bytes, or nil when out of memory.
  @inline(__always)
  static func allocateZeroed(_ count: Int, size: Int) -> UnsafeMutableRawPointer? {
    calloc(count, size)
  }

  /// `realloc`: the block at `pointer` (or a new one, for nil) resized to `count` bytes.
  @inline(__always)
  static func reallocate(_ pointer: UnsafeMutableRawPointer?, bytes count: Int)
    -> UnsafeMutableRawPointer?
  {
    realloc(pointer, count)
  }

  /// `free`.
  @inline(__always)
  static func deallocate(_ pointer: UnsafeMutableRawPointer?) { free(pointer) }

  /// `memcmp`: the order of the first `count` bytes at `a` and `b` (negative, zero, positive).
  @inline(__always)
  static func compareBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Int32 {
    memcmp(a, b, count)
  }

  // MARK: Mutexes

  /// The storage of a pthread mutex (see `Lock`).
  typealias MutexStorage = pthread_mutex_t

  static func initializeMutex(_ mutex: UnsafeMutablePointer<MutexStorage>) {
    pthread_mutex_init(mutex, nil)
  }

  static func destroyMutex(_ mutex: UnsafeMutablePointer<MutexStorage>) {
    pthread_mutex_destroy(mutex)
  }

  static func lockMutex(_ mutex: UnsafeMutablePointer<MutexStorage>) {
    pthread_mutex_lock(mutex)
  }

  static func unlockMutex(_ mutex: UnsafeMutablePointer<MutexStorage>) {
    pthread_mutex_unlock(mutex)
  }

  // MARK: Files

  /// The error number of the last failed call (`errno`).
  static var lastError: Int32 { errno }

  /// `EINTR`: a call interrupted by a signal, to be retried.
  static let interrupted = EINTR

  /// Creates or truncates `path` for writing (mode 0644, closed on exec); a descriptor or -1.
  static func createFile(_ path: String) -> Int32 {
    open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
  }

  /// Opens `path` (a folder, to fsync it) read-only, closed on exec; a descriptor or -1.
  static func openForReading(_ path: String) -> Int32 { open(path, O_RDONLY | O_CLOEXEC) }

  /// `write`: the number of bytes written, or -1.
  static func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer, count: Int) -> Int {
    write(descriptor, bytes, count)
  }

  /// `fsync`: 0, or -1.
  static func synchronize(_ descriptor: Int32) -> Int32 { fsync(descriptor) }

  /// `close`.
  static func closeDescriptor(_ descriptor: Int32) { _ = close(descriptor) }

  /// `rename`: 0, or -1.
  static func renameFile(_ from: String, to: String) -> Int32 { rename(from, to) }

  /// `unlink`.
  static func removeFile(_ path: String) { _ = unlink(path) }

  /// The names in the folder at `path` (`.` and `..` included), or nil if it cannot be opened.
  static func directoryEntries(_ path: String) -> [String]? {
    guard let directory = opendir(path) else { return nil }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
      names.append(
        withUnsafeBytes(of: entry.pointee.d_name) { raw in
          String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        })
    }
    return names
  }

  // MARK: Processes

  /// This process's id.
  static var processID: Int32 { getpid() }

  /// Whether no process `pid` exists (`kill(pid, 0)` fails with `ESRCH`).
  static func processIsGone(_ pid: Int32) -> Bool { kill(pid, 0) != 0 && errno == ESRCH }

  /// `usleep`.
  static func sleep(microseconds: UInt32) { _ = usleep(useconds_t(microseconds)) }

  /// The environment variable `name` read as `atoi` reads it (0 for text), or nil when unset.
  static func environmentInteger(_ name: String) -> Int32? {
    guard let value = getenv(name) else { return nil }
    return atoi(value)
  }
}
