import TestSupport
import Testing

@testable import Index

/// Version 10's bit-level codes: Rice and gamma codes (small postings blocks, position tails)
/// and patched runs (full postings blocks), against exact bytes and in round trips.
@Suite struct RiceCodeTests {
  /// 0 with parameter 0 is one bit `1`; 5 with parameter 1 is quotient 2 (`0 0 1`) and its low
  /// bit `1`: the stream 1 0 0 1 1, lowest bit first, is the byte 0x19.
  @Test func riceCodesHaveTheirExactBits() throws {
    var out = OutputBuffer()
    var bits = BitWriter()
    RiceCode.write(0, parameter: 0, to: &bits, into: &out)
    RiceCode.write(5, parameter: 1, to: &bits, into: &out)
    bits.finish(into: &out)
    #expect(Array(out.bytes) == [0x19])
    let decoded = try read(Array(out.bytes)) { (bits) throws(IndexError) in
      [
        try RiceCode.read(parameter: 0, from: &bits),
        try RiceCode.read(parameter: 1, from: &bits),
      ]
    }
    #expect(decoded == [0, 5])
  }

  /// A quotient of 32 or more is escaped: 32 zero bits, then the value in 32 bits.
  @Test func farValuesAreEscaped() throws {
    var out = OutputBuffer()
    var bits = BitWriter()
    RiceCode.write(1 << 20, parameter: 0, to: &bits, into: &out)
    bits.finish(into: &out)
    #expect(Array(out.bytes) == [0, 0, 0, 0, 0x00, 0x00, 0x10, 0x00])
    let decoded = try read(Array(out.bytes)) { (bits) throws(IndexError) in
      [try RiceCode.read(parameter: 0, from: &bits)]
    }
    #expect(decoded == [1 << 20])
  }

  /// Gamma codes of 1, 2 and 3 are `1`, `0 1 0` and `0 1 1`: the byte 0x65.
  @Test func gammaCodesHaveTheirExactBits() throws {
    var out = OutputBuffer()
    var bits = BitWriter()
    for v: UInt32 in [1, 2, 3] { RiceCode.writeGamma(v, to: &bits, into: &out) }
    bits.finish(into: &out)
    #expect(Array(out.bytes) == [0x65])
    let decoded = try read(Array(out.bytes)) { (bits) throws(IndexError) in
      [
        try RiceCode.readGamma(from: &bits), try RiceCode.readGamma(from: &bits),
        try RiceCode.readGamma(from: &bits),
      ]
    }
    #expect(decoded == [1, 2, 3])
  }

  /// Random values at random parameters, Rice and gamma codes mixed, read back exactly, and
  /// the reader ends on the stream's last byte.
  @Test func mixedCodesRoundTrip() throws {
    var rng = SeededGenerator(seed: 41)
    for _ in 0..<200 {
      let count = Int.random(in: 1...300, using: &rng)
      var values: [(UInt32, Int, Bool)] = []
      for _ in 0..<count {
        let k = Int.random(in: 0...30, using: &rng)
        let gamma = Bool.random(using: &rng)
        let width = Int.random(in: 0...32, using: &rng)
        var v = UInt32(truncatingIfNeeded: UInt64.random(in: 0..<(1 << UInt64(width)), using: &rng))
        if gamma { v = max(1, v) }
        values.append((v, k, gamma))
      }
      var out = OutputBuffer()
      var bits = BitWriter()
      for (v, k, gamma) in values {
        if gamma {
          RiceCode.writeGamma(v, to: &bits, into: &out)
        } else {
          RiceCode.write(v, parameter: k, to: &bits, into: &out)
        }
      }
      bits.finish(into: &out)
      let bytes = Array(out.bytes)
      var end = 0
      let decoded = try read(bytes, end: &end) { (bits) throws(IndexError) in
        var result: [UInt64] = []
        for (_, k, gamma) in values {
          result.append(
            gamma
              ? try RiceCode.readGamma(from: &bits) : try RiceCode.read(parameter: k, from: &bits))
        }
        return result
      }
      #expect(decoded == values.map { UInt64($0.0) })
      #expect(end == bytes.count)
    }
  }

