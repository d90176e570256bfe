#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The two C library calls the merger needs beyond `SystemCalls`' (reading a spill file back in
/// pieces, and dropping an input mapping's pages behind the merge); kept here, beside their one
/// user, until they move into `Platform/SystemCalls.swift`.
extension SystemCalls {
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
}
