import Dispatch

/// Lays out the index file around its sections: the header, the sections in file order, each
/// copied into place and checksummed, and the footer that lists them.
///
/// The footer (FORMAT.md) gives each section's offset, length and CRC-32, the corpus counts and
/// a CRC-32 of the header and the footer, so a reader can check any section on its own.
struct IndexFileAssembler {
  var documentCount: Int
  var termCount: Int
  var totalTokens: UInt64
  /// Threads to copy and checksum the sections on (the bytes do not depend on it).
  var threads: Int
  /// The image flags, in header and footer (`IndexFormat.foldedTermsFlag` or none).
  var flags: UInt16 = 0

  /// The file: `sections` (in file order, each in one or more parts) between header and footer.
  func assemble(_ sections: [[UnsafeBufferPointer<UInt8>]]) -> [UInt8] {
    var sizes: [Int] = []
    for parts in sections { sizes.append(parts.reduce(0) { $0 + $1.count }) }
    let total = IndexFormat.headerSize + IndexFormat.footerSize + sizes.reduce(0, +)
    let starts = Self.starts(of: sizes)
    let end = IndexFormat.headerSize + sizes.reduce(0, +)
    let head = header()
    return [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
      // Each section is copied into place and checksummed in the same pass.
      let crcs = copySections(sections, to: out.baseAddress!, at: starts)
      let foot = footer(starts: starts, sizes: sizes, crcs: crcs, header: head.bytes)
      assert(head.count == IndexFormat.headerSize && end + foot.count == total)
      UnsafeMutableRawPointer(out.baseAddress!).copyMemory(
        from: head.base, byteCount: head.count)
      UnsafeMutableRawPointer(out.baseAddress! + end).copyMemory(
        from: foot.base, byteCount: foot.count)
      initialized = end + foot.count
    }
  }

  /// The header, for a writer that streams the sections itself (`SegmentMerger`) and so
  /// cannot hand them to `assemble`.
  func streamedHeader() -> OutputBuffer { header() }

  /// The footer of a file whose sections (in file order, right after the header) have `sizes`
  /// and CRC-32s `crcs`, for a writer that streams the sections itself (`SegmentMerger`).
  func streamedFooter(sizes: [Int], crcs: [UInt32]) -> OutputBuffer {
    let head = header()
    return footer(starts: Self.starts(of: sizes), sizes: sizes, crcs: crcs, header: head.bytes)
  }

  /// Where each section starts when sections of `sizes` follow the header in order.
  private static func starts(of sizes: [Int]) -> [Int] {
    var starts: [Int] = []
    var end = IndexFormat.headerSize
    for size in sizes {
      starts.append(end)
      end += size
    }
    return starts
  }

  /// The image of `sections` as pieces to write (header, sections, footer), with the
  /// sections' CRC-32s computed on `threads` threads and the image's combined from them, so
  /// that it never needs to be whole in memory (a segment flushed to a file).
  func prepare(_ sections: ImageSections) -> PreparedImage {
    let parts = sections.parts
    var sizes: [Int] = []
    for section in parts { sizes.append(section.reduce(0) { $0 + $1.count }) }
    let crcs = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: parts.count)
    defer { crcs.deallocate() }
    let job = SectionChecksumJob(sections: parts, crcs: crcs)
    if threads > 1 {
      DispatchQueue.concurrentPerform(iterations: parts.count) { job.run($0) }
    } else {
      for i in 0..<parts.count { job.run(i) }
    }
    return PreparedImage(
      sections, header: header(), footer: streamedFooter(sizes: sizes, crcs: Array(crcs)),
      sectionCRCs: Array(crcs), sectionSizes: sizes)
  }

  /// The header: magic, version, flags and 8 reserved bytes.
  private func header() -> OutputBuffer {
    var head = OutputBuffer(capacity: IndexFormat.headerSize)
    head.write(IndexFormat.magic)
    head.write(UInt16(IndexFormat.imageVersion))
    head.write(flags)
    head.write(UInt64(0))
    return head
  }

  /// The footer: per section its offset, length and CRC-32; the corpus counts; the CRC-32 of
  /// `header` and the footer so far; version, flags and magic.
  private func footer(
    starts: [Int], sizes: [Int], crcs: [UInt32], header: UnsafeBufferPointer<UInt8>
  ) -> OutputBuffer {
    var foot = OutputBuffer(capacity: IndexFormat.footerSize)
    for i in 0..<sizes.count {
      foot.write(UInt64(starts[i]))
      foot.write(UInt64(sizes[i]))
      foot.write(crcs[i])
    }
    foot.write(UInt32(documentCount))
    foot.write(UInt64(termCount))
    foot.write(totalTokens)
    var crc = CRC32()
    crc.update(UnsafeRawBufferPointer(header))
    crc.update(UnsafeRawBufferPointer(foot.bytes))
    foot.write(crc.value)
    foot.write(UInt16(IndexFormat.imageVersion))
    foot.write(flags)
    foot.write(IndexFormat.magic)
    return foot
  }

  /// Copies each section's parts to `out` at its start and returns the sections' CRC-32s, the
  /// sections spread over `threads` threads.
  private func copySections(
    _ sections: [[UnsafeBufferPointer<UInt8>]], to out: UnsafeMutablePointer<UInt8>,
    at starts: [Int]
  ) -> [UInt32] {
    let job = SectionCopyJob(
      sections: sections, out: out, starts: starts, crcs: .allocate(capacity: sections.count))
    defer { job.crcs.deallocate() }
    if threads > 1 {
      // The stored documents are the largest section: start with them.
      let order = [2, 3, 4, 0, 1, 5, 6]
      DispatchQueue.concurrentPerform(iterations: sections.count) { job.run(order[$0]) }
    } else {
      for i in 0..<sections.count { job.run(i) }
    }
    return Array(job.crcs)
  }
}

/// The checksum of one section, shareable with the threads that compute them (each writes
/// its own entry of `crcs`).
struct SectionChecksumJob: @unchecked Sendable {
  let sections: [[UnsafeBufferPointer<UInt8>]]
  let crcs: UnsafeMutableBufferPointer<UInt32>

  func run(_ i: Int) {
    var crc = CRC32()
    for part in sections[i] { crc.update(UnsafeRawBufferPointer(part)) }
    crcs[i] = crc.value
  }
}
