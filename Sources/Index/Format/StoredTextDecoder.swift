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
  /// 0 (no code), a symbol (the code length in bits 0–5, so that the bit buffer shifts by the
  /// entry itself; the UTF-8 bytes in bits 8–39, first byte lowest; their count in bits
  /// 40–47) or, with bit 63 set, the second-level table of the codes that start with this
  /// prefix (its offset in bits 8–39, its index bits in 40–47).
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
      table[prefix] = 1 << 63 | UInt64(bits) << 40 | UInt64(table.count) << 8
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
        let bits = Int(pointer >> 40 & 0xFF)
        let low = Int(codes[i]) & (1 << (length - p) - 1)
        let first = Int(pointer >> 8 & 0xFFFF_FFFF) + low << (bits - (length - p))
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
    return count << 40 | utf8 << 8 | UInt64(length)
  }

  /// The UTF-8 bytes of a title of `titleLength` bytes and a text of `textLength` bytes coded
  /// in `coded` (exactly the record's coded bytes), title first.
  func decode(_ coded: UnsafeRawBufferPointer, titleLength: Int, textLength: Int)
    throws(IndexError) -> [UInt8]
  {
    try decoded(coded, titleLength: titleLength, textLength: textLength, titleOnly: false)
  }

  /// The UTF-8 bytes of the title alone: a hit listed without a snippet needs no text, and
  /// the text is most of a record's decoding. The rest of the record is not checked (its CRC
  /// was; `decode` and `check` decode it all).
  func decodeTitle(_ coded: UnsafeRawBufferPointer, titleLength: Int, textLength: Int)
    throws(IndexError) -> [UInt8]
  {
    try decoded(coded, titleLength: titleLength, textLength: textLength, titleOnly: true)
  }

  /// The title and text (or with `titleOnly` the title) of a record's coded bytes.
  private func decoded(
    _ coded: UnsafeRawBufferPointer, titleLength: Int, textLength: Int, titleOnly: Bool
  ) throws(IndexError) -> [UInt8] {
    let total = titleLength + textLength
    // A scalar takes at least one bit: more bytes than bits cannot be right (and the check
    // keeps a damaged length from allocating much).
    guard titleLength >= 0, textLength >= 0, total <= 4 * 8 * coded.count else {
      throw Self.fail("lengths \(titleLength)+\(textLength) exceed the \(coded.count) coded bytes")
    }
    let length = titleOnly ? titleLength : total
    var failure: IndexError? = nil
    let bytes = [UInt8](unsafeUninitializedCapacity: length + 4) { out, count in
      failure = table.withUnsafeBufferPointer { t in
        do throws(IndexError) {
          var state = BitState(coded)
          try Self.run(&state, t, out.baseAddress!, from: 0, to: titleLength)
          if !titleOnly {
            try Self.run(&state, t, out.baseAddress!, from: titleLength, to: total)
            try state.finish()
          }
          return nil
        } catch {
          return error
        }
      }
      count = failure == nil ? length : 0
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
    // Fast: while 8 bytes can be loaded and two scalars fit, a refill leaves at least 56 bits
    // and two codes take at most 40, so only a missing code needs checking.
    while end &- produced >= 8 && s.coded.count &- s.next >= 8 {
      s.refillWord()
      for _ in 0..<2 {
        let e = lookup(s.bits, table)
        guard e & 0x3F != 0 else { throw fail("a code that does not exist") }
        // `&<<` takes the shift modulo 64: the entry's low 6 bits, its length.
        s.bits &<<= e
        s.have &-= Int(truncatingIfNeeded: e & 0x3F)
        store(e, at: out + produced)
        produced &+= Int(truncatingIfNeeded: (e &>> 40) & 0xFF)
      }
    }
    while produced < end {
      if s.have < 32 { s.refill() }
      let e = lookup(s.bits, table)
      let length = Int(truncatingIfNeeded: e & 0x3F)
      guard length != 0, length <= s.have else {
        throw fail(length == 0 ? "a code that does not exist" : "the coded bytes end too early")
      }
      s.bits &<<= UInt64(length)
      s.have &-= length
      store(e, at: out + produced)
      produced &+= Int(truncatingIfNeeded: (e &>> 40) & 0xFF)
    }
    guard produced == end else { throw fail("a scalar crosses the end of the title or text") }
  }

  /// The entry of the code at the top of `bits`: the first table's, or the second level's.
  @inline(__always)
  private static func lookup(_ bits: UInt64, _ table: UnsafeBufferPointer<UInt64>) -> UInt64 {
    let p = UInt64(primaryBits)
    let e = table[Int(truncatingIfNeeded: bits &>> (64 &- p))]
    guard e &>> 63 != 0 else { return e }
    let sub = (e &>> 40) & 0xFF
    return table[
      Int(truncatingIfNeeded: (e &>> 8) & 0xFFFF_FFFF)
        &+ Int(truncatingIfNeeded: (bits &<< p) &>> (64 &- sub))]
  }

  /// Stores the entry's UTF-8 bytes at `to`: the whole 4-byte word (the output has 4 bytes of
  /// room past its end), of which the entry's count is kept.
  @inline(__always)
  private static func store(_ e: UInt64, at to: UnsafeMutablePointer<UInt8>) {
    UnsafeMutableRawPointer(to).storeBytes(
      of: UInt32(truncatingIfNeeded: e &>> 8).littleEndian, as: UInt32.self)
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

    /// Tops `bits` up to at least 56 bits, or to the end of the bytes (the bits below the
    /// ones counted in `have` are either zero or the stream's next bits).
    @inline(__always)
    mutating func refill() {
      if coded.count &- next >= 8 {
        refillWord()
      } else {
        while have <= 56 && next < coded.count {
          bits |= UInt64(coded[next]) &<< UInt64(56 &- have)
          next &+= 1
          have &+= 8
        }
      }
    }

    /// Tops `bits` up from the next 8 bytes (which must exist) to 56–63 bits (`have` < 64
    /// before and after).
    @inline(__always)
    mutating func refillWord() {
      assert(coded.count - next >= 8 && have < 64, "a word refill past the end")
      let word = UInt64(bigEndian: coded.loadUnaligned(fromByteOffset: next, as: UInt64.self))
      bits |= word &>> UInt64(have)
      next &+= (63 &- have) &>> 3
      have |= 56
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
