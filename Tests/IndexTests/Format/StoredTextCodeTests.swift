import Foundation
import TestSupport
import Testing

@testable import Index

/// The stored text code (version 8): its construction, its bit stream against an obvious
/// oracle (codes as strings of "0" and "1"), and damaged bytes.
@Suite struct StoredTextCodeTests {
  static func code(for texts: [String]) -> StoredTextCode {
    var counts = ScalarCounts()
    var bytes: UInt64 = 0
    for text in texts {
      counts.count(text)
      bytes += UInt64(text.utf8.count)
    }
    return StoredTextCode.build(counts, textBytes: bytes)
  }

  /// The coded bytes of `title` and `text`, by the encoder.
  static func encode(_ title: String, _ text: String, _ code: StoredTextCode) -> [UInt8] {
    var out = OutputBuffer(capacity: 64)
    let encoder = StoredTextEncoder(code)
    var title = title
    var text = text
    title.withUTF8 { t in text.withUTF8 { x in encoder.encode(t, x, into: &out) } }
    return Array(out.bytes)
  }

  /// The oracle: each scalar's code written out as "0"/"1", concatenated, padded with "0" to a
  /// multiple of 8, read as bytes most significant bit first.
  static func oracleEncode(_ text: String, _ code: StoredTextCode) -> [UInt8] {
    let codes = code.canonicalCodes()
    var table: [UInt32: String] = [:]
    for (i, s) in code.scalars.enumerated() {
      let bits = String(codes[i], radix: 2)
      table[s] = String(repeating: "0", count: Int(code.lengths[i]) - bits.count) + bits
    }
    var bits = text.unicodeScalars.map { table[$0.value]! }.joined()
    bits += String(repeating: "0", count: (8 - bits.count % 8) % 8)
    var out: [UInt8] = []
    var i = bits.startIndex
    while i < bits.endIndex {
      let j = bits.index(i, offsetBy: 8)
      out.append(UInt8(bits[i..<j], radix: 2)!)
      i = j
    }
    return out
  }

  /// A small code, exactly: 教 ×3, 育 ×2, 。 ×1 (FORMAT.md's worked example).
  @Test func aSmallCodeExactly() throws {
    let code = Self.code(for: ["教育教育教。"])
    #expect(code.scalars == [0x3002, 0x6559, 0x80B2])
    #expect(code.lengths == [2, 1, 2])
    // By (length, scalar): 教 0; 。 10; 育 11.
    #expect(code.canonicalCodes() == [0b10, 0b0, 0b11])
    // 教 育 教 育 教 。 = 0 11 0 11 0 10, then 7 zero bits.
    #expect(Self.encode("", "教育教育教。", code) == [0b0110_1101, 0b0000_0000])
    // textBytes 18; 3 symbols: 。 (U+3002) length 2, 教 (gap 13654) 1, 育 (gap 7000) 2.
    let body: [UInt8] = [18, 0, 0, 0, 0, 0, 0, 0, 3, 0x82, 0x60, 2, 0xD6, 0x6A, 1, 0xD8, 0x36, 2]
    #expect(code.encoded == body + crc(of: body))
    #expect(try code.encoded.withUnsafeBytes { try StoredTextCode.decode($0) } == code)
  }

  func crc(of bytes: [UInt8]) -> [UInt8] {
    withUnsafeBytes(of: CRC32.checksum(bytes).littleEndian) { Array($0) }
  }

  /// Random texts: the encoder's bytes are the oracle's, and decode back to the text.
  @Test func randomTextsRoundTripAgainstTheOracle() throws {
    var rng = SeededGenerator(seed: 10)
    let alphabet = Array("教育质量学校发展工作中国人民政府建设，。 abcXYZ123\n𠀀😀é한")
    var texts: [String] = []
    for _ in 0..<300 {
      let n = rng.below(60)
      texts.append(String((0..<n).map { _ in alphabet[rng.below(rng.below(alphabet.count) + 1)] }))
    }
    let code = Self.code(for: texts)
    let decoder = StoredTextDecoder(code)
    for (k, text) in texts.enumerated() {
      let title = k % 3 == 0 ? texts[(k + 1) % texts.count] : ""
      let bytes = Self.encode(title, text, code)
      #expect(bytes == Self.oracleEncode(title + text, code))
      let decoded = try bytes.withUnsafeBytes {
        try decoder.decode($0, titleLength: title.utf8.count, textLength: text.utf8.count)
      }
      #expect(decoded == Array((title + text).utf8))
    }
  }

