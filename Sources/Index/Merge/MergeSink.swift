/// Where a merged index image goes: its bytes in file order, in pieces of any size.
///
/// `SegmentMerger` streams the image (it never holds a whole section), so its destination is
/// something that takes bytes in order: a file descriptor at its current position, or memory
/// for tests. A sink's error stops the merge; the caller discards what was written.
package protocol MergeSink {
  /// Takes the next `bytes` of the image.
  mutating func write(_ bytes: UnsafeRawBufferPointer) throws(IndexError)
}

/// Writes to an open file descriptor at its current position (retrying interrupted writes).
package struct FileDescriptorSink: MergeSink {
  /// The descriptor, open for writing; the caller owns it (and fsyncs, renames, closes it).
  package let descriptor: Int32
  /// The file's name, for errors.
  package let path: String

  package init(descriptor: Int32, path: String) {
    self.descriptor = descriptor
    self.path = path
  }

  package mutating func write(_ bytes: UnsafeRawBufferPointer) throws(IndexError) {
    var written = 0
    while written < bytes.count {
      let n = SystemCalls.writeBytes(
        descriptor, bytes.baseAddress! + written, count: bytes.count - written)
      if n < 0 {
        if SystemCalls.lastError == SystemCalls.interrupted { continue }
        throw .io(path: path, operation: "write", code: SystemCalls.lastError)
      }
      written += n
    }
  }
}

/// Collects the image in memory (tests, and small merges).
package struct ByteArraySink: MergeSink {
  /// The bytes written so far.
  package var bytes: [UInt8] = []

  package init() {}

  package mutating func write(_ bytes: UnsafeRawBufferPointer) throws(IndexError) {
    self.bytes.append(contentsOf: bytes)
  }
}
