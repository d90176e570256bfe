import Foundation
import TestSupport
import Testing

@testable import Index

/// Runs `tool arguments` with `input` on its standard input; its standard output.
func runTool(_ tool: String, _ arguments: [String], input: [UInt8]) throws -> [UInt8] {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
    "gzip-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: dir) }
  let inPath = dir.appendingPathComponent("in")
  let outPath = dir.appendingPathComponent("out")
  try Data(input).write(to: inPath)
  _ = FileManager.default.createFile(atPath: outPath.path, contents: nil)
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = [tool] + arguments
  process.standardInput = try FileHandle(forReadingFrom: inPath)
  process.standardOutput = try FileHandle(forWritingTo: outPath)
  try process.run()
  process.waitUntilExit()
  #expect(process.terminationStatus == 0, "\(tool) \(arguments) failed")
  return [UInt8](try Data(contentsOf: outPath))
}

/// Decodes `gzip` whole, handing the reader at most `step` bytes per read.
func gunzip(_ gzip: [UInt8], step: Int = 1 << 20) throws -> [UInt8] {
  var at = 0
  let reader = GzipReader { buffer in
    let n = min(step, buffer.count, gzip.count - at)
    for i in 0..<n { buffer[i] = gzip[at + i] }
    at += n
    return n
  }
  var result: [UInt8] = []
  while let chunk = try reader.next() { result.append(contentsOf: chunk) }
  return result
}

/// The error decoding `gzip` throws, as its message.
func gunzipError(_ gzip: [UInt8]) -> String? {
  do {
    _ = try gunzip(gzip)
    return nil
  } catch {
    return "\(error)"
  }
}

/// Test data: Chinese JSON lines (compressible), and random bytes (stored blocks).
func sampleText(_ lines: Int, seed: UInt64) -> [UInt8] {
  var rng = SeededGenerator(seed: seed)
  let words = ["教育", "质量", "学前", "普惠", "iPhone15", "2024年", "发展", "改革", "\n"]
  var text: [UInt8] = []
  for i in 0..<lines {
    text += Array("{\"id\":\"\(i)\",\"text\":\"".utf8)
    for _ in 0..<Int.random(in: 1..<40, using: &rng) {
      text += Array(words[Int.random(in: 0..<8, using: &rng)].utf8)
    }
    text += Array("\"}\n".utf8)
  }
  return text
}

func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
  var rng = SeededGenerator(seed: seed)
  return (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
}

@Suite struct GzipReaderTests {
  /// gzip -9 and -1 (dynamic and fixed blocks), random data (stored blocks), an empty
  /// stream, and a source that hands over one byte at a time.
  @Test func decodesWhatGzipWrites() throws {
    let text = sampleText(3_000, seed: 1)
    let random = randomBytes(200_000, seed: 2)
    for (data, level) in [
      (text, "-9"), (text, "-1"), (random, "-6"), ([], "-9"), (Array("a".utf8), "-9"),
    ] {
      let gzip = try runTool("gzip", ["-c", "-n", level], input: data)
      #expect(try gunzip(gzip) == data, "gzip \(level) of \(data.count) bytes")
    }
    let small = try runTool("gzip", ["-c"], input: Array(text.prefix(5_000)))
    #expect(try gunzip(small, step: 1) == Array(text.prefix(5_000)))
    #expect(try gunzip(small, step: 7) == Array(text.prefix(5_000)))
  }

  /// Long matches across the buffer's slide, and data a hundred times the output buffer.
  @Test func decodesLongRepetitiveStreams() throws {
    var data: [UInt8] = []
    let line = sampleText(50, seed: 3)
    while data.count < 4 << 20 { data += line }
    data += randomBytes(70_000, seed: 4) + Array(repeating: 0x41, count: 300_000)
    let gzip = try runTool("gzip", ["-c", "-9"], input: data)
    #expect(try gunzip(gzip) == data)
  }

