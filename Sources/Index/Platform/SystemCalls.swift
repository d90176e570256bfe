#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The C library calls of the package, behind one import: the one file that knows which libc
/// it runs on (Glibc, Musl or Darwin). The command-line tool uses it too (`package` members).
///
/// The wrappers are thin (one call each, inlined) so that the hot paths that allocate or compare
/// bytes cost what the libc call costs. File descriptors and error numbers stay as libc has
/// them (`AtomicFile` turns them into `IndexError`s), except in `mapReadOnly`, which reports
/// the step that failed as `IndexError.io` itself.
package enum SystemCalls {
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

  /// Opens `path` for reading and writing (creating it with mode 0644 if `create`), closed on
  /// exec; a descriptor or -1.
  static func openForUpdate(_ path: String, create: Bool) -> Int32 {
    create ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644) : open(path, O_RDWR | O_CLOEXEC)
  }

  /// `pwrite`: the number of bytes written at `offset`, or -1.
  static func writeBytes(
    _ descriptor: Int32, _ bytes: UnsafeRawPointer, count: Int, at offset: Int
  ) -> Int {
    pwrite(descriptor, bytes, count, off_t(offset))
  }

  /// `pread` into `buffer` from `offset`: the number of bytes read, or -1.
  static func readBytes(
    _ descriptor: Int32, _ buffer: UnsafeMutableRawBufferPointer, at offset: Int
  )
    -> Int
  {
    pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset))
  }

  /// `ftruncate`: 0, or -1.
  static func truncateFile(_ descriptor: Int32, to size: Int) -> Int32 {
    ftruncate(descriptor, off_t(size))
  }

  /// The size of the open file, or -1.
  static func fileSize(_ descriptor: Int32) -> Int {
    var info = stat()
    return fstat(descriptor, &info) == 0 ? Int(info.st_size) : -1
  }

  /// An exclusive advisory lock on the open file (`flock`): true once held; with `wait`
  /// false, false at once when another process holds it.
  static func lockFile(_ descriptor: Int32, wait: Bool) -> Bool {
    while true {
      if flock(descriptor, wait ? LOCK_EX : LOCK_EX | LOCK_NB) == 0 { return true }
      if errno == EINTR { continue }
      return false
    }
  }

  /// `EWOULDBLOCK`: the lock is held elsewhere.
  static let wouldBlock = EWOULDBLOCK

  /// The size, modification time (nanoseconds since 1970) and file number (inode) of the file
  /// at `path`, or nil.
  package static func fileStamp(_ path: String) -> (size: UInt64, modified: Int64, file: UInt64)? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    #if canImport(Darwin)
      let time = info.st_mtimespec
    #else
      let time = info.st_mtim
    #endif
    return (
      UInt64(info.st_size), Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec),
      UInt64(info.st_ino)
    )
  }

  /// What `stat` (or `lstat`) says of a path: for the document source's walk.
  package struct FileStatus: Equatable {
    package enum Kind { case regular, folder, symbolicLink, other }
    package var kind: Kind
    /// The device and file number (inode): what identifies a file or folder across links.
    package var device: UInt64
    package var file: UInt64
    package var size: UInt64
    /// Nanoseconds since 1970.
    package var modified: Int64
  }

  /// The status of `path`, of the link itself unless `followingLinks`; nil if it cannot be read.
  package static func fileStatus(_ path: String, followingLinks: Bool) -> FileStatus? {
    var info = stat()
    guard (followingLinks ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
    #if canImport(Darwin)
      let time = info.st_mtimespec
    #else
      let time = info.st_mtim
    #endif
    let kind: FileStatus.Kind
    switch info.st_mode & S_IFMT {
    case S_IFREG: kind = .regular
    case S_IFDIR: kind = .folder
    case S_IFLNK: kind = .symbolicLink
    default: kind = .other
    }
    return FileStatus(
      kind: kind, device: UInt64(info.st_dev), file: UInt64(info.st_ino),
      size: UInt64(info.st_size),
      modified: Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec))
  }

  /// The current time in nanoseconds since 1970 (the clock file times are read against).
  package static var now: Int64 {
    var time = timespec()
    clock_gettime(CLOCK_REALTIME, &time)
    return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
  }

  /// Whether something exists at `path`.
  static func fileExists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }

  // The merger's calls: reading a spill file back in pieces, and dropping an input
  // mapping's pages behind the merge.

  /// `read`: the number of bytes read (0 at the end), or -1.
  static func readBytes(_ descriptor: Int32, into bytes: UnsafeMutableRawPointer, count: Int)
    -> Int
  {
    read(descriptor, bytes, count)
  }

  /// Opens `path` for reading and writing, creating or truncating it (mode 0600, closed on
  /// exec); a descriptor or -1.
  static func createScratchFile(_ path: String) -> Int32 {
    open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
  }

  /// `lseek` to the start: 0, or -1.
  static func rewind(_ descriptor: Int32) -> Int { Int(lseek(descriptor, 0, SEEK_SET)) }

  /// `madvise(MADV_DONTNEED)` over the pages of `bytes` (widened to whole pages) in a
  /// read-only file mapping: they leave the process (they stay in the page cache and fault back
  /// in when touched). Only for a mapping of a file: anonymous memory would read back as zeros.
  static func releaseMappedPages(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return }
    let page = Int(getpagesize())
    let start = Int(bitPattern: base) / page * page
    let end = Int(bitPattern: base) + bytes.count
    _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_DONTNEED)
  }

  /// Hands memory freed by a flush back to the system (glibc's `malloc_trim`), so that the
  /// next segment's buffers do not stack on top of free memory its arenas keep; nothing
  /// elsewhere.
  static func releaseFreedMemory() {
    #if canImport(Glibc)
      // Looked up at run time: `malloc.h` is not part of the Glibc module.
      typealias Trim = @convention(c) (Int) -> Int32
      if let symbol = mallocTrim { _ = unsafeBitCast(symbol, to: Trim.self)(0) }
    #endif
  }

  #if canImport(Glibc)
    nonisolated(unsafe) private static let mallocTrim = dlsym(
      UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim")
  #endif

  /// Starts writing `length` bytes of the file at `offset` back to the disk without waiting
  /// (Linux's `sync_file_range` with `SYNC_FILE_RANGE_WRITE`); nothing elsewhere. A segment
  /// written this way is mostly on the disk by the commit, whose fsync otherwise did all of
  /// a build's writeback at the end (about 0.3 s of crud-news's build, one core idle).
  static func startWriteback(_ descriptor: Int32, offset: Int, length: Int) {
    #if canImport(Glibc)
      // Looked up at run time: the Glibc module does not declare it (a GNU extension).
      typealias SyncRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
      let write: UInt32 = 2  // SYNC_FILE_RANGE_WRITE
      if let symbol = syncFileRange {
        _ = unsafeBitCast(symbol, to: SyncRange.self)(
          descriptor, Int64(offset), Int64(length), write)
      }
    #endif
  }

  #if canImport(Glibc)
    nonisolated(unsafe) private static let syncFileRange = dlsym(
      UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range")
  #endif

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

  // MARK: Mapping (the reader)

  /// Maps the regular file at `path` whole, read-only; an empty buffer for an empty file.
  /// Failures are `IndexError.io` with the operation that failed and its errno.
  static func mapReadOnly(_ path: String) throws(IndexError) -> UnsafeRawBufferPointer {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw .io(path: path, operation: "open", code: errno) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw .io(path: path, operation: "stat", code: errno) }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      throw .io(path: path, operation: "open (not a regular file)", code: EISDIR)
    }
    let size = Int(info.st_size)
    guard size > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
    guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
      throw .io(path: path, operation: "mmap", code: errno)
    }
    return UnsafeRawBufferPointer(start: base, count: size)
  }

  /// Unmaps what `mapReadOnly` mapped.
  static func unmap(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress else { return }
    munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
  }

  /// `ENOENT`: no such file or folder.
  package static let noSuchFile = ENOENT

  /// `strerror`: the C library's message for error number `code`.
  static func errorMessage(_ code: Int32) -> String { String(cString: strerror(code)) }

  /// `memchr`: the first `byte` in the `count` bytes at `bytes`, or nil.
  @inline(__always)
  static func findByte(_ byte: UInt8, in bytes: UnsafeRawPointer, count: Int) -> UnsafeRawPointer? {
    UnsafeRawPointer(memchr(bytes, Int32(byte), count))
  }

  /// The natural logarithm (the C library's `log`), for BM25's idf.
  @inline(__always)
  static func naturalLogarithm(_ x: Double) -> Double { log(x) }

  // MARK: The command-line tool

  /// `write` to `descriptor` until all of `bytes` is written or a write fails.
  package static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress else { return }
    var done = 0
    while done < bytes.count {
      let n = write(descriptor, base + done, bytes.count - done)
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { break }
      done += n
    }
  }

  /// Everything readable from `descriptor` until its end.
  package static func readAll(_ descriptor: Int32) -> [UInt8] {
    var data: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { break }
      data.append(contentsOf: chunk[0..<n])
    }
    return data
  }

  /// Whether `descriptor` is a terminal (`isatty`).
  package static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

  /// The environment variable `name`, or nil when unset.
  package static func environmentValue(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }

  /// Ends the process with `status` (`exit`).
  package static func exitProcess(_ status: Int32) -> Never { exit(status) }
}
