/// The DEFLATE blocks of a member (RFC 1951 §3.2): stored, fixed and dynamic Huffman codes.
extension GzipReader {
  /// Length bases, length extra bits, distance bases, distance extra bits (RFC 1951 §3.2.5).
  static let codeTables: [Int] =
    [
      3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
      131, 163, 195, 227, 258,
    ] + [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    + [
      1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
      2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
    ] + [
      0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
      13,
    ]

  /// The order in which a dynamic block sends its code-length code's lengths.
  static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

  /// Reads a block's 3-bit header and, for a Huffman block, its codes.
  func readBlockHeader() throws {
    if lastBlock {
      state = .trailer
      return
    }
    let header = try bits(3)
    lastBlock = header & 1 != 0
    switch header >> 1 {
    case 0:
      alignToByte()
      let at = offset
      let length = try bits(16)
      let complement = try bits(16)
      guard length == ~complement & 0xFFFF else {
        throw GzipError.corrupt("stored block length does not match its complement", at: at)
      }
      state = .stored(length)
    case 1:
      buildFixedCodes()
      state = .codes
    case 2:
      try readDynamicCodes()
      state = .codes
    default:
      throw GzipError.corrupt("invalid block type 3", at: offset)
    }
  }

  /// The fixed codes of RFC 1951 §3.2.6.
  private func buildFixedCodes() {
    for s in 0..<288 { lengths[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8 }
    _ = literals.build(lengths, count: 288)
    for s in 0..<30 { lengths[s] = 5 }
    _ = distances.build(lengths, count: 30)
  }

  /// A dynamic block's code-length code, then its literal/length and distance codes.
  private func readDynamicCodes() throws {
    let at = offset
    let literalCount = try bits(5) + 257
    let distanceCount = try bits(5) + 1
    let codeLengthCount = try bits(4) + 4
    guard literalCount <= 286, distanceCount <= 30 else {
      throw GzipError.corrupt("too many length or distance codes", at: at)
    }
    for i in 0..<19 { lengths[i] = 0 }
    for i in 0..<codeLengthCount { lengths[GzipReader.codeLengthOrder[i]] = UInt8(try bits(3)) }
    guard literals.build(lengths, count: 19) else {
      throw GzipError.corrupt("invalid code-length code", at: at)
    }
    let total = literalCount + distanceCount
    var i = 0
    while i < total {
      try ensure(22)
      let entry = literals.decode(bitBuffer, available: bitCount)
      guard entry >= 0 else {
        if entry == -2 { throw GzipError.truncated(at: compressedBytesRead) }
        throw GzipError.corrupt("invalid code-length code", at: offset)
      }
      bitBuffer >>= UInt64(entry & 15)
      bitCount -= entry & 15
      let symbol = entry >> 4
      if symbol < 16 {
        lengths[i] = UInt8(symbol)
        i += 1
        continue
      }
      guard symbol != 16 || i > 0 else {
        throw GzipError.corrupt("a repeated code length with none before it", at: offset)
      }
      let value = symbol == 16 ? lengths[i - 1] : 0
      let count =
        symbol == 16 ? 3 + (try bits(2)) : symbol == 17 ? 3 + (try bits(3)) : 11 + (try bits(7))
      guard i + count <= total else {
        throw GzipError.corrupt("code lengths run past their count", at: offset)
      }
      for _ in 0..<count {
        lengths[i] = value
        i += 1
      }
    }
    guard lengths[256] != 0 else { throw GzipError.corrupt("no end-of-block code", at: offset) }
    guard literals.build(lengths, count: literalCount),
      distances.build(lengths + literalCount, count: distanceCount)
    else { throw GzipError.corrupt("invalid literal/length or distance code", at: offset) }
  }

  /// Copies a stored block's bytes until it ends or the output buffer is full.
  func copyStored(_ remaining: Int) throws {
    var rest = remaining
    while rest > 0 && bitCount >= 8 && pos < GzipReader.highWater {
      output[pos] = UInt8(truncatingIfNeeded: bitBuffer)
      bitBuffer >>= 8
      bitCount -= 8
      pos += 1
      rest -= 1
    }
    if bitCount == 0 { bitBuffer = 0 }  // the bytes below are taken from the input directly
    while rest > 0 && pos < GzipReader.highWater {
      if inPos == inEnd, try !refill() { throw GzipError.truncated(at: compressedBytesRead) }
      let n = min(rest, inEnd - inPos, GzipReader.highWater - pos)
      (output + pos).update(from: input + inPos, count: n)
      inPos += n
      pos += n
      rest -= n
    }
    memberOutput += remaining - rest
    state = rest > 0 ? .stored(rest) : .block
  }

  /// Decodes literals and matches until the block ends or the output buffer is full: the
  /// hot loop, on the buffers' pointers.
  func decodeCodes() throws {
    let out = output
    let start = pos
    var at = pos
    defer {
      memberOutput += at - start
      pos = at
    }
    let tables = GzipReader.codeTables
    while at < GzipReader.highWater {
      if bitCount < 48 { try ensure(48) }
      let entry = literals.decode(bitBuffer, available: bitCount)
      guard entry >= 0 else { throw codeError(entry, "invalid literal/length code") }
      bitBuffer >>= UInt64(entry & 15)
      bitCount &-= entry & 15
      let symbol = entry >> 4
      if symbol < 256 {
        out[at] = UInt8(truncatingIfNeeded: symbol)
        at &+= 1
        continue
      }
      if symbol == 256 {
        state = .block
        return
      }
      guard symbol < 286 else { throw GzipError.corrupt("invalid length code", at: offset) }
      var length = tables[symbol - 257]
      let lengthBits = tables[symbol - 257 + 29]
      guard bitCount >= lengthBits else { throw GzipError.truncated(at: compressedBytesRead) }
      length &+= Int(bitBuffer & ((1 &<< UInt64(lengthBits)) &- 1))
      bitBuffer >>= UInt64(lengthBits)
      bitCount &-= lengthBits
      let code = distances.decode(bitBuffer, available: bitCount)
      guard code >= 0 else { throw codeError(code, "invalid distance code") }
      bitBuffer >>= UInt64(code & 15)
      bitCount &-= code & 15
      let symbolD = code >> 4
      guard symbolD < 30 else { throw GzipError.corrupt("invalid distance code", at: offset) }
      let distanceBits = tables[symbolD + 88]
      if bitCount < distanceBits { try ensure(distanceBits) }
      guard bitCount >= distanceBits else { throw GzipError.truncated(at: compressedBytesRead) }
      let distance = tables[symbolD + 58] &+ Int(bitBuffer & ((1 &<< UInt64(distanceBits)) &- 1))
      bitBuffer >>= UInt64(distanceBits)
      bitCount &-= distanceBits
      guard distance <= memberOutput + (at - start) else {
        throw GzipError.corrupt("distance too far back", at: offset)
      }
      copyMatch(out, to: at, distance: distance, length: length)
      at &+= length
    }
  }

  @inline(__always)
  private func copyMatch(_ out: UnsafeMutablePointer<UInt8>, to at: Int, distance: Int, length: Int)
  {
    let from = out + (at - distance)
    let to = out + at
    if distance >= length {
      to.update(from: from, count: length)
    } else {
      for i in 0..<length { to[i] = from[i] }
    }
  }

  /// The error for a failed decode: -2 the input ended inside a code, -1 no such code.
  private func codeError(_ result: Int, _ detail: String) -> GzipError {
    result == -2 ? .truncated(at: compressedBytesRead) : .corrupt(detail, at: offset)
  }
}
