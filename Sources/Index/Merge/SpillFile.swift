/// A temporary file that holds one section of the merged image while the sections before it
/// are written, then is copied into place and removed.
///
/// The merge produces postings, positions and dictionary together, term by term, but the file
/// wants all postings before any positions and all positions before the dictionary. Keeping
/// positions and dictionary in memory would grow with the index; spilling them costs one more
/// sequential write and read of those bytes (through the page cache), far less than decoding
/// every posting twice.
struct SpillFile: ~Copyable {
  let path: String
  private let descriptor: Int32
  private var buffer = OutputBuffer(capacity: 1 << 20 + 64)
  /// The bytes written so far (on disk and buffered).
  private(set) var count = 0

  /// Creates the file in `directory`, named `STEM-NAME` (a writer's temporary-file name, so
  /// that the next writer removes it if this process is killed), or after the process and
  /// `name` without a stem.
  init(directory: String, name: String, stem: String? = nil) throws(IndexError) {
    path =
      stem.map { "\(directory)/\($0)-\(name)" }
      ?? "\(directory)/.merge-\(SystemCalls.processID)-\(UInt32.random(in: 0...UInt32.max))-\(name)"
    descriptor = SystemCalls.createScratchFile(path)
    guard descriptor >= 0 else {
      throw .io(path: path, operation: "create", code: SystemCalls.lastError)
    }
  }

  deinit {
    SystemCalls.closeDescriptor(descriptor)
    SystemCalls.removeFile(path)
  }

  mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) throws(IndexError) {
    buffer.append(bytes)
    count += bytes.count
    if buffer.count >= 1 << 20 { try flush() }
  }

  private mutating func flush() throws(IndexError) {
    guard buffer.count > 0 else { return }
    var sink = FileDescriptorSink(descriptor: descriptor, path: path)
    try sink.write(UnsafeRawBufferPointer(buffer.bytes))
    buffer.removeAll()
  }

  /// Appends the whole file to `out` (as section bytes), reading it back in 1 MiB pieces.
  mutating func copy<Sink: MergeSink>(into out: inout MergeOutput<Sink>) throws(IndexError) {
    try flush()
    guard SystemCalls.rewind(descriptor) == 0 else {
      throw .io(path: path, operation: "seek", code: SystemCalls.lastError)
    }
    let piece = 1 << 20
    buffer.reserve(piece)
    let raw = UnsafeMutableRawPointer(buffer.base)
    var copied = 0
    while copied < count {
      let n = SystemCalls.readBytes(descriptor, into: raw, count: min(piece, count - copied))
      if n < 0 && SystemCalls.lastError == SystemCalls.interrupted { continue }
      guard n > 0 else {
        throw .io(path: path, operation: "read", code: n < 0 ? SystemCalls.lastError : 0)
      }
      try out.append(UnsafeRawBufferPointer(start: raw, count: n))
      copied += n
    }
  }
}
