import Foundation
import Index

/// Helpers shared by the fuzz targets: resealing checksums, the seed documents, reporting.
public enum FuzzSupport {
  public static let headerSize = 16
  public static let sectionCount = 7
  /// 7 × (offset u64, length u64, crc u32), docCount u32, termCount u64, totalTokens u64,
  /// footerCRC u32, version u16, flags u16, magic u32 (as IndexFormat.footerSize computes it).
  public static let footerSize = sectionCount * 20 + 4 + 8 + 8 + 4 + 2 + 2 + 4

  /// Recomputes the checksum of every section whose footer entry lies inside the file (when
  /// `sections`), then the footer checksum (header + footer up to the CRC field), in place, so
  /// that a mutated file gets past the checksums and reaches the decoders.
  public static func reseal(_ bytes: inout [UInt8], sections: Bool) {
    let size = bytes.count
    guard size >= headerSize + footerSize else { return }
    let footerStart = size - footerSize
    bytes.withUnsafeMutableBytes { raw in
      if sections { resealRecords(raw, footerStart: footerStart) }
      if sections {
        for i in 0..<sectionCount {
          let entry = footerStart + i * 20
          let offset = raw.loadUnaligned(fromByteOffset: entry, as: UInt64.self).littleEndian
          let length = raw.loadUnaligned(fromByteOffset: entry + 8, as: UInt64.self).littleEndian
          guard offset <= UInt64(footerStart), length <= UInt64(footerStart) - offset else {
            continue
          }
          let start = Int(offset)
          let crc = CRC32.checksum(
            UnsafeRawBufferPointer(rebasing: raw[start..<start + Int(length)]))
          raw.storeBytes(of: crc.littleEndian, toByteOffset: entry + 16, as: UInt32.self)
        }
      }
      var crc = CRC32()
      crc.update(UnsafeRawBufferPointer(rebasing: raw[0..<headerSize]))
      crc.update(UnsafeRawBufferPointer(rebasing: raw[footerStart..<size - 12]))
      raw.storeBytes(of: crc.value.littleEndian, toByteOffset: size - 12, as: UInt32.self)
    }
  }

  /// Version 6+: recomputes each stored record's trailing recordCRC (the CRC-32 of the
  /// record's other bytes), for the records that the stored offsets place inside the section.
  static func resealRecords(_ raw: UnsafeMutableRawBufferPointer, footerStart: Int) {
    let version = Int(raw.loadUnaligned(fromByteOffset: 4, as: UInt16.self).littleEndian)
    guard version >= 6 else { return }
    func entry(_ i: Int) -> (Int, Int)? {
      let e = footerStart + i * 20
      let offset = raw.loadUnaligned(fromByteOffset: e, as: UInt64.self).littleEndian
      let length = raw.loadUnaligned(fromByteOffset: e + 8, as: UInt64.self).littleEndian
      guard offset <= UInt64(footerStart), length <= UInt64(footerStart) - offset else {
        return nil
      }
      return (Int(offset), Int(length))
    }
    guard let (offsetsStart, offsetsLength) = entry(1), let (stored, storedLength) = entry(2)
    else { return }
    let count = offsetsLength / 8
    guard count >= 2 else { return }
    var previous = raw.loadUnaligned(fromByteOffset: offsetsStart, as: UInt64.self).littleEndian
    for i in 1..<min(count, 100_000) {
      let next = raw.loadUnaligned(fromByteOffset: offsetsStart + i * 8, as: UInt64.self)
        .littleEndian
      defer { previous = next }
      guard previous <= next, next <= UInt64(storedLength), next - previous >= 4 else { continue }
      let start = stored + Int(previous)
      let end = stored + Int(next) - 4
      let crc = CRC32.checksum(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
      raw.storeBytes(of: crc.littleEndian, toByteOffset: end, as: UInt32.self)
    }
  }

  /// The repository root (three folders above this file: Fuzz/Sources/FuzzSupport).
  public static let repositoryRoot: URL = {
    if let root = ProcessInfo.processInfo.environment["FUZZ_REPO"] {
      return URL(fileURLWithPath: root)
    }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
  }()

  /// The seed documents (`seeds/*.txt`), by file name; a few inline ones if the folder is missing.
  public static func seedDocuments() -> [(name: String, text: String)] {
    let folder = repositoryRoot.appendingPathComponent("seeds")
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
      .filter { $0.hasSuffix(".txt") }.sorted()
    var docs: [(String, String)] = []
    for name in names {
      if let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) {
        docs.append((name, text))
      }
    }
    if docs.isEmpty {
      docs = [
        ("a.txt", "全面提高教育质量，2020年全市教育工作的总体思路。"),
        ("b.txt", "学前教育普惠发展，高考改革与中考改革；职业教育。"),
        ("c.txt", "Hello World 37.53kb 次第1名 24日 ｶﾞｷﾞ 한국어 ひらがな カタカナ 😀"),
      ]
    }
    return docs
  }

  /// Queries that exercise every part of the grammar (words, phrases, OR, exclusions, mixed
  /// scripts), also used as the query target's seeds.
  public static let sampleQueries: [String] = [
    "教育", "党", "教育质量", "如何提高教育质量", "\"学前教育 普惠\" -职业", "教育质量 发展",
    "高考 OR 中考 改革", "2020年", "24日", "次第1名", "hello world", "-教育", "\"\"", "OR",
    "教育，质量", "1,000 人", "《教育法》", "ｈｅｌｌｏ", "ｶﾞｷﾞ", "😀", "\"教育 质量\" OR 发展 -考试",
    "a OR b OR c", "黄河科技学院是二本还是三本", "如何有效预防白癜风", "  ", "\u{FFFD}",
  ]

  /// Stops the process the way libFuzzer reports a finding (an abort with a message).
  public static func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("fuzz invariant violated: \(message)\n".utf8))
    abort()
  }
}
