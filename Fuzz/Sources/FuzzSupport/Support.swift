import Foundation
import Index

/// Helpers shared by the fuzz targets: resealing checksums, the seed documents, reporting.
public enum FuzzSupport {
  /// The queries both index targets run, in every mode.
  static let queries = [
    "教育", "党", "教育质量", "\"学前教育 普惠\" -职业", "高考 OR 中考 改革", "2020年", "hello",
  ]
  static let modes: [MatchMode] = [.ranked, .all, .any]

  /// Runs the queries in every mode, with a small k or a large one (`salt` picks which).
  @inline(never)
  public static func search(_ reader: IndexReader, _ salt: Int) {
    let searcher = Searcher(reader: reader)
    for (i, query) in queries.enumerated() {
      for mode in modes {
        let limit = (i + salt) % 3 == 0 ? 1_000 : 3
        _ = try? searcher.search(query, options: SearchOptions(limit: limit, mode: mode))
      }
    }
  }

  public static let headerSize = 16
  public static let sectionCount = 7
  /// 7 × (offset u64, length u64, crc u32), docCount u32, termCount u64, totalTokens u64,
  /// footerCRC u32, version u16, flags u16, magic u32 (as IndexFormat.footerSize computes it).
  public static let footerSize = sectionCount * 20 + 4 + 8 + 8 + 4 + 2 + 2 + 4

  /// Recomputes the checksum of every section whose footer entry lies inside the file (when
  /// `sections`), then the footer checksum (header + footer up to the CRC field), in place, so
  /// that a mutated file gets past the checksums and reaches the decoders.
  public static func reseal(_ bytes: inout [UInt8], sections: Bool) {
    bytes.withUnsafeMutableBytes { raw in resealImage(raw, sections: sections) }
  }

  /// `reseal` on one version 1–6 image: a whole old-version file, or a segment of a version-7
  /// file (its offsets are relative to its start).
  public static func resealImage(_ raw: UnsafeMutableRawBufferPointer, sections: Bool) {
    let size = raw.count
    guard size >= headerSize + footerSize else { return }
    let footerStart = size - footerSize
    if sections {
      resealRecords(raw, footerStart: footerStart)
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

  /// Version 7 (FORMAT.md, "Version 7"): the 16-byte header, then two 32-byte commit slots.
  public static let commitSlotOffsets = [16, 48]
  public static let commitHeaderSize = 80

  /// What `resealCommits` recomputes.
  public enum CommitReseal {
    /// Every image's own checksums (records, sections, footer), every extent's CRC in the
    /// manifests, each manifest's CRC in its slot and each slot's CRC.
    case everything
    /// The extents, manifests and slots; the images' inner checksums stay as they are.
    case manifests
    /// The slots' own CRCs only (a manifest that changed fails its CRC in the slot).
    case slots
  }

  /// Recomputes the checksums of a version-7 file in place, so that a mutated file reaches
  /// the manifest, document-table and deletion-record decoders. Parses the slots and the
  /// manifests they point at leniently: whatever lies outside the file, or does not parse,
  /// is left alone (the reader must then reject it).
  public static func resealCommits(_ bytes: inout [UInt8], _ what: CommitReseal) {
    bytes.withUnsafeMutableBytes { raw in
      guard raw.count >= commitHeaderSize else { return }
      for slot in commitSlotOffsets {
        // An empty slot (all zero) stays empty.
        guard raw[slot..<slot + 32].contains(where: { $0 != 0 }) else { continue }
        if what != .slots { resealManifest(raw, slot: slot, images: what == .everything) }
        let crc = CRC32.checksum(UnsafeRawBufferPointer(rebasing: raw[slot..<slot + 28]))
        raw.storeBytes(of: crc.littleEndian, toByteOffset: slot + 28, as: UInt32.self)
      }
    }
  }

  /// The manifest the slot at `slot` points at: each extent's CRC (after resealing the
  /// image first when `images`), then the manifest's CRC in the slot.
  static func resealManifest(_ raw: UnsafeMutableRawBufferPointer, slot: Int, images: Bool) {
    func u64(_ at: Int) -> UInt64 {
      raw.loadUnaligned(fromByteOffset: at, as: UInt64.self).littleEndian
    }
    func u32(_ at: Int) -> UInt32 {
      raw.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian
    }
    let size = UInt64(raw.count)
    let offset = u64(slot + 8)
    let length = u64(slot + 16)
    guard offset >= UInt64(commitHeaderSize), offset <= size, length <= size - offset else {
      return
    }
    let start = Int(offset)
    let end = start + Int(length)
    /// The extent whose 20 bytes start at `at`: its CRC recomputed if it lies in the file.
    func extent(_ at: Int, image: Bool) {
      let offset = u64(at)
      let length = u64(at + 8)
      guard offset <= size, length <= size - offset else { return }
      let range = Int(offset)..<Int(offset) + Int(length)
      if image && images {
        resealImage(UnsafeMutableRawBufferPointer(rebasing: raw[range]), sections: true)
      }
      let crc = CRC32.checksum(UnsafeRawBufferPointer(rebasing: raw[range]))
      raw.storeBytes(of: crc.littleEndian, toByteOffset: at + 16, as: UInt32.self)
    }
    // magic u32, generation u64, segmentCount u32, then 60 bytes and 20 per record a segment.
    if end - start >= 16 {
      let count = Int(u32(start + 12))
      var at = start + 16
      var s = 0
      while s < count, s < 4_096, end - at >= 60 {
        let records = Int(u32(at + 56))
        extent(at, image: true)
        extent(at + 20, image: false)
        at += 60
        var r = 0
        while r < records, end - at >= 20 {
          extent(at, image: false)
          at += 20
          r += 1
        }
        s += 1
      }
    }
    let crc = CRC32.checksum(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
    raw.storeBytes(of: crc.littleEndian, toByteOffset: slot + 24, as: UInt32.self)
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
