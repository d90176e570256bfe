/// Opening a file: a version 1–6 file is one segment; a version 7–8 file is read through the
/// newest usable commit slot and its manifest (FORMAT.md, "Commits").
extension IndexReader {
  struct Opened {
    var version: Int
    var segments: [IndexSegment]
    var commit: CommitState?
  }

  static func openSegments(_ file: MappedFile, path: String) throws(IndexError) -> Opened {
    let raw = file.bytes
    guard raw.count >= 8, raw.loadUnaligned(as: UInt32.self).littleEndian == IndexFormat.magic
    else {
      // The single-image reader words every other case (empty, not an index, too short).
      let reader = try SegmentReader(file: file, range: 0..<raw.count, path: path)
      return Opened(version: reader.formatVersion, segments: [Self.whole(reader)], commit: nil)
    }
    let version = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 4, as: UInt16.self)))
    guard IndexFormat.segmentedVersions.contains(version) else {
      let reader = try SegmentReader(file: file, range: 0..<raw.count, path: path)
      return Opened(version: reader.formatVersion, segments: [Self.whole(reader)], commit: nil)
    }
    let commit: CommitState
    do {
      commit = try chooseCommit(raw)
    } catch {
      // A bare version-8 image (one segment's bytes; its header is a version-8 file's) opens
      // as one segment; a file of segments keeps its own error.
      if version == IndexFormat.imageVersion,
        let reader = try? SegmentReader(file: file, range: 0..<raw.count, path: path)
      {
        return Opened(version: reader.formatVersion, segments: [Self.whole(reader)], commit: nil)
      }
      throw error
    }
    var segments: [IndexSegment] = []
    var base = 0
    for (s, entry) in commit.manifest.segments.enumerated() {
      let segment = try openSegment(file, entry, number: s, base: base, path: path)
      segments.append(segment)
      base += segment.documentCount
      guard base <= Int(UInt32.max) else {
        throw .corrupt(section: "manifest", detail: "more documents than the format allows")
      }
    }
    return Opened(version: version, segments: segments, commit: commit)
  }

  /// A whole version 1–6 file as one segment with nothing deleted.
  private static func whole(_ reader: SegmentReader) -> IndexSegment {
    IndexSegment(
      reader: reader, base: 0, deletions: [], liveCount: reader.documentCount,
      liveTokens: reader.totalTokens, table: nil)
  }

  /// The newest commit whose slot is intact and whose manifest lies in the file and matches
  /// its CRC; the other slot when the newest is not usable (a torn write, or a commit made
  /// after this file was mapped).
  static func chooseCommit(_ raw: UnsafeRawBufferPointer) throws(IndexError) -> CommitState {
    guard raw.count >= CommitSlot.headerSize else {
      throw .corrupt(
        section: "header", detail: "file is \(raw.count) bytes, too short for its header")
    }
    let flags = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 6, as: UInt16.self))
    let reserved = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
    guard flags == 0, reserved == 0 else {
      throw .corrupt(section: "header", detail: "unknown flags \(flags)")
    }
    var slots: [CommitSlot] = []
    var problems: [String] = []
    for i in 0..<2 {
      let at = CommitSlot.firstSlotOffset + i * CommitSlot.size
      if let slot = CommitSlot.decode(raw, at: at) {
        slots.append(slot)
      } else if raw[at..<at + CommitSlot.size].contains(where: { $0 != 0 }) {
        problems.append("commit slot \(i) fails its checksum (a torn write?)")
      }
    }
    slots.sort { $0.generation > $1.generation }
    for slot in slots {
      guard slot.end <= raw.count, Int(slot.manifestOffset) >= CommitSlot.headerSize else {
        problems.append(
          "commit \(slot.generation)'s manifest lies past the end of the file (truncated?)")
        continue
      }
      let range = Int(slot.manifestOffset)..<slot.end
      guard CRC32.checksum(UnsafeRawBufferPointer(rebasing: raw[range])) == slot.manifestCRC else {
        problems.append("commit \(slot.generation)'s manifest fails its checksum")
        continue
      }
      let manifest = try Manifest.decode(raw, range: range)
      guard manifest.generation == slot.generation else {
        problems.append("commit \(slot.generation)'s manifest has another generation")
        continue
      }
      return CommitState(
        slot: slot, manifest: manifest,
        fellBack: problems.isEmpty ? nil : problems.joined(separator: "; "),
        uncommittedBytes: raw.count - slot.end)
    }
    if problems.isEmpty {
      throw .corrupt(
        section: "header", detail: "no commit (an index whose first write never finished)")
    }
    throw .corrupt(
      section: "header", detail: "no usable commit: " + problems.joined(separator: "; "))
  }

  /// Segment `number` of a manifest: its image opened, its deletion records checked.
  private static func openSegment(
    _ file: MappedFile, _ entry: Manifest.Segment, number: Int, base: Int, path: String
  ) throws(IndexError) -> IndexSegment {
    let reader: SegmentReader
    do {
      reader = try SegmentReader(
        file: file, range: entry.image.range, path: "\(path), segment \(number)")
    } catch {
      throw Self.inSegment(number, error)
    }
    // A live token count above the image's, or an image count no document lengths can
    // reach, is damage: checked here so that no sum of them can overflow.
    guard reader.documentCount == entry.documentCount,
      entry.table.length == entry.documentCount * DocumentTable.bytesPerDocument,
      reader.totalTokens <= UInt64(reader.documentCount) * UInt64(UInt32.max),
      entry.liveTokens <= reader.totalTokens
    else {
      throw .corrupt(
        section: "manifest", detail: "segment \(number)'s counts disagree with its image")
    }
    var records: [DeletionRecord] = []
    var deleted = 0
    for extent in entry.deletions {
      let raw = UnsafeRawBufferPointer(rebasing: file.bytes[extent.range])
      guard CRC32.checksum(raw) == extent.checksum else {
        throw .corrupt(section: "deletions", detail: "segment \(number): checksum mismatch")
      }
      let record = try DeletionRecord(raw, documentCount: reader.documentCount)
      deleted += record.documents.count
      records.append(record)
    }
    let segment = IndexSegment(
      reader: reader, base: base, deletions: records, liveCount: entry.liveCount,
      liveTokens: entry.liveTokens, table: entry.table)
    // Records are disjoint: a document deleted twice would be subtracted twice.
    guard segment.deleted?.count ?? 0 == deleted, entry.liveCount == entry.documentCount - deleted
    else {
      throw .corrupt(
        section: "manifest", detail: "segment \(number)'s live count disagrees with its deletions")
    }
    return segment
  }

  /// `error` with the segment named, so that `check` and a refused merge say where.
  static func inSegment(_ number: Int, _ error: IndexError) -> IndexError {
    if case .corrupt(let section, let detail) = error {
      return .corrupt(section: "segment \(number) \(section)", detail: detail)
    }
    return error
  }
}