  /// Several members are one stream, as `gzip -dc` reads them; a file name, comment, extra
  /// field and header CRC are read and checked.
  @Test func membersAndHeaderFields() throws {
    let a = Array("第一部分\n".utf8)
    let b = sampleText(100, seed: 5)
    let gzipA = try runTool("gzip", ["-c"], input: a)
    let gzipB = try runTool("gzip", ["-c", "-1"], input: b)
    #expect(try gunzip(gzipA + gzipB) == a + b)
    // FEXTRA, FNAME, FCOMMENT and FHCRC around gzipA's deflate data.
    var header: [UInt8] = [0x1F, 0x8B, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, 3, 3, 0, 1, 2, 3]
    header += Array("name.txt".utf8) + [0] + Array("a comment".utf8) + [0]
    let crc = CRC32.checksum(header)
    let full = header + [UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF)] + gzipA[10...]
    #expect(try gunzip(full) == a)
    var badHeaderCRC = full
    badHeaderCRC[header.count] ^= 1
    #expect(
      gunzipError(badHeaderCRC)
        == "corrupt gzip data at byte \(header.count): header checksum mismatch")
  }

  /// A member written by hand: two stored blocks (one empty) then a fixed-code block, as RFC
  /// 1951 §3.2.4 lays them out; and a stored block whose length does not match its complement.
  @Test func storedBlocksByHand() throws {
    let data = Array("stored bytes, 存储".utf8)
    var member: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]
    let n = UInt16(data.count)
    member += [0x00, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8(~n >> 8)] + data
    member += [0x00, 0x00, 0x00, 0xFF, 0xFF]  // an empty stored block
    member += [0x03, 0x00]  // a final fixed-code block holding only its end code
    let crc = CRC32.checksum(data)
    for shift in [0, 8, 16, 24] { member.append(UInt8(crc >> UInt32(shift) & 0xFF)) }
    member += [UInt8(data.count), 0, 0, 0]
    #expect(try gunzip(member) == data)
    #expect(try gunzip(member, step: 1) == data)
    var bad = member
    bad[13] ^= 1
    #expect(
      gunzipError(bad)
        == "corrupt gzip data at byte 11: stored block length does not match its complement")
  }

  /// Truncated, corrupt, empty or foreign input throws, with the offset, and never traps.
  @Test func damagedInputThrowsExactErrors() throws {
    let data = sampleText(500, seed: 6)
    let gzip = try runTool("gzip", ["-c", "-n"], input: data)
    let n = gzip.count
    #expect(gunzipError([]) == "empty input: not gzip data")
    #expect(gunzipError(Array("hello".utf8)) == "not gzip data (no gzip header at byte 0)")
    #expect(
      gunzipError(Array(gzip.prefix(n - 4)))
        == "truncated gzip data (the input ends at byte \(n - 4))")
    #expect(
      gunzipError(Array(gzip.prefix(n / 2)))
        == "truncated gzip data (the input ends at byte \(n / 2))")
    #expect(gunzipError(Array(gzip.prefix(5))) == "truncated gzip data (the input ends at byte 5)")
    var badCRC = gzip
    badCRC[n - 8] ^= 0xFF
    #expect(
      gunzipError(badCRC)?.hasPrefix(
        "corrupt gzip data at byte \(n - 8): CRC-32 mismatch in member 1 (stored 0x") == true)
    var badLength = gzip
    badLength[n - 4] ^= 1
    let length = UInt32(data.count)
    #expect(
      gunzipError(badLength)
        == "corrupt gzip data at byte \(n - 4): length mismatch in member 1 (stored \(length ^ 1), decoded \(length))"
    )
    #expect(gunzipError(gzip + [0x00]) == "not gzip data (no gzip header at byte \(n))")
    #expect(gunzipError(gzip + Array("junk".utf8)) == "not gzip data (no gzip header at byte \(n))")
    var method = gzip
    method[2] = 7
    #expect(gunzipError(method) == "corrupt gzip data at byte 2: compression method is not DEFLATE")
  }

  /// Random bytes after a valid header, as deflate data: each stream throws or ends, and
  /// none traps (the decoder checks every code, length and distance).
  @Test func randomDeflateDataNeverTraps() throws {
    var rng = SeededGenerator(seed: 8)
    var thrown = 0
    for round in 0..<2_000 {
      let header: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]
      var body = randomBytes(Int.random(in: 1..<300, using: &rng), seed: UInt64(round) + 100)
      body[0] = body[0] & 0xF9 | 4  // a dynamic block, so that the code-length checks are hit
      if gunzipError(header + body) != nil { thrown += 1 }
    }
    #expect(thrown == 2_000)
  }

  /// Every single-byte change and every truncation of a small stream throws or decodes to
  /// some bytes, never traps; a change in the deflate data is always caught (by the
  /// decoder or the CRC).
  @Test func everyFlipAndCutIsCaught() throws {
    let data = sampleText(40, seed: 7)
    let gzip = try runTool("gzip", ["-c", "-n", "-9"], input: data)
    var caught = 0
    for i in 10..<gzip.count {
      var damaged = gzip
      damaged[i] ^= 0x55
      if gunzipError(damaged) != nil { caught += 1 }
      #expect(gunzipError(Array(gzip.prefix(i))) != nil)
    }
    #expect(caught == gzip.count - 10)
  }
}
