/// A segment's code for its stored titles and texts (version 8): a length-limited canonical
/// Huffman code over Unicode scalars, the one owner of the `StoredCode` bytes (FORMAT.md,
/// "Stored text code").
///
/// Each record's title and text are coded on their own with the segment's one code, so reading
/// a document decodes that document only (`StoredTextDecoder`), at one table lookup a scalar.
/// Built from the segment's scalar counts (`build`, in `StoredTextCode+Build.swift`), written
/// once at the start of the stored section (`encode`), read back and checked (`decode`).
///
/// ```
/// StoredCode := textBytes u64  symbolCount varint  (scalarGap varint  length u8) × symbolCount
///               codeCRC u32
/// ```
struct StoredTextCode: Equatable, Sendable {
  /// The longest code (bits); the length limit of the construction.
  static let maxCodeLength = 20

  /// The scalars that have a code, by increasing value.
  let scalars: [UInt32]
  /// Each scalar's code length in bits (1…`maxCodeLength`), in the order of `scalars`.
  let lengths: [UInt8]
  /// The UTF-8 bytes of every title and text the code was built for (what `search info`
  /// reports as the stored text's uncompressed size).
  let textBytes: UInt64

  init(scalars: [UInt32], lengths: [UInt8], textBytes: UInt64) {
    precondition(scalars.count == lengths.count)
    self.scalars = scalars
    self.lengths = lengths
    self.textBytes = textBytes
  }

  /// Each scalar's canonical code (in the order of `scalars`, right-aligned in its length):
  /// codes are handed out in order of (length, scalar), each the previous plus one, shifted left
  /// by the growth in length (DEFLATE's construction), starting from 0.
  func canonicalCodes() -> [UInt32] {
    let order = scalars.indices.sorted {
      lengths[$0] != lengths[$1] ? lengths[$0] < lengths[$1] : scalars[$0] < scalars[$1]
    }
    var codes = [UInt32](repeating: 0, count: scalars.count)
    var code: UInt32 = 0
    var length: UInt8 = 0
    for (k, i) in order.enumerated() {
      if k > 0 { code &+= 1 }
      code &<<= UInt32(lengths[i] - length)
      length = lengths[i]
      codes[i] = code
    }
    return codes
  }

  /// Appends the `StoredCode` bytes, its CRC last.
  func encode(into out: inout OutputBuffer) {
    let start = out.count
    out.write(textBytes)
    out.writeVarInt(scalars.count)
    var previous: UInt32? = nil
    for (s, length) in zip(scalars, lengths) {
      out.writeVarInt(previous.map { s - $0 - 1 } ?? s)
      out.append(length)
      previous = s
    }
    let crc = CRC32.checksum(
      UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(out.bytes)[start...]))
    out.write(crc)
  }

  /// The `StoredCode` bytes alone.
  var encoded: [UInt8] {
    var out = OutputBuffer(capacity: 16 + scalars.count * 3)
    encode(into: &out)
    return Array(out.bytes)
  }

  /// Reads and checks the `StoredCode` that is exactly `bytes`: its CRC, scalars increasing
  /// and valid (no surrogates, at most U+10FFFF), lengths in 1…`maxCodeLength`, and a prefix
  /// code (the Kraft sum at most 1; exactly 1 for two symbols or more, as the writer makes).
  static func decode(_ bytes: UnsafeRawBufferPointer) throws(IndexError) -> StoredTextCode {
    let section: StaticString = "stored text code"
    guard bytes.count >= 13 else {
      throw .corrupt(section: "\(section)", detail: "\(bytes.count) bytes, too short")
    }
    let body = UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - 4)])
    let expected = bytes.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self)
    guard CRC32.checksum(body) == UInt32(littleEndian: expected) else {
      throw .corrupt(section: "\(section)", detail: "checksum mismatch")
    }
    var reader = ByteReader(body, from: 0, to: body.count, section: section)
    let textBytes = try reader.readUInt64()
    let count = try reader.readVarInt(max: (body.count - 8) / 2)
    var scalars: [UInt32] = []
    var lengths: [UInt8] = []
    scalars.reserveCapacity(count)
    lengths.reserveCapacity(count)
    var next: UInt64 = 0
    var kraft: UInt64 = 0
    for _ in 0..<count {
      let scalar = next + UInt64(try reader.readVarInt(max: 0x10FFFF))
      let length = try reader.readByte()
      guard scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar), length >= 1,
        Int(length) <= maxCodeLength
      else {
        throw reader.fail("bad symbol \(scalar) of length \(length)")
      }
      kraft += 1 << UInt64(maxCodeLength - Int(length))
      scalars.append(UInt32(scalar))
      lengths.append(length)
      next = scalar + 1
    }
    guard reader.isAtEnd else { throw reader.fail("bytes after the last symbol") }
    guard kraft <= 1 << UInt64(maxCodeLength), count < 2 || kraft == 1 << UInt64(maxCodeLength)
    else {
      throw reader.fail("the code lengths do not make a complete prefix code")
    }
    return StoredTextCode(scalars: scalars, lengths: lengths, textBytes: textBytes)
  }
}
