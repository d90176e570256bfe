/// The CRC-32 of two byte strings joined, from their own CRC-32s and the second one's length.
///
/// A CRC is linear over GF(2): the CRC of A‖B is the CRC of A carried through |B| zero bytes
/// (multiplying it by x^(8·|B|) modulo the polynomial) xor the CRC of B. So a writer that has
/// checksummed each section of an image on its own thread gets the whole image's checksum in
/// O(log n) steps, instead of a second pass over every byte on one thread.
extension CRC32 {
  /// The CRC-32 of A‖B, where `first` is A's CRC-32, `second` B's, and `secondLength` |B|.
  package static func combine(_ first: UInt32, _ second: UInt32, secondLength: Int) -> UInt32 {
    precondition(secondLength >= 0, "CRC32.combine: negative length")
    return multiply(power(ofXTimes8: secondLength), first) ^ second
  }

  /// x^(8·n) modulo the polynomial, in the reflected bit order of the checksum (x^0 is the
  /// top bit), by square-and-multiply.
  private static func power(ofXTimes8 n: Int) -> UInt32 {
    var result: UInt32 = 1 << 31  // x^0
    var square: UInt32 = 1 << 23  // x^8
    var e = n
    while e > 0 {
      if e & 1 != 0 { result = multiply(result, square) }
      square = multiply(square, square)
      e >>= 1
    }
    return result
  }

  /// a·b modulo the polynomial, both in reflected bit order.
  private static func multiply(_ a: UInt32, _ b: UInt32) -> UInt32 {
    var product: UInt32 = 0
    var shifted = b  // b·x^i for the bit i of a being looked at
    var bit: UInt32 = 1 << 31
    while bit != 0 {
      if a & bit != 0 { product ^= shifted }
      shifted = shifted & 1 != 0 ? (shifted >> 1) ^ 0xEDB8_8320 : shifted >> 1
      bit >>= 1
    }
    return product
  }
}