  /// Streams cut short throw instead of trapping: too few zero bits for the escape, an escaped
  /// value without its 32 bits, a gamma code of more than 32 bits.
  @Test func truncatedStreamsThrow() {
    #expect(throws: IndexError.self) {
      _ = try read([0x00]) { (bits) throws(IndexError) in
        [try RiceCode.read(parameter: 0, from: &bits)]
      }
    }
    #expect(throws: IndexError.self) {
      _ = try read([0, 0, 0, 0, 1]) { (bits) throws(IndexError) in
        [try RiceCode.read(parameter: 0, from: &bits)]
      }
    }
    #expect(throws: IndexError.self) {
      _ = try read([0, 0, 0, 0, 0xFF]) { (bits) throws(IndexError) in
        [try RiceCode.readGamma(from: &bits)]
      }
    }
    #expect(throws: IndexError.self) {
      _ = try read([0x02]) { (bits) throws(IndexError) in
        [try RiceCode.read(parameter: 9, from: &bits)]
      }
    }
  }

  /// 127 ones and one 1000: width 1, one exception (index 5, high bits 500 as a varint).
  @Test func aPatchedRunHasItsExactBytes() throws {
    var values = [UInt32](repeating: 1, count: 128)
    values[5] = 1000
    var out = OutputBuffer()
    values.withUnsafeBufferPointer {
      BitPacking.writePatched($0.baseAddress!, count: 128, into: &out)
    }
    let expected: [UInt8] =
      [0x81, 0x01, 0xDF] + [UInt8](repeating: 0xFF, count: 15) + [0x05, 0xF4, 0x03]
    #expect(Array(out.bytes) == expected)
    let (decoded, atEnd) = try unpatch(Array(out.bytes))
    #expect(atEnd)
    #expect(decoded == values)
  }

  /// Runs with random outliers read back exactly and are never larger than a plain run.
  @Test func patchedRunsRoundTrip() throws {
    var rng = SeededGenerator(seed: 43)
    for _ in 0..<500 {
      let base = Int.random(in: 0...12, using: &rng)
      var values: [UInt32] = (0..<128).map { _ in
        UInt32(truncatingIfNeeded: UInt64.random(in: 0..<(1 << UInt64(base)), using: &rng))
      }
      for _ in 0..<Int.random(in: 0...20, using: &rng) {
        values[Int.random(in: 0..<128, using: &rng)] =
          UInt32.random(in: 0...UInt32.max, using: &rng)
          >> UInt32.random(in: 0...31, using: &rng)
      }
      var patched = OutputBuffer()
      var plain = OutputBuffer()
      values.withUnsafeBufferPointer {
        BitPacking.writePatched($0.baseAddress!, count: 128, into: &patched)
        BitPacking.write($0.baseAddress!, count: 128, into: &plain)
      }
      #expect(patched.count <= plain.count)
      let (decoded, atEnd) = try unpatch(Array(patched.bytes))
      #expect(atEnd)
      #expect(decoded == values)
    }
  }

  /// A control byte with bit 6, exceptions out of order, and high bits past 32 bits throw.
  @Test func badPatchedRunsThrow() {
    let fields = [UInt8](repeating: 0xFF, count: 16)
    let cases: [[UInt8]] = [
      [0x41] + fields,
      [0x81, 0x02] + fields + [0x05, 0x01, 0x05, 0x01],
      [0x81, 0x01] + fields + [0x05, 0x00],
      [0x81, 0x01] + fields + [0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F],
      [0x81, 0x00] + fields,
      [0x81, 0x01] + fields,
    ]
    for bytes in cases {
      #expect(throws: IndexError.self) { _ = try unpatch(bytes) }
    }
  }
}

/// Reads `bytes` with `body` over a bit reader; `end` receives the reader's byte offset.
private func read(
  _ bytes: [UInt8], end: UnsafeMutablePointer<Int>? = nil,
  _ body: (inout BitReader) throws(IndexError) -> [UInt64]
) throws -> [UInt64] {
  var last = 0
  let result: Result<[UInt64], IndexError> = bytes.withUnsafeBytes { raw in
    var bits = BitReader(ByteReader(raw, from: 0, to: raw.count, section: "postings"))
    do throws(IndexError) {
      let values = try body(&bits)
      last = bits.byteOffset
      return .success(values)
    } catch {
      return .failure(error)
    }
  }
  end?.pointee = last
  return try result.get()
}

private func read(
  _ bytes: [UInt8], end: inout Int, _ body: (inout BitReader) throws(IndexError) -> [UInt64]
) throws -> [UInt64] {
  try withUnsafeMutablePointer(to: &end) { try read(bytes, end: $0, body) }
}

/// Reads one patched run of 128 values; whether it used every byte.
private func unpatch(_ bytes: [UInt8]) throws -> ([UInt32], Bool) {
  var decoded = [UInt32](repeating: 9, count: 128)
  let result: Result<Bool, IndexError> = bytes.withUnsafeBytes { raw in
    decoded.withUnsafeMutableBufferPointer { d in
      var reader = ByteReader(raw, from: 0, to: raw.count, section: "postings")
      do throws(IndexError) {
        try BitPacking.readPatched(&reader, count: 128, into: d.baseAddress!)
        return .success(reader.isAtEnd)
      } catch {
        return .failure(error)
      }
    }
  }
  return (decoded, try result.get())
}
