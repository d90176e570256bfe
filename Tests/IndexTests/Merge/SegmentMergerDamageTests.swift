import Foundation
import TestSupport
import Testing

@testable import Index

/// Damaged or old inputs: the merge refuses them, naming the section, and writes no image.
@Suite struct SegmentMergerDamageTests {
  static let parts = [
    randomCorpus(seed: 21, documents: 150, maxLength: 200),
    randomCorpus(seed: 22, documents: 150, maxLength: 200).map {
      Document(id: "b-" + $0.id, title: $0.title, text: $0.text)
    },
  ]

  /// A merger over `images`, opened in memory.
  static func merge(_ images: [[UInt8]], into sink: inout ByteArraySink) throws {
    let inputs = try images.enumerated().map { i, bytes in
      SegmentMerger.Input(reader: try SegmentReader(bytes: bytes, name: "input-\(i)"))
    }
    try SegmentMerger(inputs: inputs, spillDirectory: NSTemporaryDirectory()).merge(into: &sink)
  }

  /// One flipped byte in any section of the second input: the open or the merge throws
  /// `corrupt` naming that section, and the merge writes nothing.
  @Test(arguments: IndexFormat.Section.allCases)
  func aFlippedByteInAnySectionIsCaught(section: IndexFormat.Section) throws {
    let good = try SegmentMergerTests.build(Self.parts[0])
    var bad = try SegmentMergerTests.build(Self.parts[1])
    let info = try SegmentReader(bytes: bad).info(section)
    try #require(info.length > 0)
    bad[info.offset + info.length / 2] ^= 0x40
    var sink = ByteArraySink()
    do {
      try Self.merge([good, bad], into: &sink)
      Issue.record("a damaged \(section.name) section was merged")
    } catch let error as IndexError {
      guard case .corrupt(let name, _) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(name == section.name)
    }
    #expect(sink.bytes.isEmpty)
  }

  /// A damaged stored record whose section checksum was resealed: the record's own checksum
  /// stops the merge while it copies, and what was written is no image.
  @Test func aDamagedRecordWithResealedSectionsIsCaught() throws {
    let good = try SegmentMergerTests.build(Self.parts[0])
    var bad = try SegmentMergerTests.build(Self.parts[1])
    let reader = try SegmentReader(bytes: bad)
    let stored = reader.info(.stored)
    bad[stored.offset + stored.length / 2] ^= 0x01
    CorruptionTests().resealChecksums(&bad, reader.sections)
    var sink = ByteArraySink()
    #expect {
      try Self.merge([good, bad], into: &sink)
    } throws: { error in
      guard case .corrupt(let name, let detail) = error as? IndexError else { return false }
      return name == "stored documents" && detail.contains("record checksum")
    }
    #expect(throws: IndexError.self) { _ = try SegmentReader(bytes: sink.bytes) }
  }

  /// A version-5 input is refused: it has no record checksums to verify before copying.
  @Test func olderVersionsAreRefused() throws {
    let old = try SegmentReader(path: GoldenCorpus.v5.path)
    var sink = ByteArraySink()
    #expect(throws: IndexError.unsupportedFormatVersion(found: 5, supported: 10...10)) {
      try SegmentMerger(inputs: [.init(reader: old)], spillDirectory: NSTemporaryDirectory())
        .merge(into: &sink)
    }
    #expect(sink.bytes.isEmpty)
  }

  /// Through a file descriptor (the streaming path) from mapped inputs whose pages are
  /// released as the merge goes, the same bytes as a fresh build; the spill files are gone
  /// afterwards.
  @Test func mergeToAFileDescriptor() throws {
    let images = try Self.parts.map { try SegmentMergerTests.build($0) }
    let directory = NSTemporaryDirectory() + "merge-test-\(getpid())"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/out.zhsx"
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    try #require(fd >= 0)
    var inputs: [SegmentMerger.Input] = []
    for (i, image) in images.enumerated() {
      let input = directory + "/in-\(i).zhsx"
      try Data(image).write(to: URL(fileURLWithPath: input))
      inputs.append(SegmentMerger.Input(reader: try SegmentReader(path: input)))
    }
    var merger = SegmentMerger(inputs: inputs, spillDirectory: directory)
    // Mapped inputs: their pages may be dropped behind the merge (and fault back in).
    merger.releasesInputPages = true
    let summary = try merger.merge(toDescriptor: fd, path: path)
    close(fd)
    let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(written == (try SegmentMergerTests.build(Self.parts[0] + Self.parts[1])))
    #expect(summary.byteCount == written.count && summary.documentCount == 300)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == [
        "in-0.zhsx", "in-1.zhsx", "out.zhsx",
      ])
  }
}
