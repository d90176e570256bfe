/// The encoding of a `.txt`/`.md` file: detected (UTF-8, UTF-16 with a byte-order mark,
/// GB18030) or forced.
///
/// Why GB18030 is detected: outside UTF-8 it is how most Chinese text files are written (GBK
/// and GB2312 are its subsets), and a file that is not valid UTF-8 but is valid GB18030 is
/// almost surely GB18030. Big5 is not detected: nearly every Big5 file is also valid GB18030
/// (its byte ranges lie inside GB18030's two-byte range), so bytes cannot tell them apart;
/// `.big5` is only used when asked for.
public enum TextEncoding: String, CaseIterable, Sendable {
  case utf8 = "utf-8"
  case utf16 = "utf-16"
  case gb18030 = "gb18030"
  case gbk = "gbk"
  case big5 = "big5"

  /// The name used in messages ("read as GB18030").
  public var displayName: String {
    switch self {
    case .utf8: "UTF-8"
    case .utf16: "UTF-16"
    case .gb18030: "GB18030"
    case .gbk: "GBK"
    case .big5: "Big5"
    }
  }

  /// The C library's name for it (iconv).
  var iconvName: String {
    switch self {
    case .utf8: "UTF-8"
    case .utf16: "UTF-16LE"
    case .gb18030: "GB18030"
    case .gbk: "GBK"
    case .big5: "BIG5"
    }
  }

  /// The encoding named `name` as the command line spells it (case-insensitive; "utf8" too).
  public init?(name: String) {
    let lower = name.lowercased()
    let aliases: [String: TextEncoding] = ["utf8": .utf8, "utf16": .utf16]
    guard let encoding = TextEncoding(rawValue: lower) ?? aliases[lower] else { return nil }
    self = encoding
  }
}

/// The text of a file's bytes, or why there is none: the decision rules of `TextEncoding`.
package enum TextDecoder {
  package enum Outcome: Equatable {
    case text(String, TextEncoding)
    /// A NUL byte in a file that is not UTF-16: a binary file.
    case binary(offset: Int)
    /// Not valid in the encoding forced (or, detecting, in UTF-8 nor GB18030).
    case invalid(TextEncoding?, offset: Int)
  }

  /// Decodes `bytes` as `forced`, or detects: a byte-order mark decides (UTF-8, UTF-16 LE or
  /// BE); then valid UTF-8 is UTF-8; then valid GB18030 is GB18030; else the UTF-8 offset.
  package static func decode(_ bytes: [UInt8], forced: TextEncoding?) -> Outcome {
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]),
      forced == nil || forced == .utf16
    {
      return decodeUTF16(bytes)
    }
    if forced == .utf16 { return decodeUTF16(bytes) }
    if let nul = bytes.firstIndex(of: 0) { return .binary(offset: nul) }
    switch forced {
    case nil:
      if let text = decodeUTF8(bytes) { return .text(text, .utf8) }
      if case .text(let text, _) = decodeWithC(bytes, .gb18030) { return .text(text, .gb18030) }
      return .invalid(nil, offset: firstInvalidUTF8(bytes) ?? 0)
    case .utf8:
      if let text = decodeUTF8(bytes) { return .text(text, .utf8) }
      return .invalid(.utf8, offset: firstInvalidUTF8(bytes) ?? 0)
    case .some(let encoding):
      return decodeWithC(bytes, encoding)
    }
  }

  /// The text of `bytes` if they are valid UTF-8 (a leading byte-order mark is dropped).
  static func decodeUTF8(_ bytes: [UInt8]) -> String? {
    var slice = bytes[...]
    if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
    return String(validating: slice, as: UTF8.self)
  }

  /// Through iconv (GB18030, GBK, Big5).
  private static func decodeWithC(_ bytes: [UInt8], _ encoding: TextEncoding) -> Outcome {
    let result = bytes.withUnsafeBytes { SystemCalls.convertToUTF8($0, from: encoding.iconvName) }
    switch result {
    case .converted(let utf8):
      guard let text = String(validating: utf8, as: UTF8.self) else {
        return .invalid(encoding, offset: 0)
      }
      return .text(text, encoding)
    case .invalid(let offset): return .invalid(encoding, offset: offset)
    case .unavailable: return .invalid(encoding, offset: 0)
    }
  }

  /// UTF-16: the byte-order mark decides the byte order, little-endian without one; an
  /// unpaired surrogate or an odd byte at the end is invalid.
  private static func decodeUTF16(_ bytes: [UInt8]) -> Outcome {
    let bigEndian = bytes.starts(with: [0xFE, 0xFF])
    let start = bytes.starts(with: [0xFF, 0xFE]) || bigEndian ? 2 : 0
    guard (bytes.count - start) % 2 == 0 else {
      return .invalid(.utf16, offset: bytes.count - 1)
    }
    var units: [UInt16] = []
    units.reserveCapacity((bytes.count - start) / 2)
    var i = start
    while i < bytes.count {
      let a = UInt16(bytes[i])
      let b = UInt16(bytes[i + 1])
      units.append(bigEndian ? a << 8 | b : b << 8 | a)
      i += 2
    }
    var iterator = units.makeIterator()
    var decoder = UTF16()
    var scalars = String.UnicodeScalarView()
    var offset = start
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar):
        scalars.append(scalar)
        offset += UTF16.width(scalar) * 2
      case .emptyInput: return .text(String(scalars), .utf16)
      case .error: return .invalid(.utf16, offset: offset)
      }
    }
  }

  /// The offset of the first byte that is not part of a valid UTF-8 sequence.
  static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    var decoder = UTF8()
    var iterator = bytes.makeIterator()
    var offset = 0
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar): offset += UTF8.width(scalar)
      case .emptyInput: return nil
      case .error: return offset
      }
    }
  }
}
