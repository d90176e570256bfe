import Dispatch

/// The one writer of a version-7 file's layout (FORMAT.md, "Commits"): its header, the blobs
/// appended after it (segment images, document tables, deletion records), each manifest and
/// the commit slots.
///
/// A commit appends its manifest after its blobs, fsyncs, then writes the slot that does not
/// hold the commit being replaced, and fsyncs again: a crash before the slot write leaves the
/// previous commit in use (the appended bytes are an uncommitted tail, cut off by the next
/// writer); a torn slot write fails the slot's CRC, with the same effect.
///
/// A flushed segment's image may be written in the background (`appendInBackground`): its
/// place is reserved at once, and every later step that needs the bytes on disk (a commit, a
/// sync, reading the file back, closing it) first waits for the write and throws its error.
final class IndexFileWriter {
  /// The file written: the index itself (appending) or a temporary file (a new index).
  let path: String
  private let descriptor: Int32
  /// Where the next blob starts.
  private(set) var end: Int
  /// The commit in place, and the slot (0 or 1) holding it; nil before the first commit.
  private(set) var committed: (slot: CommitSlot, index: Int)?
  /// The version in the file's header: a version-7 file becomes version 8 with its first
  /// commit here (its version-6 images stay, beside the version-8 images appended).
  private var headerVersion: Int
  /// The image being written in the background, if any (at most one at a time).
  private var background: BackgroundWrite?

  private init(
    path: String, descriptor: Int32, end: Int, committed: (CommitSlot, Int)?,
    headerVersion: Int = IndexFormat.version
  ) {
    self.path = path
    self.descriptor = descriptor
    self.end = end
    self.committed = committed.map { (slot: $0.0, index: $0.1) }
    self.headerVersion = headerVersion
  }

  deinit {
    background?.finish()
    SystemCalls.closeDescriptor(descriptor)
  }

  /// A new file at `path` (replaced if present) holding the header and two empty slots.
  static func create(_ path: String) throws(IndexError) -> IndexFileWriter {
    let descriptor = SystemCalls.createFile(path)
    guard descriptor >= 0 else {
      throw .io(path: path, operation: "create", code: SystemCalls.lastError)
    }
    let writer = IndexFileWriter(path: path, descriptor: descriptor, end: 0, committed: nil)
    _ = try writer.append(header)
    return writer
  }

  /// The header of a new file: the common 16 bytes (version 7) and two empty slots.
  private static var header: [UInt8] {
    var out = OutputBuffer(capacity: CommitSlot.headerSize)
    out.write(IndexFormat.magic)
    out.write(UInt16(IndexFormat.version))
    out.write(UInt16(0))
    out.write(UInt64(0))
    return Array(out.bytes) + [UInt8](repeating: 0, count: 2 * CommitSlot.size)
  }

  /// The bytes of a whole file of one commit (generation 1) listing one segment: what an
  /// in-memory build returns, laid out as a file written by `create`, `append` and `commit`.
  static func memoryFile(_ built: SegmentImage) -> [UInt8] {
    var bytes = header
    func extent(_ part: [UInt8]) -> Manifest.Extent {
      let result = part.withUnsafeBytes {
        Manifest.Extent(offset: bytes.count, length: part.count, checksum: CRC32.checksum($0))
      }
      bytes += part
      return result
    }
    let image = extent(built.image)
    let table = extent(built.table)
    let segment = Manifest.Segment(
      image: image, table: table, documentCount: built.documentCount,
      liveCount: built.documentCount, liveTokens: built.totalTokens, deletions: [])
    let manifest = extent(Manifest(generation: 1, segments: [segment]).encoded())
    let slot = CommitSlot(
      generation: 1, manifestOffset: UInt64(manifest.offset),
      manifestLength: UInt64(manifest.length), manifestCRC: manifest.checksum)
    bytes.replaceSubrange(
      CommitSlot.firstSlotOffset..<CommitSlot.firstSlotOffset + CommitSlot.size,
      with: slot.encoded)
    return bytes
  }

