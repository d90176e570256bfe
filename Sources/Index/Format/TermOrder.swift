/// The order of terms in the dictionary: byte-wise (`memcmp`), a prefix before the longer term.
///
/// The build sorts its terms by it and lookups binary-search by it, so it is a rule of the
/// format (FORMAT.md, `Terms`) with this one definition.
enum TermOrder {
  /// The order of `a` and `b`: negative, zero or positive.
  @inline(__always)
  static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
    let n = min(a.count, b.count)
    if n > 0 {
      let c = SystemCalls.compareBytes(a.baseAddress!, b.baseAddress!, count: n)
      if c != 0 { return Int(c) }
    }
    return a.count - b.count
  }

  /// The order of `a` and `b`: negative, zero or positive.
  @inline(__always)
  static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
    compare(UnsafeRawBufferPointer(a), UnsafeRawBufferPointer(b))
  }
}
