import Foundation
import TestSupport
import Testing

@testable import Index

/// Reads everything an index holds, the way queries and `search info` would.
func readEverything(_ reader: SegmentReader) throws {
  for doc in 0..<reader.documentCount {
    _ = try reader.storedDocument(doc)
    _ = reader.documentLength(doc)
  }
  var positions: [UInt32] = []
  var terms: [[UInt8]] = []
  try reader.forEachTerm { bytes, info throws(IndexError) in
    terms.append(Array(bytes))
    var cursor = try reader.postings(info)
    while cursor.document != PostingsCursor.end {
      try cursor.positions(into: &positions)
      try cursor.next()
    }
    var skipping = try reader.postings(info)
    try skipping.advance(to: 3)
  }
  for term in terms {
    _ = try term.withUnsafeBytes { p in try reader.lookup(p) }
  }
}

@Suite struct CorruptionTests {
  /// Every truncation of the golden file is refused at open (the footer is missing or wrong).
  @Test func everyTruncationThrows() throws {
    let golden = try GoldenCorpus.goldenBytes()
    for length in 0..<golden.count {
      #expect(throws: IndexError.self) {
        try SegmentReader(bytes: Array(golden[0..<length]))
      }
    }
  }

  /// Seeded single-byte flips: reading either works or throws (never traps), and the full
  /// check catches every one of them.
  @Test func byteFlipsNeverTrapAndCheckCatchesAll() throws {
    let golden = try GoldenCorpus.goldenBytes()
    var rng = SeededGenerator(seed: 2026)
    var opened = 0
    for trial in 0..<3000 {
      var bytes = golden
      // Cover every byte once, then random places.
      let at = trial < golden.count ? trial : Int.random(in: 0..<golden.count, using: &rng)
      let mask = UInt8.random(in: 1...255, using: &rng)
      bytes[at] ^= mask
      guard let reader = try? SegmentReader(bytes: bytes) else { continue }
      opened += 1
      _ = try? readEverything(reader)
      #expect(throws: IndexError.self, "flip at \(at) with \(mask) not caught") {
        _ = try reader.check()
      }
    }
    // Flips inside sections open fine (opening does not read them) and must be caught by check.
    #expect(opened > 1000)
  }

  /// Damaged sections decode without trapping even when their checksums are made to match:
  /// the structural checks alone must stop garbage.
  @Test func garbageWithValidChecksumsNeverTraps() throws {
    let golden = try GoldenCorpus.goldenBytes()
    let reader = try SegmentReader(bytes: golden)
    var rng = SeededGenerator(seed: 7)
    var outcomes = DamageOutcomes()
    for trial in 0..<2000 {
      var bytes = golden
      let sectionInfo = reader.sections[trial % reader.sections.count]
      guard sectionInfo.length > 0 else { continue }
      let at = sectionInfo.offset + Int.random(in: 0..<sectionInfo.length, using: &rng)
      bytes[at] = UInt8.random(in: 0...255, using: &rng)
      resealChecksums(&bytes, reader.sections)
      outcomes.record(bytes)
    }
    // Every trial ran to the end (no trap) and every failure was an `IndexError`. The sections'
    // checksums match, so every file opens; reading everything and `check` fail on most of
    // them (not all: a byte may be set to its own value, or to another that still reads as
    // well-formed). The counts are those of these seeds, so a change in what is caught where
    // shows up.
    #expect(
      outcomes
        == DamageOutcomes(
          refused: 0, opened: 2000, readFailed: 1289, checkFailed: 1801, otherErrors: 0))
  }

  /// The same on a larger index whose terms span many bit-packed blocks, damaging every
  /// section in turn (50 trials each), and searching too. (Run with 3,000 trials while
  /// developing: no trap.)
  @Test func packedBlocksWithGarbageNeverTrap() throws {
    let writer = IndexWriter()
    for doc in randomCorpus(seed: 31, documents: 1500, maxLength: 40) { writer.add(doc) }
    let original = try writer.buildImage()
    let reader = try SegmentReader(bytes: original)
    let targets = IndexFormat.Section.allCases.map { reader.info($0) }
    var rng = SeededGenerator(seed: 8)
    var outcomes = DamageOutcomes()
    var searches = SearchOutcomes()
    for trial in 0..<350 {
      var bytes = original
      let target = targets[trial % targets.count]
      for _ in 0..<Int.random(in: 1...3, using: &rng) {
        let at = target.offset + Int.random(in: 0..<target.length, using: &rng)
        bytes[at] = UInt8.random(in: 0...255, using: &rng)
      }
      resealChecksums(&bytes, reader.sections)
      guard outcomes.record(bytes) != nil else { continue }
      let searcher = Searcher(reader: try IndexReader(bytes: bytes))
      for query in ["教育", "教育质量", "学", "2020年", "中国 人民", "教育 OR 学生"] {
        for mode in [MatchMode.all, .any] {
          do {
            _ = try searcher.search(query, options: SearchOptions(limit: 5, mode: mode))
            searches.answered += 1
          } catch {
            searches.failed += 1
          }
        }
      }
    }
    // Version 10's bit streams have less redundancy than varints: more resealed garbage
    // decodes to valid postings (check failed 333 of 350 in version 9), which only the
    // checksums this test reseals can catch; none traps.
    #expect(
      outcomes
        == DamageOutcomes(
          refused: 0, opened: 350, readFailed: 267, checkFailed: 290, otherErrors: 0))
    #expect(searches == SearchOutcomes(answered: 4004, failed: 196))
  }

  /// Recomputes the section CRCs and the footer CRC of a modified file.
  func resealChecksums(_ bytes: inout [UInt8], _ sections: [SegmentReader.SectionInfo]) {
    let footer = bytes.count - IndexFormat.footerSize
    for (i, info) in sections.enumerated() {
      let crc = bytes.withUnsafeBytes {
        CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[info.range]))
      }
      withUnsafeBytes(of: crc.littleEndian) { raw in
        for k in 0..<4 { bytes[footer + i * 20 + 16 + k] = raw[k] }
      }
    }
    var crc = CRC32()
    bytes.withUnsafeBytes { raw in
      crc.update(UnsafeRawBufferPointer(rebasing: raw[0..<IndexFormat.headerSize]))
      crc.update(UnsafeRawBufferPointer(rebasing: raw[footer..<bytes.count - 12]))
    }
    withUnsafeBytes(of: crc.value.littleEndian) { raw in
      for k in 0..<4 { bytes[bytes.count - 12 + k] = raw[k] }
    }
  }
}