  /// The version-7 file at `path`, whose current commit is `commit` (read under the
  /// writer's lock), to append to: the bytes after the commit are cut off first.
  static func append(_ path: String, after commit: IndexReader.CommitState)
    throws(IndexError) -> IndexFileWriter
  {
    let descriptor = SystemCalls.openForUpdate(path, create: false)
    guard descriptor >= 0 else {
      throw .io(path: path, operation: "open", code: SystemCalls.lastError)
    }
    let end = commit.slot.end
    guard SystemCalls.truncateFile(descriptor, to: end) == 0 else {
      let code = SystemCalls.lastError
      SystemCalls.closeDescriptor(descriptor)
      throw .io(path: path, operation: "truncate", code: code)
    }
    // Which slot holds the commit: the one whose bytes decode to it.
    let (index, version) = try slotIndex(of: commit.slot, descriptor: descriptor, path: path)
    return IndexFileWriter(
      path: path, descriptor: descriptor, end: end, committed: (commit.slot, index),
      headerVersion: version)
  }

  /// Appends `bytes` at the end; returns where they lie and their CRC-32.
  func append(_ bytes: UnsafeRawBufferPointer) throws(IndexError) -> Manifest.Extent {
    let start = end
    try write(bytes, at: start)
    end += bytes.count
    return Manifest.Extent(offset: start, length: bytes.count, checksum: CRC32.checksum(bytes))
  }

  /// Appends `bytes` at the end; returns where they lie and their CRC-32.
  func append(_ bytes: [UInt8]) throws(IndexError) -> Manifest.Extent {
    let result: Result<Manifest.Extent, IndexError> = bytes.withUnsafeBytes { raw in
      do throws(IndexError) { return .success(try append(raw)) } catch { return .failure(error) }
    }
    return try result.get()
  }

  /// Appends `image` at the end on another thread, after any earlier background write has
  /// finished (so that at most one image waits in memory); returns where it will lie. The
  /// write's error is thrown by the next call that waits for it (`finishWrites`).
  func appendInBackground(_ image: PreparedImage) throws(IndexError) -> Manifest.Extent {
    try finishWrites()
    let start = end
    end += image.count
    background = BackgroundWrite(
      image, at: start, descriptor: descriptor, path: path)
    return Manifest.Extent(offset: start, length: image.count, checksum: image.checksum)
  }

  /// Appends `image` at the end now; returns where it lies.
  func append(_ image: PreparedImage) throws(IndexError) -> Manifest.Extent {
    let start = end
    try Self.write(image, at: start, descriptor: descriptor, path: path)
    end += image.count
    return Manifest.Extent(offset: start, length: image.count, checksum: image.checksum)
  }

  /// Waits for the background write, if one is running, and throws its error.
  func finishWrites() throws(IndexError) {
    guard let running = background else { return }
    background = nil
    try running.wait()
  }

  /// A sink that appends what it is given at the end of the file, for a blob written in
  /// pieces (a merged segment image); `extent(of:)` says where it lies once written.
  func appendingSink() -> AppendSink { AppendSink(writer: self, start: end) }

  /// Where the bytes `sink` appended lie, and their CRC-32.
  func extent(of sink: AppendSink) -> Manifest.Extent {
    Manifest.Extent(offset: sink.start, length: end - sink.start, checksum: sink.crc.value)
  }

  /// Appends `bytes` at the end without an extent (a piece of a blob).
  fileprivate func appendPiece(_ bytes: UnsafeRawBufferPointer) throws(IndexError) {
    try write(bytes, at: end)
    end += bytes.count
  }

  /// Makes `segments` the index's content: appends their manifest, fsyncs, writes the free
  /// slot, fsyncs. Returns the new generation.
  @discardableResult
  func commit(_ segments: [Manifest.Segment]) throws(IndexError) -> UInt64 {
    try finishWrites()
    let generation = (committed?.slot.generation ?? 0) + 1
    let manifest = Manifest(generation: generation, segments: segments).encoded()
    let extent = try append(manifest)
    if headerVersion != IndexFormat.version {
      // Durable with the commit; before it, the file is a valid version 8 of the old commit.
      let version = UInt16(IndexFormat.version).littleEndian
      try withUnsafeBytes(of: version) { (raw) throws(IndexError) in try write(raw, at: 4) }
      headerVersion = IndexFormat.version
    }
    try synchronize()
    let slot = CommitSlot(
      generation: generation, manifestOffset: UInt64(extent.offset),
      manifestLength: UInt64(extent.length), manifestCRC: extent.checksum)
    let index = committed.map { 1 - $0.index } ?? 0
    let encoded = slot.encoded
    let result: Result<Void, IndexError> = encoded.withUnsafeBytes { raw in
      do throws(IndexError) {
        return .success(try write(raw, at: CommitSlot.firstSlotOffset + index * CommitSlot.size))
      } catch {
        return .failure(error)
      }
    }
    try result.get()
    try synchronize()
    committed = (slot, index)
    return generation
  }

