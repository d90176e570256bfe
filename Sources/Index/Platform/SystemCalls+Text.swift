#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// iconv, for the document source's GB18030, GBK and Big5 files (part of the C library).
extension SystemCalls {
  /// What `convertToUTF8` made of its input.
  package enum Conversion: Equatable {
    case converted([UInt8])
    /// The input's first byte that does not convert (or starts an unfinished sequence).
    case invalid(offset: Int)
    /// The C library cannot convert from that encoding.
    case unavailable
  }

  /// `bytes`, in the encoding iconv knows as `encoding` ("GB18030", "BIG5", ...), as UTF-8.
  static func convertToUTF8(_ bytes: UnsafeRawBufferPointer, from encoding: String) -> Conversion {
    let converter = iconv_open("UTF-8", encoding)
    guard let converter, Int(bitPattern: converter) != -1 else { return .unavailable }
    defer { iconv_close(converter) }
    // A character of these encodings takes at most 4 bytes and 4 in UTF-8; 2 bytes become 3.
    var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
    guard let base = bytes.baseAddress else { return .converted([]) }
    var inLeft = bytes.count
    var outLeft = output.count
    let status = output.withUnsafeMutableBytes { out -> Int in
      var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(
        mutating: base.assumingMemoryBound(to: CChar.self))
      var outPointer: UnsafeMutablePointer<CChar>? = out.baseAddress!.assumingMemoryBound(
        to: CChar.self)
      return iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) == -1 ? -1 : 0
    }
    guard status == 0, inLeft == 0 else { return .invalid(offset: bytes.count - inLeft) }
    output.removeLast(outLeft)
    return .converted(output)
  }
}