/// The small sections queries read without checks are verified when the file is opened, so a
/// flipped byte there is an error rather than a silently different ranking.
@Suite struct OpenVerificationTests {
  @Test(arguments: [
    (IndexFormat.Section.documentLengths, "document lengths"),
    (.storedOffsets, "stored offsets"), (.termIndex, "term index"),
  ])
  func aFlippedByteInASmallSectionFailsTheOpen(section: IndexFormat.Section, name: String) throws {
    let writer = IndexWriter()
    for (i, text) in ["教育质量", "学前教育普惠", "提高教育质量"].enumerated() {
      writer.add(Document(id: "d\(i)", text: text))
    }
    var bytes = try writer.buildImage()
    let info = try SegmentReader(bytes: bytes).info(section)
    for offset in [info.offset, info.offset + info.length - 1] {
      var damaged = bytes
      damaged[offset] ^= 0x10
      #expect(throws: IndexError.corrupt(section: name, detail: "checksum mismatch")) {
        _ = try SegmentReader(bytes: damaged)
      }
    }
    bytes[info.offset] ^= 0
    #expect(try SegmentReader(bytes: bytes).documentCount == 3)
  }
}

/// Version 6: every stored record carries its own checksum, so a flipped byte in a document's
/// stored text fails the read of that document (a query returning it, an update copying it)
/// with a clear error, while the other documents still read.
@Suite struct StoredRecordChecksumTests {
  @Test func aFlippedByteInStoredTextFailsThatDocumentOnly() throws {
    let writer = IndexWriter()
    for (i, text) in ["教育质量", "学前教育普惠", "提高教育质量"].enumerated() {
      writer.add(Document(id: "d\(i)", text: text))
    }
    var bytes = try writer.buildImage()
    let original = try SegmentReader(bytes: bytes)
    // Document 1's record: its id (1 + 2 bytes), its title's and text's lengths (1 + 1), then
    // its coded text.
    let record = try original.recordBytes(1)
    let textByte = record.baseAddress! - original.bytes.baseAddress! + 1 + 2 + 1 + 1
    bytes[textByte] ^= 0x01
    let reader = try SegmentReader(bytes: bytes)
    #expect(
      throws: IndexError.corrupt(
        section: "stored documents", detail: "document 1: record checksum mismatch")
    ) {
      _ = try reader.storedDocument(1)
    }
    #expect(try reader.storedDocument(0).text == "教育质量")
    #expect(try reader.storedDocument(2).text == "提高教育质量")
    // A query whose hits include the damaged document fails; one without it answers.
    let searcher = Searcher(reader: try IndexReader(bytes: bytes))
    #expect(throws: SearchError.self) { _ = try searcher.search("学前") }
    #expect(try searcher.search("提高").hits.map(\.id) == ["d2"])
    // `check` finds it too (the section checksum, then the record's).
    #expect(throws: IndexError.self) { _ = try reader.check() }
  }
}
