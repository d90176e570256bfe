/// Decodes titles and texts coded with a segment's `StoredTextCode`, one table lookup per
/// scalar for codes of up to `primaryBits` bits and two for longer ones (zlib's two-level
/// tables), each lookup giving the scalar's UTF-8 bytes ready to store.
///
/// The coded bytes come from the file: every way they can be wrong (a code that does not
/// exist, too few bits, a scalar that crosses the title's end, bits left over that are not
/// the zero padding) throws `IndexError.corrupt`; nothing traps.
struct StoredTextDecoder: Sendable {
  /// Bits looked up in the first table.
  static let primaryBits = 12

  /// The first table (`1 << primaryBits` entries), then the second-level tables. An entry is
  /// 0 (no code), a symbol (UTF-8 bytes in bits 0–31, first byte lowest; their count in bits
  /// 32–39; the code length in bits 40–47) or, with bit 63 set, the second-level table of the
  /// codes that start with this prefix (its offset in bits 0–31, its index bits in 32–39).
  private let table: [UInt64]

  init(_ code: StoredTextCode) {
    let p = Self.primaryBits
    let codes = code.canonicalCodes()
    // The longest code under each primary prefix sizes its second-level table.
    var longest = [Int](repeating: 0, count: 1 << p)
    for (i, length) in code.lengths.enumerated() where Int(length) > p {
      let prefix = Int(codes[i] >> UInt32(Int(length) - p))
      longest[prefix] = max(longest[prefix], Int(length))
    }
    var table = [UInt64](repeating: 0, count: 1 << p)
    for prefix in 0..<(1 << p) where longest[prefix] > 0 {
      let bits = longest[prefix] - p
      table[prefix] = 1 << 63 | UInt64(bits) << 32 | UInt64(table.count)
      table += [UInt64](repeating: 0, count: 1 << bits)
    }
    for (i, scalar) in code.scalars.enumerated() {
      let length = Int(code.lengths[i])
      let symbol = Self.symbol(scalar, length: length)
      if length <= p {
        let first = Int(codes[i]) << (p - length)
        for k in first..<(first + 1 << (p - length)) { table[k] = symbol }
      } else {
        let pointer = table[Int(codes[i] >> UInt32(length - p))]
        let bits = Int(pointer >> 32 & 0xFF)
        let low = Int(codes[i]) & (1 << (length - p) - 1)
        let first = Int(pointer & 0xFFFF_FFFF) + low << (bits - (length - p))
        for k in first..<(first + 1 << (bits - (length - p))) { table[k] = symbol }
      }
    }
    self.table = table
  }

  /// A symbol entry: `scalar`'s UTF-8 bytes, their count and the code length.
  private static func symbol(_ scalar: UInt32, length: Int) -> UInt64 {
    var utf8: UInt64 = 0
    var count: UInt64 = 0
    for (k, byte) in String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8.enumerated() {
      utf8 |= UInt64(byte) << (8 * UInt64(k))
      count += 1
    }
    return UInt64(length) << 40 | count << 32 | utf8
  }

  /// The UTF-8 bytes of a title of `titleLength` bytes and a text of `textLength` bytes coded
  /// in `coded` (exactly the record's coded bytes), title first.
  func decode(_ coded: UnsafeRawBufferPointer, titleLength: Int, textLength: Int)
    throws(IndexError) -> [UInt8]
  {
    let total = titleLength + textLength
    // A scalar takes at least one bit: more bytes than bits cannot be right (and the check
    // keeps a damaged length from allocating much).
    guard titleLength >= 0, textLength >= 0, total <= 4 * 8 * coded.count else {
      throw Self.fail("lengths \(titleLength)+\(textLength) exceed the \(coded.count) coded bytes")
    }
    var failure: IndexError? = nil
    let bytes = [UInt8](unsafeUninitializedCapacity: total + 4) { out, count in
      failure = table.withUnsafeBufferPointer { t in
        do throws(IndexError) {
          var state = BitState(coded)
          try Self.run(&state, t, out.baseAddress!, from: 0, to: titleLength)
          try Self.run(&state, t, out.baseAddress!, from: titleLength, to: total)
          try state.finish()
          return nil
        } catch {
          return error
        }
      }
      count = failure == nil ? total : 0
    }
    if let failure { throw failure }
    return bytes
  }

  /// Decodes scalars into `out[from...]` until exactly `end` bytes are there.
  @inline(__always)
  private static func run(
    _ s: inout BitState, _ table: UnsafeBufferPointer<UInt64>, _ out: UnsafeMutablePointer<UInt8>,
    from start: Int, to end: Int
  ) throws(IndexError) {
    var produced = start
    let p = UInt64(primaryBits)
    while produced < end {
      if s.have < 32 { s.refill() }
      var e = table[Int(truncatingIfNeeded: s.bits &>> (64 &- p))]
      if e &>> 63 != 0 {
        let bits = (e &>> 32) & 0xFF
        let index =
          Int(truncatingIfNeeded: e & 0xFFFF_FFFF)
          &+ Int(truncatingIfNeeded: (s.bits &<< p) &>> (64 &- bits))
        e = table[index]
      }
      let length = Int(truncatingIfNeeded: (e &>> 40) & 0xFF)
      guard length != 0, length <= s.have else {
        throw fail(length == 0 ? "a code that does not exist" : "the coded bytes end too early")
      }
      s.bits &<<= UInt64(length)
      s.have &-= length
      // `out` has 4 bytes beyond `end`: the whole 4-byte word is stored, the count advances.
      UnsafeMutableRawPointer(out + produced).storeBytes(
        of: UInt32(truncatingIfNeeded: e).littleEndian, as: UInt32.self)
      produced &+= Int(truncatingIfNeeded: (e &>> 32) & 0xFF)
    }
    guard produced == end else { throw fail("a scalar crosses the end of the title or text") }
  }

  static func fail(_ detail: String) -> IndexError {
    .corrupt(section: "stored documents", detail: detail)
  }

  /// The bit reader: `bits` holds the next `have` bits of the stream at its top.
  private struct BitState {
    let coded: UnsafeRawBufferPointer
    var bits: UInt64 = 0
    var have = 0
    var next = 0

    init(_ coded: UnsafeRawBufferPointer) { self.coded = coded }

    /// Tops `bits` up to at least 57 bits, or to the end of the bytes (the bits below the
    /// ones counted in `have` are either zero or the stream's next bits).
    @inline(__always)
    mutating func refill() {
      if coded.count &- next >= 8 {
        let word = UInt64(bigEndian: coded.loadUnaligned(fromByteOffset: next, as: UInt64.self))
        bits |= word &>> UInt64(have)
        let taken = (64 &- have) &>> 3
        next &+= taken
        have &+= taken &<< 3
      } else {
        while have <= 56 && next < coded.count {
          bits |= UInt64(coded[next]) &<< UInt64(56 &- have)
          next &+= 1
          have &+= 8
        }
      }
    }

    /// What is left must be fewer than 8 bits, all zero (the padding of the last byte).
    func finish() throws(IndexError) {
      let left = have + 8 * (coded.count - next)
      guard left < 8, have == 0 || bits &>> UInt64(64 - have) == 0 else {
        throw StoredTextDecoder.fail("\(left) bits after the text")
      }
    }
  }
}
