/// A read-only memory map of a whole file, unmapped when the last reference goes away.
///
/// Mapping costs the same for any file size; pages are read on first touch, so opening an
/// index touches only its header and footer.
package final class MappedFile: @unchecked Sendable {
  /// The mapped bytes.
  package let bytes: UnsafeRawBufferPointer
  private let owned: [UInt8]?

  /// Whether the bytes map a file (their pages may be dropped and read again), not memory.
  package var isFileMapping: Bool { owned == nil }

  /// Maps the file at `path`.
  package init(path: String) throws(IndexError) {
    bytes = try SystemCalls.mapReadOnly(path)
    owned = nil
  }

  /// Wraps bytes already in memory (tests, and indexes built without touching the disk).
  package init(copying data: [UInt8]) {
    let buffer = UnsafeMutableRawBufferPointer.allocate(
      byteCount: max(1, data.count), alignment: 16)
    data.withUnsafeBytes { buffer.copyMemory(from: $0) }
    bytes = UnsafeRawBufferPointer(start: buffer.baseAddress, count: data.count)
    owned = []
  }

  deinit {
    if owned != nil {
      bytes.baseAddress.map { UnsafeMutableRawPointer(mutating: $0).deallocate() }
    } else {
      SystemCalls.unmap(bytes)
    }
  }
}
