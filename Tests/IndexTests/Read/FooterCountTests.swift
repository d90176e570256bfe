import Testing

@testable import Index

/// The footer's counts are checked before they become `Int`s: a damaged term count (with the
/// footer resealed, as the fuzz target does) is a corrupt file, not a trap. Found by
/// `FuzzIndexReader` (`Fuzz/crashes/reader-term-count-overflow.bin`).
@Suite struct FooterCountTests {
  /// The file with the footer's term count replaced by `count` and the footer CRC resealed.
  func withTermCount(_ count: UInt64) throws -> [UInt8] {
    let writer = IndexWriter()
    _ = writer.add(Document(id: "a", text: "教育质量"))
    _ = writer.add(Document(id: "b", title: "通知", text: "全面提高教育质量 2020年"))
    var bytes = try writer.buildImage()
    let footerStart = bytes.count - IndexFormat.footerSize
    // 7 section entries of 20 bytes, then docCount u32, then termCount u64.
    let termCountAt = footerStart + 7 * 20 + 4
    bytes.withUnsafeMutableBytes { raw in
      raw.storeBytes(of: count.littleEndian, toByteOffset: termCountAt, as: UInt64.self)
      var crc = CRC32()
      crc.update(UnsafeRawBufferPointer(rebasing: raw[0..<IndexFormat.headerSize]))
      crc.update(UnsafeRawBufferPointer(rebasing: raw[footerStart..<raw.count - 12]))
      raw.storeBytes(of: crc.value.littleEndian, toByteOffset: raw.count - 12, as: UInt32.self)
    }
    return bytes
  }

  @Test(arguments: [UInt64.max, UInt64(Int.max) + 1, UInt64(Int32.max) * 64 + 1])
  func aTermCountBeyondAnyIndexIsCorrupt(count: UInt64) throws {
    #expect(
      throws: IndexError.corrupt(
        section: "footer", detail: "section sizes disagree with the document count")
    ) {
      _ = try SegmentReader(bytes: try withTermCount(count), name: "damaged")
    }
  }

  @Test func aTermCountInRangeOpens() throws {
    let good = try SegmentReader(bytes: try withTermCount(0), name: "zero terms")
    #expect(good.termCount == 0)
    #expect(good.documentCount == 2)
  }
}