  /// `fsync`.
  func synchronize() throws(IndexError) {
    try finishWrites()
    guard SystemCalls.synchronize(descriptor) == 0 else {
      throw .io(path: path, operation: "fsync", code: SystemCalls.lastError)
    }
  }

  /// Writes every byte at `offset` (retrying interrupted and short writes; with the testing
  /// pause, 64 KiB at a time with a pause before each, so that a test can kill a writer in
  /// the middle of an append).
  private func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(IndexError) {
    try Self.write(bytes, at: offset, descriptor: descriptor, path: path)
  }

  /// Writes `image`'s pieces one after the other from `start`, on any thread, and starts
  /// their writeback to the disk (so that the commit's fsync has little left to wait for).
  fileprivate static func write(
    _ image: PreparedImage, at start: Int, descriptor: Int32, path: String
  ) throws(IndexError) {
    var at = start
    for piece in image.pieces {
      try write(piece, at: at, descriptor: descriptor, path: path)
      at += piece.count
    }
    SystemCalls.startWriteback(descriptor, offset: start, length: at - start)
  }

  /// `write(_:at:)` on any thread: it needs only the descriptor.
  fileprivate static func write(
    _ bytes: UnsafeRawBufferPointer, at offset: Int, descriptor: Int32, path: String
  ) throws(IndexError) {
    let pause = AtomicFile.testingWritePause
    var written = 0
    while written < bytes.count {
      if pause > 0 { SystemCalls.sleep(microseconds: pause) }
      let chunk = pause > 0 ? 1 << 16 : 1 << 24
      let n = SystemCalls.writeBytes(
        descriptor, bytes.baseAddress! + written, count: min(bytes.count - written, chunk),
        at: offset + written)
      if n < 0 {
        if SystemCalls.lastError == SystemCalls.interrupted { continue }
        throw .io(path: path, operation: "write", code: SystemCalls.lastError)
      }
      written += n
    }
  }

  /// The slot (0 or 1) of the file that holds `slot`, and the version in the file's header.
  private static func slotIndex(of slot: CommitSlot, descriptor: Int32, path: String)
    throws(IndexError) -> (Int, Int)
  {
    let encoded = slot.encoded
    var header = [UInt8](repeating: 0, count: CommitSlot.headerSize)
    let n = header.withUnsafeMutableBytes { SystemCalls.readBytes(descriptor, $0, at: 0) }
    guard n == CommitSlot.headerSize else {
      throw .io(path: path, operation: "read", code: SystemCalls.lastError)
    }
    let second = CommitSlot.firstSlotOffset + CommitSlot.size
    let version = Int(header[4]) | Int(header[5]) << 8
    return (Array(header[second..<second + CommitSlot.size]) == encoded ? 1 : 0, version)
  }
}

/// The sink of `IndexFileWriter.appendingSink()`: each piece appended at the file's end, and
/// its running CRC-32.
struct AppendSink: MergeSink {
  let writer: IndexFileWriter
  let start: Int
  fileprivate(set) var crc = CRC32()

  mutating func write(_ bytes: UnsafeRawBufferPointer) throws(IndexError) {
    try writer.appendPiece(bytes)
    crc.update(bytes)
  }
}

/// One image written on a global queue's thread; `wait` returns when it is written (or failed)
/// and throws the failure. It holds the image, and so its memory, until then.
private final class BackgroundWrite: @unchecked Sendable {
  private let done = DispatchGroup()
  private var failure: IndexError?

  init(_ image: PreparedImage, at start: Int, descriptor: Int32, path: String) {
    done.enter()
    DispatchQueue.global().async { [self] in
      do throws(IndexError) {
        try IndexFileWriter.write(image, at: start, descriptor: descriptor, path: path)
      } catch {
        failure = error
      }
      done.leave()
    }
  }

  /// Waits for the write; throws its error. (The group's wait orders the write of `failure`
  /// before its read.)
  func wait() throws(IndexError) {
    done.wait()
    if let failure { throw failure }
  }

  /// Waits, ignoring any error (closing a writer that is being abandoned).
  func finish() {
    done.wait()
  }
}
