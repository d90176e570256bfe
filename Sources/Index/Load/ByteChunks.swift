/// A stream of bytes read in blocks: a file, a gzip stream, standard input.
protocol ByteChunks {
  /// The next block, valid until the next call; nil at the end.
  mutating func next() throws -> UnsafeRawBufferPointer?
  /// The bytes taken from the underlying file so far (compressed bytes, for gzip).
  var bytesConsumed: Int { get }
}

extension GzipReader: ByteChunks {
  var bytesConsumed: Int { compressedBytesRead }
}

/// A file read in blocks of 1 MiB through its descriptor.
final class FileChunks: ByteChunks {
  private let descriptor: Int32
  private let path: String
  private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 8)
  private(set) var bytesConsumed = 0

  /// Opens `path`; nil if it cannot be opened.
  init?(path: String) {
    descriptor = SystemCalls.openForReading(path)
    self.path = path
    guard descriptor >= 0 else {
      buffer.deallocate()
      return nil
    }
  }

  deinit {
    if descriptor >= 0 {
      SystemCalls.closeDescriptor(descriptor)
      buffer.deallocate()
    }
  }

  func next() throws -> UnsafeRawBufferPointer? {
    while true {
      let n = SystemCalls.readBytes(descriptor, into: buffer.baseAddress!, count: buffer.count)
      if n < 0 && SystemCalls.lastError == SystemCalls.interrupted { continue }
      if n < 0 {
        throw SourceError("cannot read: \(SystemCalls.errorMessage(SystemCalls.lastError))")
      }
      if n == 0 { return nil }
      bytesConsumed += n
      return UnsafeRawBufferPointer(start: buffer.baseAddress, count: n)
    }
  }
}

/// Standard input in blocks; a gzip stream (it starts with 1F 8B) is decompressed.
final class StandardInputChunks: ByteChunks {
  private let read: (UnsafeMutableRawBufferPointer) -> Int
  private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
  private var first: Int?
  private var gzip: GzipReader?
  private var raw = 0

  init(_ read: @escaping (UnsafeMutableRawBufferPointer) -> Int) { self.read = read }

  deinit { buffer.deallocate() }

  var bytesConsumed: Int { gzip?.compressedBytesRead ?? raw }

  func next() throws -> UnsafeRawBufferPointer? {
    if let gzip { return try gzip.next() }
    guard first == nil else { return fill() }
    var n = 0
    while n < 2 {
      let got = read(UnsafeMutableRawBufferPointer(rebasing: buffer[n...]))
      if got <= 0 { break }
      n += got
    }
    first = n
    guard n >= 2, buffer[0] == 0x1F, buffer[1] == 0x8B else {
      raw = n
      return n == 0 ? nil : UnsafeRawBufferPointer(start: buffer.baseAddress, count: n)
    }
    var pending = n
    let read = self.read
    let buffer = self.buffer
    let reader = GzipReader { out in
      // The bytes already read first, then the rest of standard input.
      if pending > 0 {
        let count = min(pending, out.count)
        out.copyMemory(
          from: UnsafeRawBufferPointer(rebasing: buffer[(n - pending)..<(n - pending + count)]))
        pending -= count
        return count
      }
      return read(out)
    }
    gzip = reader
    return try reader.next()
  }

  private func fill() -> UnsafeRawBufferPointer? {
    let n = read(buffer)
    guard n > 0 else { return nil }
    raw += n
    return UnsafeRawBufferPointer(start: buffer.baseAddress, count: n)
  }
}
