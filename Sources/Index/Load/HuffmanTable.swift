/// One canonical Huffman code of a DEFLATE block (RFC 1951 §3.2.2), decodable in one lookup
/// for codes of up to `fastBits` bits and by puff's count walk for the longer, rarer ones.
///
/// Why two paths: a full 15-bit table would cost 32,768 writes for every dynamic block; codes
/// longer than 10 bits are the rare symbols, so the walk is cheap in total. The storage is
/// owned by the decoder (`Inflater`), which frees it; this is a view of it.
struct HuffmanTable {
  /// The bits resolved by one lookup.
  static let fastBits = 10
  static let fastMask: UInt64 = (1 << 10) - 1
  /// The largest alphabet (literal/length codes 0...287).
  static let maxSymbols = 288

  /// `symbol << 4 | length` for each `fastBits`-bit pattern (read LSB first); 0 when the
  /// pattern starts a longer code or no code.
  let fast: UnsafeMutablePointer<UInt16>
  /// How many codes have each length 0...15.
  let counts: UnsafeMutablePointer<UInt16>
  /// The symbols ordered by code (length, then symbol).
  let symbols: UnsafeMutablePointer<UInt16>

  /// Fresh storage, to be freed with `deallocate()`.
  static func allocate() -> HuffmanTable {
    HuffmanTable(
      fast: .allocate(capacity: 1 << fastBits), counts: .allocate(capacity: 16),
      symbols: .allocate(capacity: maxSymbols))
  }

  func deallocate() {
    fast.deallocate()
    counts.deallocate()
    symbols.deallocate()
  }

  /// Builds the code of `lengths` (one per symbol, 0 = unused); false when the lengths
  /// over-subscribe the code space. An incomplete code is accepted (RFC 1951 allows one
  /// distance code); a pattern with no code fails when it is decoded.
  func build(_ lengths: UnsafePointer<UInt8>, count n: Int) -> Bool {
    for i in 0..<16 { counts[i] = 0 }
    for s in 0..<n { counts[Int(lengths[s])] &+= 1 }
    counts[0] = 0
    var left = 1
    var offsets = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var nextCode = offsets
    var code = 0
    var offset = 0
    withUnsafeMutableBytes(of: &offsets) { o in
      withUnsafeMutableBytes(of: &nextCode) { c in
        let o = o.bindMemory(to: Int.self)
        let c = c.bindMemory(to: Int.self)
        for length in 1..<16 {
          left = (left << 1) - Int(counts[length])
          o[length] = offset
          offset += Int(counts[length])
          code = (code + Int(counts[length - 1])) << 1
          c[length] = code
        }
      }
    }
    guard left >= 0 else { return false }
    fast.update(repeating: 0, count: 1 << HuffmanTable.fastBits)
    withUnsafeMutableBytes(of: &offsets) { o in
      withUnsafeMutableBytes(of: &nextCode) { c in
        let o = o.bindMemory(to: Int.self)
        let c = c.bindMemory(to: Int.self)
        for s in 0..<n where lengths[s] != 0 {
          let length = Int(lengths[s])
          symbols[o[length]] = UInt16(s)
          o[length] += 1
          let code = c[length]
          c[length] += 1
          guard length <= HuffmanTable.fastBits else { continue }
          fill(reversed(code, length), length: length, symbol: s)
        }
      }
    }
    return true
  }

  /// Every fast entry whose low `length` bits are `pattern`.
  private func fill(_ pattern: Int, length: Int, symbol: Int) {
    let entry = UInt16(symbol << 4 | length)
    var i = pattern
    while i < 1 << HuffmanTable.fastBits {
      fast[i] = entry
      i += 1 << length
    }
  }

  /// `code`'s low `length` bits in reverse order (DEFLATE sends codes MSB first).
  private func reversed(_ code: Int, _ length: Int) -> Int {
    var result = 0
    var c = code
    for _ in 0..<length {
      result = result << 1 | c & 1
      c >>= 1
    }
    return result
  }

  /// The code at the start of `bits` (of which `available` are real) as `symbol << 4 |
  /// length`: -1 for no such code, -2 when the input ends inside the code.
  @inline(__always)
  func decode(_ bits: UInt64, available: Int) -> Int {
    let entry = Int(fast[Int(bits & HuffmanTable.fastMask)])
    if entry != 0 && entry & 15 <= available { return entry }
    return decodeLong(bits, available: available)
  }

  /// puff's walk over the code lengths, one bit at a time.
  private func decodeLong(_ bits: UInt64, available: Int) -> Int {
    var code = 0
    var first = 0
    var index = 0
    var rest = bits
    for length in 1..<16 {
      if length > available { return -2 }
      code |= Int(rest & 1)
      rest >>= 1
      let count = Int(counts[length])
      if code - count < first { return Int(symbols[index + code - first]) << 4 | length }
      index += count
      first = (first + count) << 1
      code <<= 1
    }
    return -1
  }
}
