/// The 8-byte key of a term: its first 8 bytes, zero-padded, read as a big-endian integer, so
/// that comparing two keys orders their terms as their bytes do (up to the 8th byte).
///
/// The build sorts by it, the term index stores it (FORMAT.md, version 3) and lookups compare
/// against it; this is its one definition.
enum TermKey {
  /// The key of the `count` bytes at `bytes`.
  @inline(__always)
  static func of(_ bytes: UnsafePointer<UInt8>, count: Int) -> UInt64 {
    var key: UInt64 = 0
    for i in 0..<8 { key = key << 8 | UInt64(i < count ? bytes[i] : 0) }
    return key
  }

  /// The key of `term`.
  @inline(__always)
  static func of(_ term: UnsafeRawBufferPointer) -> UInt64 {
    guard let base = term.baseAddress, term.count > 0 else { return 0 }
    return of(base.assumingMemoryBound(to: UInt8.self), count: term.count)
  }

  /// The key of `term`.
  @inline(__always)
  static func of(_ term: UnsafeBufferPointer<UInt8>) -> UInt64 {
    guard let base = term.baseAddress, term.count > 0 else { return 0 }
    return of(base, count: term.count)
  }
}
