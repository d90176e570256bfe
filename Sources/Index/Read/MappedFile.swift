#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A read-only memory map of a whole file, unmapped when the last reference goes away.
///
/// Mapping costs the same for any file size; pages are read on first touch, so opening an
/// index touches only its header and footer.
public final class MappedFile: @unchecked Sendable {
  /// The mapped bytes.
  public let bytes: UnsafeRawBufferPointer
  private let owned: [UInt8]?

  /// Maps the file at `path`.
  public init(path: String) throws(IndexError) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw .io(path: path, operation: "open", code: errno) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw .io(path: path, operation: "stat", code: errno) }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      throw .io(path: path, operation: "open (not a regular file)", code: EISDIR)
    }
    let size = Int(info.st_size)
    owned = nil
    if size == 0 {
      bytes = UnsafeRawBufferPointer(start: nil, count: 0)
      return
    }
    guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
      throw .io(path: path, operation: "mmap", code: errno)
    }
    bytes = UnsafeRawBufferPointer(start: base, count: size)
  }

  /// Wraps bytes already in memory (tests, and indexes built without touching the disk).
  public init(copying data: [UInt8]) {
    let buffer = UnsafeMutableRawBufferPointer.allocate(
      byteCount: max(1, data.count), alignment: 16)
    data.withUnsafeBytes { buffer.copyMemory(from: $0) }
    bytes = UnsafeRawBufferPointer(start: buffer.baseAddress, count: data.count)
    owned = []
  }

  deinit {
    if owned != nil {
      bytes.baseAddress.map { UnsafeMutableRawPointer(mutating: $0).deallocate() }
    } else if let base = bytes.baseAddress {
      munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
    }
  }
}
