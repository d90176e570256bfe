/// The list of live segments a commit makes current (FORMAT.md, "Manifest"): where each
/// segment's image, document table and deletion records lie, and its live counts.
///
/// The one owner of the manifest's encoding: the writer encodes it, the reader decodes it.
/// Every offset is a file offset; every part it points at is checked against the CRC the
/// manifest holds for it (the image by its own footer and section CRCs).
package struct Manifest: Equatable, Sendable {
  /// "ZHSM": the manifest's first four bytes.
  package static let magic: UInt32 = 0x4D53_485A

  /// A byte range of the file and the CRC-32 of its bytes.
  package struct Extent: Equatable, Sendable {
    package var offset: Int
    package var length: Int
    package var checksum: UInt32
    package var range: Range<Int> { offset..<offset + length }

    package init(offset: Int, length: Int, checksum: UInt32) {
      self.offset = offset
      self.length = length
      self.checksum = checksum
    }
  }

  /// One segment as a commit lists it.
  package struct Segment: Equatable, Sendable {
    /// The segment's index image (version 1–6 grammar, offsets relative to its start; its
    /// checksums are its own footer's, so `image.checksum` is the footer CRC).
    package var image: Extent
    /// The document table: ids in order and source stamps (`DocumentTable`).
    package var table: Extent
    /// The documents of the image, deleted ones included.
    package var documentCount: Int
    /// The documents not deleted.
    package var liveCount: Int
    /// The sum of the live documents' lengths.
    package var liveTokens: UInt64
    /// The deletion records, oldest first (`DeletionRecord`); their union is deleted.
    package var deletions: [Extent]

    package init(
      image: Extent, table: Extent, documentCount: Int, liveCount: Int, liveTokens: UInt64,
      deletions: [Extent]
    ) {
      self.image = image
      self.table = table
      self.documentCount = documentCount
      self.liveCount = liveCount
      self.liveTokens = liveTokens
      self.deletions = deletions
    }
  }

  /// The commit's number (the slot's).
  package var generation: UInt64
  /// The live segments, in document order.
  package var segments: [Segment]

  package init(generation: UInt64, segments: [Segment]) {
    self.generation = generation
    self.segments = segments
  }

  /// The manifest's bytes.
  package func encoded() -> [UInt8] {
    var out = OutputBuffer(capacity: 64 + segments.count * 96)
    out.write(Self.magic)
    out.write(generation)
    out.write(UInt32(segments.count))
    func write(_ extent: Extent, crc: Bool = true) {
      out.write(UInt64(extent.offset))
      out.write(UInt64(extent.length))
      out.write(extent.checksum)
    }
    for segment in segments {
      write(segment.image)
      write(segment.table)
      out.write(UInt32(segment.documentCount))
      out.write(UInt32(segment.liveCount))
      out.write(segment.liveTokens)
      out.write(UInt32(segment.deletions.count))
      for record in segment.deletions { write(record) }
    }
    return Array(out.bytes)
  }

  /// The manifest in `raw[range]`, every extent checked to lie before `range` (a commit
  /// points only at bytes written before its manifest).
  package static func decode(_ raw: UnsafeRawBufferPointer, range: Range<Int>) throws(IndexError)
    -> Manifest
  {
    var reader = ByteReader(raw, from: range.lowerBound, to: range.upperBound, section: "manifest")
    guard try reader.readUInt32() == magic else {
      throw .corrupt(section: "manifest", detail: "no manifest magic number")
    }
    let generation = try reader.readUInt64()
    let count = Int(try reader.readUInt32())
    // Each segment takes at least 60 bytes: a count past that is damage, not a huge index.
    guard count <= (range.count - 16) / 60 else {
      throw .corrupt(section: "manifest", detail: "segment count \(count) exceeds the manifest")
    }
    let limit = range.lowerBound
    func extent(_ what: String) throws(IndexError) -> Extent {
      let offset = try reader.readUInt64()
      let length = try reader.readUInt64()
      let checksum = try reader.readUInt32()
      guard offset >= UInt64(CommitSlot.headerSize), offset <= UInt64(limit),
        length <= UInt64(limit) - offset
      else {
        throw .corrupt(section: "manifest", detail: "\(what) lies outside the committed file")
      }
      return Extent(offset: Int(offset), length: Int(length), checksum: checksum)
    }
    var segments: [Segment] = []
    for s in 0..<count {
      let image = try extent("segment \(s)'s image")
      let table = try extent("segment \(s)'s document table")
      let documents = Int(try reader.readUInt32())
      let live = Int(try reader.readUInt32())
      let tokens = try reader.readUInt64()
      let records = Int(try reader.readUInt32())
      guard live <= documents, records <= (reader.end - reader.offset) / 20 else {
        throw .corrupt(section: "manifest", detail: "segment \(s)'s counts are inconsistent")
      }
      var deletions: [Extent] = []
      for _ in 0..<records { deletions.append(try extent("segment \(s)'s deletions")) }
      segments.append(
        Segment(
          image: image, table: table, documentCount: documents, liveCount: live,
          liveTokens: tokens, deletions: deletions))
    }
    guard reader.isAtEnd else {
      throw .corrupt(section: "manifest", detail: "bytes after the last segment")
    }
    return Manifest(generation: generation, segments: segments)
  }
}
