/// The format's Rice and Elias-gamma codes over a `BitWriter`/`BitReader` stream (FORMAT.md,
/// version 10): the small postings blocks and the positions after a block's packed runs.
///
/// A Rice code of parameter k spends about `log2(mean) + 1.5` bits on a value near its mean,
/// where a varint spends 8 or 16: the parameters are derived from what the reader already
/// knows (the document count, a block's document count, a document's length and term
/// frequency), so no parameter is stored. This type is the one owner of the codes and of the
/// parameter rules.
enum RiceCode {
  /// Quotients from this value up are escaped: 32 zero bits, then the value in 32 bits, so a
  /// value far from its parameter costs 64 bits at most and a reader never scans more than 32
  /// bits of zeros.
  static let escapeQuotient = 32

  /// The number of bits of `value` (0 for 0): floor(log2(value)) + 1.
  @inline(__always)
  static func bitWidth(_ value: UInt64) -> Int { 64 &- value.leadingZeroBitCount }

  /// The parameter of a small block's document gaps: floor(log2(range / count)), 0 when the
  /// quotient is 0, where `range` is how many document numbers the block may use (from its
  /// first possible document to the segment's document count) and `count` its documents.
  @inline(__always)
  static func gapParameter(range: UInt64, count: Int) -> Int {
    max(0, bitWidth(range / UInt64(max(1, count))) &- 1)
  }

  /// The parameter of a document's first position: bits(length) − 2, at least 0 (length: the
  /// document's Lucene tokens).
  @inline(__always)
  static func firstPositionParameter(length: UInt32) -> Int {
    max(0, bitWidth(UInt64(length)) &- 2)
  }

  /// The parameter of a document's later position gaps (each minus one):
  /// bits(length / frequency) − 1, at least 0.
  @inline(__always)
  static func laterPositionParameter(length: UInt32, frequency: UInt32) -> Int {
    max(0, bitWidth(UInt64(length / max(1, frequency))) &- 1)
  }

  /// Writes `value` (below 2^32) with parameter `k` (0...31): quotient q = value >> k as q zero
  /// bits and a one bit, then the low k bits; from `escapeQuotient` up, the escape.
  @inline(__always)
  static func write(
    _ value: UInt32, parameter k: Int, to bits: inout BitWriter,
    into out: inout OutputBuffer
  ) {
    let v = UInt64(value)
    let q = v &>> UInt64(k)
    if q < UInt64(escapeQuotient) {
      bits.write(UInt64(1) &<< q, count: Int(q) &+ 1, into: &out)
      bits.write(v & (UInt64(1) &<< UInt64(k) &- 1), count: k, into: &out)
    } else {
      bits.write(0, count: escapeQuotient, into: &out)
      bits.write(v, count: 32, into: &out)
    }
  }

  /// Reads a value written by `write(_:parameter:to:into:)` (at most 2^63; callers check it
  /// against their own bounds).
  @inline(__always)
  static func read(parameter k: Int, from bits: inout BitReader) throws(IndexError) -> UInt64 {
    let q = try bits.zeroRun()
    if q == escapeQuotient { return try bits.read(32) }
    return UInt64(q) &<< UInt64(k) | (try bits.read(k))
  }

  /// Writes `value` ≥ 1 as an Elias-gamma code: n − 1 zero bits and a one bit, n being the bits
  /// of `value`, then its low n − 1 bits (1 costs one bit, 2 and 3 three).
  @inline(__always)
  static func writeGamma(_ value: UInt32, to bits: inout BitWriter, into out: inout OutputBuffer) {
    assert(value >= 1, "RiceCode: gamma of 0")
    let v = UInt64(value)
    let n = bitWidth(v)
    bits.write(UInt64(1) &<< UInt64(n &- 1), count: n, into: &out)
    bits.write(v & (UInt64(1) &<< UInt64(n &- 1) &- 1), count: n &- 1, into: &out)
  }

  /// Reads an Elias-gamma code (1...2^32 − 1).
  @inline(__always)
  static func readGamma(from bits: inout BitReader) throws(IndexError) -> UInt64 {
    let z = try bits.zeroRun()
    guard z < 32 else {
      throw .corrupt(section: "postings", detail: "frequency code of more than 32 bits")
    }
    return UInt64(1) &<< UInt64(z) | (try bits.read(z))
  }
}
