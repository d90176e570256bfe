/// One of the two commit slots in a version-7 header: which manifest is the index's current
/// state (FORMAT.md, "Commits").
///
/// A commit appends its segments and manifest, fsyncs, then overwrites the slot holding the
/// older generation and fsyncs again. A torn slot write fails the slot's own CRC and the other
/// slot (the previous commit, whose bytes are untouched) is used; so is a slot whose manifest
/// lies past the end of the mapped file (a reader that mapped the file before the append).
package struct CommitSlot: Equatable, Sendable {
  /// The commit's number: 1 for the first, one more for each later one (0: empty slot).
  package var generation: UInt64
  /// Where the manifest starts, a file offset.
  package var manifestOffset: UInt64
  /// The manifest's length in bytes.
  package var manifestLength: UInt64
  /// The CRC-32 of the manifest's bytes.
  package var manifestCRC: UInt32

  /// generation u64, manifestOffset u64, manifestLength u64, manifestCRC u32, slotCRC u32.
  package static let size = 32
  /// Where the two slots start: right after the 16 bytes every version begins with.
  package static let firstSlotOffset = 16
  /// The header of a version-7 file: the common 16 bytes and two slots.
  package static let headerSize = firstSlotOffset + 2 * size

  package static let empty = CommitSlot(
    generation: 0, manifestOffset: 0, manifestLength: 0, manifestCRC: 0)

  package init(
    generation: UInt64, manifestOffset: UInt64, manifestLength: UInt64, manifestCRC: UInt32
  ) {
    self.generation = generation
    self.manifestOffset = manifestOffset
    self.manifestLength = manifestLength
    self.manifestCRC = manifestCRC
  }

  /// Where the commit's bytes end: the end of its manifest, the last thing it wrote.
  package var end: Int { Int(manifestOffset + manifestLength) }

  /// The slot's 32 bytes.
  package var encoded: [UInt8] {
    var out = OutputBuffer(capacity: Self.size)
    out.write(generation)
    out.write(manifestOffset)
    out.write(manifestLength)
    out.write(manifestCRC)
    out.write(CRC32.checksum(UnsafeRawBufferPointer(out.bytes)))
    return Array(out.bytes)
  }

  /// The slot at `offset` of `raw`, or nil when it is empty or fails its CRC (a torn write).
  package static func decode(_ raw: UnsafeRawBufferPointer, at offset: Int) -> CommitSlot? {
    guard offset >= 0, raw.count - offset >= size else { return nil }
    let crc = CRC32.checksum(UnsafeRawBufferPointer(rebasing: raw[offset..<offset + size - 4]))
    func load<T: FixedWidthInteger>(_ at: Int, _: T.Type) -> T {
      T(littleEndian: raw.loadUnaligned(fromByteOffset: offset + at, as: T.self))
    }
    guard crc == load(28, UInt32.self) else { return nil }
    let slot = CommitSlot(
      generation: load(0, UInt64.self), manifestOffset: load(8, UInt64.self),
      manifestLength: load(16, UInt64.self), manifestCRC: load(24, UInt32.self))
    guard slot.generation > 0, slot.manifestOffset <= UInt64(Int32.max) << 24,
      slot.manifestLength <= UInt64(Int32.max)
    else { return nil }
    return slot
  }
}
