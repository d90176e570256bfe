/// A segment image ready to be written: its pieces in file order (header, every part of every
/// section, footer), their total size and CRC-32, and the memory they point into.
///
/// It keeps its sections alive until it is released, so that the image can be written on
/// another thread while the writer reads the next documents
/// (`IndexFileWriter.appendInBackground`).
final class PreparedImage: @unchecked Sendable {
  private let sections: ImageSections
  private let header: OutputBuffer
  private let footer: OutputBuffer
  /// The bytes to write, in order; valid while the image lives.
  let pieces: [UnsafeRawBufferPointer]
  /// The image's size in bytes.
  let count: Int
  /// The CRC-32 of the whole image (the manifest's extent checksum), combined from the header's,
  /// the sections' and the footer's, so no pass over the bytes is needed.
  let checksum: UInt32

  /// The image of `sections` between `header` and `footer`; `sectionCRCs` and `sectionSizes`
  /// are each section's CRC-32 and size, in file order.
  init(
    _ sections: ImageSections, header: consuming OutputBuffer, footer: consuming OutputBuffer,
    sectionCRCs: [UInt32], sectionSizes: [Int]
  ) {
    precondition(sectionCRCs.count == sectionSizes.count, "PreparedImage: one CRC a section")
    // The buffers' memory does not move when they are moved into the image.
    let head = UnsafeRawBufferPointer(header.bytes)
    let foot = UnsafeRawBufferPointer(footer.bytes)
    var pieces = [head]
    for parts in sections.parts {
      for part in parts where part.count > 0 { pieces.append(UnsafeRawBufferPointer(part)) }
    }
    pieces.append(foot)
    var crc = CRC32.checksum(head)
    var count = head.count
    for (sectionCRC, size) in zip(sectionCRCs, sectionSizes) {
      crc = CRC32.combine(crc, sectionCRC, secondLength: size)
      count += size
    }
    self.checksum = CRC32.combine(crc, CRC32.checksum(foot), secondLength: foot.count)
    self.count = count + foot.count
    self.pieces = pieces
    self.sections = sections
    self.header = header
    self.footer = footer
  }
}
