/// Why a gzip stream could not be decoded: the exact message, with the byte offset in the
/// compressed input where it was found.
package struct GzipError: Error, Equatable, CustomStringConvertible {
  package let description: String
  init(_ description: String) { self.description = description }

  static func truncated(at offset: Int) -> GzipError {
    GzipError("truncated gzip data (the input ends at byte \(offset))")
  }
  static func corrupt(_ detail: String, at offset: Int) -> GzipError {
    GzipError("corrupt gzip data at byte \(offset): \(detail)")
  }
}

/// A streaming gzip decoder (RFC 1952 members of RFC 1951 DEFLATE data), in bounded memory.
///
/// Why in the package: zlib is no dependency here, and a 10 GB `.jsonl.gz` must be read
/// without holding it. Memory is fixed: a 64 KiB input buffer and an output buffer of the 32
/// KiB window plus 224 KiB. Every member is checked (header fields, CRC-32 and ISIZE), several
/// members are read one after the other as `gzip -dc` does, and truncated or corrupt input
/// throws `GzipError`; nothing traps.
///
/// ```swift
/// let gzip = try GzipReader(path: "corpus.jsonl.gz")
/// while let chunk = try gzip.next() { consume(chunk) }  // valid until the next call
/// ```
package final class GzipReader {
  static let window = 32_768
  static let outputCapacity = 256 << 10
  /// Decoding pauses once this much is in the output buffer (a match is at most 258 bytes).
  static let highWater = outputCapacity - 258
  static let inputCapacity = 64 << 10

  private let source: (UnsafeMutableRawBufferPointer) throws -> Int
  private let closeSource: () -> Void

  // Input: bytes [inPos, inEnd) of `input` not yet taken into `bitBuffer`.
  let input = UnsafeMutablePointer<UInt8>.allocate(capacity: GzipReader.inputCapacity)
  var inPos = 0
  var inEnd = 0
  /// Input bytes that came before `input[0]`.
  var inputBase = 0
  var inputEnded = false
  var bitBuffer: UInt64 = 0
  var bitCount = 0

  // Output: bytes [0, pos) of `output`, of which [delivered, pos) are not yet handed out.
  let output = UnsafeMutablePointer<UInt8>.allocate(capacity: GzipReader.outputCapacity)
  var pos = 0
  var delivered = 0
  /// Bytes produced by the current member (how far back a distance may reach).
  var memberOutput = 0

  let literals = HuffmanTable.allocate()
  let distances = HuffmanTable.allocate()
  let lengths = UnsafeMutablePointer<UInt8>.allocate(capacity: 320)

  enum State { case member, block, stored(Int), codes, trailer, done }
  var state = State.member
  var lastBlock = false
  private var members = 0
  private var crc = CRC32()

  /// Reads the gzip stream that `read` returns (bytes into the buffer, 0 at its end).
  package init(read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) {
    source = read
    closeSource = {}
  }

  /// Reads the gzip file at `path`.
  package init(path: String) throws {
    let descriptor = SystemCalls.openForReading(path)
    guard descriptor >= 0 else {
      throw GzipError("cannot open \(path): \(SystemCalls.errorMessage(SystemCalls.lastError))")
    }
    source = { buffer in
      while true {
        let n = SystemCalls.readBytes(descriptor, into: buffer.baseAddress!, count: buffer.count)
        if n < 0 && SystemCalls.lastError == SystemCalls.interrupted { continue }
        if n < 0 {
          throw GzipError("cannot read \(path): \(SystemCalls.errorMessage(SystemCalls.lastError))")
        }
        return n
      }
    }
    closeSource = { SystemCalls.closeDescriptor(descriptor) }
  }

  deinit {
    closeSource()
    input.deallocate()
    output.deallocate()
    literals.deallocate()
    distances.deallocate()
    lengths.deallocate()
  }

  /// The compressed bytes read so far (what progress is measured in).
  package var compressedBytesRead: Int { inputBase + inEnd }

  /// The next decoded bytes, valid until the next call; nil at the end of the last member.
  package func next() throws -> UnsafeRawBufferPointer? {
    if pos >= GzipReader.highWater { slide() }
    while pos == delivered {
      switch state {
      case .member: if try !readMemberHeader() { return nil }
      case .block: try readBlockHeader()
      case .stored(let remaining): try copyStored(remaining)
      case .codes: try decodeCodes()
      case .trailer:
        account()
        try readTrailer()
      case .done: return nil
      }
      if pos >= GzipReader.highWater { break }
    }
    account()
    let chunk = UnsafeRawBufferPointer(start: output + delivered, count: pos - delivered)
    delivered = pos
    return chunk
  }

  /// Feeds the bytes produced since the last call to the member's checksum.
  private func account() {
    guard pos > crcDone else { return }
    crc.update(UnsafeRawBufferPointer(start: output + crcDone, count: pos - crcDone))
    memberLength &+= UInt32(truncatingIfNeeded: pos - crcDone)
    crcDone = pos
  }
  private var crcDone = 0
  private var memberLength: UInt32 = 0

  /// Keeps the last 32 KiB (the window) at the front of the output buffer.
  private func slide() {
    let keep = min(pos, GzipReader.window)
    (output).update(from: output + pos - keep, count: keep)
    pos = keep
    delivered = keep
    crcDone = keep
  }

  /// The offset in the compressed input of the next bit not yet used.
  var offset: Int { inputBase + inPos - bitCount / 8 }

  // MARK: Input

  /// Moves the unread input to the front and reads more; false at the end of the input.
  @discardableResult
  func refill() throws -> Bool {
    if inputEnded { return false }
    let rest = inEnd - inPos
    if inPos > 0 {
      input.update(from: input + inPos, count: rest)
      inputBase += inPos
      inPos = 0
      inEnd = rest
    }
    let room = UnsafeMutableRawBufferPointer(
      start: input + inEnd, count: GzipReader.inputCapacity - inEnd)
    let n = try source(room)
    if n <= 0 {
      inputEnded = true
      return false
    }
    inEnd += n
    return true
  }

  /// Tops `bitBuffer` up to at least 57 bits, or to what the input has left.
  @inline(__always)
  func fillBits() throws {
    if inEnd - inPos < 8 { try refill() }
    if inEnd - inPos >= 8 {
      let word = UnsafeRawPointer(input + inPos).loadUnaligned(as: UInt64.self).littleEndian
      bitBuffer |= word &<< UInt64(bitCount)
      inPos &+= (63 &- bitCount) >> 3
      bitCount |= 56
    } else {
      while bitCount <= 56 && inPos < inEnd {
        bitBuffer |= UInt64(input[inPos]) &<< UInt64(bitCount)
        inPos &+= 1
        bitCount &+= 8
      }
    }
  }

  /// Tops `bitBuffer` up to `n` (at most 56) bits, or to what the input has left.
  @inline(__always)
  func ensure(_ n: Int) throws {
    while bitCount < n {
      if inPos == inEnd && inputEnded { return }
      try fillBits()
    }
  }

  /// The next `n` (at most 32) bits, LSB first.
  func bits(_ n: Int) throws -> Int {
    try ensure(n)
    guard bitCount >= n else { throw GzipError.truncated(at: compressedBytesRead) }
    let value = Int(bitBuffer & ((1 << UInt64(n)) - 1))
    bitBuffer >>= UInt64(n)
    bitCount -= n
    return value
  }

  /// Drops the bits up to the next byte boundary.
  func alignToByte() {
    let drop = bitCount & 7
    bitBuffer >>= UInt64(drop)
    bitCount -= drop
  }

  /// Whether the input has a byte at the next (byte-aligned) position.
  private func atEndOfInput() throws -> Bool {
    if bitCount >= 8 || inPos < inEnd { return false }
    return try !refill()
  }

  // MARK: Members

  /// Reads a member's header (RFC 1952 §2.3); false at a clean end after the last member.
  private func readMemberHeader() throws -> Bool {
    if members > 0, try atEndOfInput() {
      state = .done
      return false
    }
    let start = offset
    if members == 0, try atEndOfInput() { throw GzipError("empty input: not gzip data") }
    var header = CRC32()
    func byte() throws -> Int {
      let b = try bits(8)
      withUnsafeBytes(of: UInt8(b)) { header.update($0) }
      return b
    }
    guard try byte() == 0x1F, try byte() == 0x8B else {
      throw GzipError("not gzip data (no gzip header at byte \(start))")
    }
    guard try byte() == 8 else {
      throw GzipError.corrupt("compression method is not DEFLATE", at: start + 2)
    }
    let flags = try byte()
    guard flags & 0xE0 == 0 else {
      throw GzipError.corrupt("reserved flag bits set", at: start + 3)
    }
    for _ in 0..<6 { _ = try byte() }  // MTIME, XFL, OS
    if flags & 4 != 0 {  // FEXTRA
      let length = try byte() | (try byte()) << 8
      for _ in 0..<length { _ = try byte() }
    }
    if flags & 8 != 0 { while try byte() != 0 {} }  // FNAME
    if flags & 16 != 0 { while try byte() != 0 {} }  // FCOMMENT
    if flags & 2 != 0 {  // FHCRC: the low 16 bits of the header's CRC-32
      let expected = Int(header.value & 0xFFFF)
      let stored = try bits(8) | (try bits(8)) << 8
      guard stored == expected else {
        throw GzipError.corrupt("header checksum mismatch", at: offset - 2)
      }
    }
    members += 1
    memberOutput = 0
    crc = CRC32()
    memberLength = 0
    lastBlock = false
    state = .block
    return true
  }

  /// Checks a member's CRC-32 and ISIZE (RFC 1952 §2.3.1) against what was decoded.
  private func readTrailer() throws {
    alignToByte()
    let at = offset
    let storedCRC = UInt32(try bits(16) | (try bits(16)) << 16)
    let storedLength = UInt32(try bits(16) | (try bits(16)) << 16)
    guard storedCRC == crc.value else {
      throw GzipError.corrupt(
        "CRC-32 mismatch in member \(members) (stored \(hex(storedCRC)), decoded \(hex(crc.value)))",
        at: at)
    }
    guard storedLength == memberLength else {
      throw GzipError.corrupt(
        "length mismatch in member \(members) (stored \(storedLength), decoded \(memberLength))",
        at: at + 4)
    }
    state = .member
  }

  private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
  }
}