  /// Fibonacci counts make a Huffman code 40 bits deep; the limit makes it 20 bits, still a
  /// complete prefix code, and texts still round-trip (through the second-level tables).
  @Test func lengthsAreLimited() throws {
    var counts = ScalarCounts()
    var a = 1
    var b = 1
    var text = ""
    for k in 0..<40 {
      let scalar = Character(Unicode.Scalar(0x4E00 + k)!)
      text += String(repeating: String(scalar), count: a)
      (a, b) = (b, a + b)
      if a > 200_000 { break }
    }
    counts.count(text)
    let unlimited = StoredTextCode.huffmanLengthCounts(counts.symbols().map(\.count))
    #expect(unlimited.count - 1 > StoredTextCode.maxCodeLength)
    let code = StoredTextCode.build(counts, textBytes: UInt64(text.utf8.count))
    #expect(code.lengths.max() == UInt8(StoredTextCode.maxCodeLength))
    let kraft = code.lengths.reduce(0) { $0 + (1 << (StoredTextCode.maxCodeLength - Int($1))) }
    #expect(kraft == 1 << StoredTextCode.maxCodeLength)
    let sample =
      String(text.unicodeScalars.reversed().prefix(500).map(Character.init))
      + "一丁丂七丄丅丆万丈三"
    let bytes = Self.encode("", sample, code)
    #expect(bytes == Self.oracleEncode(sample, code))
    let decoded = try bytes.withUnsafeBytes {
      try StoredTextDecoder(code).decode($0, titleLength: 0, textLength: sample.utf8.count)
    }
    #expect(decoded == Array(sample.utf8))
  }

  /// One symbol, and none: the degenerate codes.
  @Test func degenerateCodes() throws {
    let one = Self.code(for: ["aaaa"])
    #expect(one.lengths == [1])
    #expect(Self.encode("", "aaaa", one) == [0])
    let none = Self.code(for: [""])
    #expect(none.scalars.isEmpty)
    #expect(Self.encode("", "", none) == [])
    #expect(try none.encoded.withUnsafeBytes { try StoredTextCode.decode($0) } == none)
  }

  /// Truncated and flipped coded bytes: an error or another valid text, never a trap; too few
  /// bytes, a title boundary inside a scalar and nonzero padding are errors.
  @Test func damagedCodedBytesNeverTrap() throws {
    let texts = ["全面提高教育质量，办好人民满意的教育。", "Hello 𠀀 世界"]
    let code = Self.code(for: texts)
    let decoder = StoredTextDecoder(code)
    let bytes = Self.encode("", texts[0], code)
    let length = texts[0].utf8.count
    for cut in 0..<bytes.count {
      #expect(throws: IndexError.self) {
        try Array(bytes[..<cut]).withUnsafeBytes {
          try decoder.decode($0, titleLength: 0, textLength: length)
        }
      }
    }
    var rng = SeededGenerator(seed: 3)
    for _ in 0..<500 {
      var damaged = bytes
      damaged[rng.below(damaged.count)] ^= UInt8(1 + rng.below(255))
      if let text = try? damaged.withUnsafeBytes({
        try decoder.decode($0, titleLength: 0, textLength: length)
      }) {
        #expect(String(validating: text, as: UTF8.self) != nil)
      }
    }
    #expect(throws: IndexError.self) {
      try bytes.withUnsafeBytes { try decoder.decode($0, titleLength: 1, textLength: length - 1) }
    }
    #expect(throws: IndexError.self) {
      try (bytes + [0]).withUnsafeBytes {
        try decoder.decode($0, titleLength: 0, textLength: length)
      }
    }
    #expect(throws: IndexError.self) {
      try bytes.withUnsafeBytes { try decoder.decode($0, titleLength: 0, textLength: 1 << 40) }
    }
  }

  /// Every damage to the code's bytes is caught by its CRC or its checks.
  @Test func damagedCodeIsRefused() throws {
    let encoded = Self.code(for: ["全面提高教育质量，办好人民满意的教育。"]).encoded
    for cut in 0..<encoded.count {
      #expect(throws: IndexError.self) {
        try Array(encoded[..<cut]).withUnsafeBytes { try StoredTextCode.decode($0) }
      }
    }
    for at in encoded.indices {
      var damaged = encoded
      damaged[at] ^= 0x10
      #expect(throws: IndexError.self) {
        try damaged.withUnsafeBytes { try StoredTextCode.decode($0) }
      }
    }
  }
}
