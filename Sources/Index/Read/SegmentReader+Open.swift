/// Opening an index file: the checks `SegmentReader.init` runs, in order, each a named step.
///
/// Every step reads a fixed number of bytes (but for the small sections verified on open), so
/// opening costs the same for any index size.
extension SegmentReader {
  /// What the header and footer of a file say, once checked.
  struct Layout {
    var version: Int
    var features: FormatFeatures
    /// Whether the image's terms fold Traditional characters to Simplified ones.
    var foldsToSimplified: Bool
    var sections: [SectionInfo]
    var documentCount: Int
    var termCount: Int
    var totalTokens: UInt64

    /// Where `section` lies.
    func info(_ section: IndexFormat.Section) -> SectionInfo { sections[section.rawValue] }
  }

  /// Checks the header, the footer and the small sections of `raw` and returns its layout.
  static func readLayout(_ raw: UnsafeRawBufferPointer, path: String) throws(IndexError) -> Layout {
    let version = try checkHeader(raw, path: path)
    let flags = try checkFooterSeal(raw, version: version)
    let size = raw.count
    let footerStart = size - IndexFormat.footerSize
    var footer = ByteReader(raw, from: footerStart, to: size, section: "footer")
    let infos = try readSections(&footer, footerStart: footerStart)
    let docs = Int(try footer.readUInt32())
    let terms = try footer.readUInt64()
    let tokens = try footer.readUInt64()
    // The term count is checked before it becomes an `Int`: a damaged footer may hold any
    // 64-bit value there.
    guard terms <= UInt64(Int32.max) * 64 else {
      throw .corrupt(section: "footer", detail: "section sizes disagree with the document count")
    }
    let features = FormatFeatures(version: version)
    let layout = Layout(
      version: version, features: features,
      foldsToSimplified: flags & IndexFormat.foldedTermsFlag != 0, sections: infos,
      documentCount: docs,
      termCount: Int(terms), totalTokens: tokens)
    guard layout.info(.documentLengths).length == docs * 4,
      layout.info(.storedOffsets).length == (docs + 1) * 8,
      layout.info(.termIndex).length % features.termIndexEntrySize == 0
    else {
      throw .corrupt(section: "footer", detail: "section sizes disagree with the document count")
    }
    try verifyOnOpen(raw, infos)
    return layout
  }

  /// The leading magic number, the size and the version; returns the version.
  private static func checkHeader(_ raw: UnsafeRawBufferPointer, path: String)
    throws(IndexError) -> Int
  {
    let size = raw.count
    guard size >= 4, raw.loadUnaligned(as: UInt32.self).littleEndian == IndexFormat.magic else {
      if size == 0 { throw .corrupt(section: "header", detail: "\(path) is empty") }
      throw .notAnIndex(path: path)
    }
    guard size >= IndexFormat.headerSize + IndexFormat.footerSize else {
      throw .corrupt(section: "footer", detail: "file is \(size) bytes, too short to hold a footer")
    }
    let version = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 4, as: UInt16.self)))
    guard IndexFormat.readableImageVersions.contains(version) else {
      throw .unsupportedFormatVersion(found: version, supported: IndexFormat.readableVersions)
    }
    return version
  }

  /// The trailing magic number, the footer's version and flags, and the footer checksum (over
  /// the header and the footer); returns the flags.
  private static func checkFooterSeal(_ raw: UnsafeRawBufferPointer, version: Int)
    throws(IndexError) -> UInt16
  {
    let size = raw.count
    let footerStart = size - IndexFormat.footerSize
    guard
      raw.loadUnaligned(fromByteOffset: size - 4, as: UInt32.self).littleEndian == IndexFormat.magic
    else {
      throw .corrupt(section: "footer", detail: "no magic number at the end (truncated file?)")
    }
    let footerVersion = Int(
      UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: size - 8, as: UInt16.self)))
    guard footerVersion == version else {
      throw .corrupt(
        section: "footer", detail: "footer version \(footerVersion) differs from header \(version)")
    }
    let headerFlags = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 6, as: UInt16.self))
    let footerFlags = UInt16(
      littleEndian: raw.loadUnaligned(fromByteOffset: size - 6, as: UInt16.self))
    let known =
      FormatFeatures(version: version).hasTermFoldingFlag ? IndexFormat.foldedTermsFlag : 0
    guard headerFlags == footerFlags, headerFlags & ~known == 0 else {
      throw .corrupt(section: "footer", detail: "unknown flags \(headerFlags)/\(footerFlags)")
    }
    var crc = CRC32()
    crc.update(UnsafeRawBufferPointer(rebasing: raw[0..<IndexFormat.headerSize]))
    crc.update(UnsafeRawBufferPointer(rebasing: raw[footerStart..<size - 12]))
    let storedCRC = raw.loadUnaligned(fromByteOffset: size - 12, as: UInt32.self).littleEndian
    guard crc.value == storedCRC else {
      throw .corrupt(
        section: "footer", detail: "footer checksum mismatch (truncated or damaged file)")
    }
    return headerFlags
  }

  /// The footer's section table: the sections must tile the file from the header to the
  /// footer, in order.
  private static func readSections(_ footer: inout ByteReader, footerStart: Int)
    throws(IndexError) -> [SectionInfo]
  {
    var infos: [SectionInfo] = []
    var expectedOffset = IndexFormat.headerSize
    for section in IndexFormat.Section.allCases {
      let offset = try footer.readUInt64()
      let length = try footer.readUInt64()
      let checksum = try footer.readUInt32()
      guard offset == UInt64(expectedOffset), length <= UInt64(footerStart - expectedOffset) else {
        throw .corrupt(section: "footer", detail: "\(section.name) section lies outside the file")
      }
      infos.append(
        SectionInfo(section: section, offset: Int(offset), length: Int(length), checksum: checksum))
      expectedOffset += Int(length)
    }
    guard expectedOffset == footerStart else {
      throw .corrupt(section: "footer", detail: "sections do not end where the footer starts")
    }
    return infos
  }

  /// The small sections every query reads directly, unchecked (a document's length, where
  /// its record starts, which dictionary block holds a term), are verified now: a flipped
  /// byte there would otherwise change rankings silently. They are a few bytes a document
  /// and a term block, about 1 ms for crud-news and 10 ms for a 1 GB index.
  private static func verifyOnOpen(_ raw: UnsafeRawBufferPointer, _ infos: [SectionInfo])
    throws(IndexError)
  {
    for section in verifiedOnOpen {
      let info = infos[section.rawValue]
      guard CRC32.checksum(UnsafeRawBufferPointer(rebasing: raw[info.range])) == info.checksum
      else {
        throw .corrupt(section: section.name, detail: "checksum mismatch")
      }
    }
  }
}
