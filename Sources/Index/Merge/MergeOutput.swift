/// The merged image on its way to the sink: buffered, cut into sections, each checksummed.
///
/// Small values (a document's length, a record's offset) are gathered in a buffer of
/// `bufferSize` bytes before they reach the sink, and a section's CRC-32 is computed over the
/// buffer when it is flushed (not per value), so the footer can be written at the end without
/// reading anything back.
struct MergeOutput<Sink: MergeSink>: ~Copyable {
  /// The buffer's flush threshold; larger pieces go to the sink directly.
  static var bufferSize: Int { 1 << 20 }

  var sink: Sink
  private var buffer = OutputBuffer(capacity: 1 << 20 + 64)
  /// Where the current section starts in `buffer` (0 once it has been flushed).
  private var sectionStart = 0
  private var crc = CRC32()
  private var sectionSize = 0
  /// The finished sections' sizes and CRC-32s, in file order.
  private(set) var sizes: [Int] = []
  private(set) var crcs: [UInt32] = []
  /// The bytes handed to the sink so far, and buffered.
  private(set) var total = 0

  init(sink: Sink) { self.sink = sink }

  /// Appends bytes that belong to no section (the header, the footer).
  mutating func appendUnsectioned(_ bytes: UnsafeBufferPointer<UInt8>) throws(IndexError) {
    try flush()
    try sink.write(UnsafeRawBufferPointer(bytes))
    total += bytes.count
  }

  /// Appends a little-endian integer to the current section.
  @inline(__always)
  mutating func write<T: FixedWidthInteger>(_ value: T) throws(IndexError) {
    buffer.write(value)
    sectionSize &+= MemoryLayout<T>.size
    total &+= MemoryLayout<T>.size
    if buffer.count >= Self.bufferSize { try flush() }
  }

  /// Appends section bytes: copied into the buffer when small, else written through.
  mutating func append(_ bytes: UnsafeRawBufferPointer) throws(IndexError) {
    sectionSize &+= bytes.count
    total &+= bytes.count
    if bytes.count >= Self.bufferSize / 4 {
      try flush()
      crc.update(bytes)
      try sink.write(bytes)
      return
    }
    buffer.append(bytes)
    if buffer.count >= Self.bufferSize { try flush() }
  }

  /// Ends the current section: records its size and CRC-32; the next bytes start the next.
  mutating func endSection() {
    crc.update(
      UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer.bytes)[sectionStart...]))
    sectionStart = buffer.count
    sizes.append(sectionSize)
    crcs.append(crc.value)
    crc = CRC32()
    sectionSize = 0
  }

  /// Hands the buffered bytes to the sink (checksumming the current section's part).
  mutating func flush() throws(IndexError) {
    guard buffer.count > 0 else { return }
    crc.update(
      UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer.bytes)[sectionStart...]))
    try sink.write(UnsafeRawBufferPointer(buffer.bytes))
    buffer.removeAll()
    sectionStart = 0
  }
}
