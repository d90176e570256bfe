/// Merges index images into one, streaming: the live documents of every input, in order, as
/// the image `IndexWriter` would build from them, byte for byte, without re-tokenizing.
///
/// Each input is a current-version image (all with the same folding) (`SegmentReader`) and the local numbers of its deleted
/// documents. Every input's section checksums, then every live stored record's own checksum
/// (a pass that decodes them to count the merged code's scalars), are verified before anything
/// is written: damaged input stops the merge with `IndexError.corrupt` naming the section, and
/// the caller discards the partial output. Other versions are refused
/// (`IndexError.unsupportedFormatVersion`): the caller re-tokenizes their documents instead.
///
/// The output goes to a `MergeSink` in file order. Documents' lengths, offsets and records are
/// copied input by input; terms are merged k-way (`TermMerge`) with positions and dictionary
/// spilled to temporary files in `spillDirectory` while the postings are written. Memory stays
/// bounded: 4 bytes a document (the renumbering) and 16 bytes a dictionary block.
///
/// ```swift
/// let merger = SegmentMerger(inputs: [.init(reader: a), .init(reader: b, deleted: [3])],
///                            spillDirectory: "/tmp")
/// var sink = FileDescriptorSink(descriptor: fd, path: "merged.zhsx")
/// try merger.merge(into: &sink)
/// ```
package struct SegmentMerger {
  /// One input image and its deleted documents (local numbers).
  package struct Input {
    package var reader: SegmentReader
    package var deleted: Set<Int>

    package init(reader: SegmentReader, deleted: Set<Int> = []) {
      self.reader = reader
      self.deleted = deleted
    }
  }

  /// What a merge wrote.
  package struct Summary: Sendable, Equatable {
    package var documentCount: Int
    package var termCount: Int
    package var byteCount: Int
  }

  /// A deleted document's entry in a document map.
  static let deletedMark = UInt32.max

  package let inputs: [Input]
  /// Where the spill files go (removed when the merge ends, however it ends).
  package let spillDirectory: String
  /// Drop the inputs' mapped pages behind the merge (see `PageRelease`), so that RSS stays
  /// bounded. Only for readers opened from a file (`SegmentReader(path:)`): the pages of an
  /// in-memory reader would be lost.
  package var releasesInputPages = false
  /// The spill files' name stem (see `SpillFile`); nil: a name of their own.
  package var spillStem: String? = nil

  package init(inputs: [Input], spillDirectory: String) {
    self.inputs = inputs
    self.spillDirectory = spillDirectory
  }

  /// Writes the merged image to `sink`; on a throw, what `sink` holds is partial.
  @discardableResult
  package func merge<Sink: MergeSink>(into sink: inout Sink) throws(IndexError) -> Summary {
    let readers = inputs.map { $0.reader }
    let pages = PageRelease(readers: readers, enabled: releasesInputPages)
    try verifyInputs(pages)
    let maps = try documentMaps()
    let documentCount = maps.reduce(0) { $0 + $1.live }
    let documents = DocumentCopy(readers: readers, documentMaps: maps.map { $0.map })
    let code = try documents.mergedCode(pages: pages)
    let encoder = StoredTextEncoder(code)
    var out = MergeOutput(sink: sink)
    // The caller's sink gets what was written, the partial output too when a check fails.
    defer { sink = out.sink }
    var assembler = IndexFileAssembler(
      documentCount: documentCount, termCount: 0, totalTokens: 0, threads: 1,
      flags: inputs.first?.reader.foldsToSimplified == true ? IndexFormat.foldedTermsFlag : 0)
    let header = assembler.streamedHeader()
    try out.appendUnsectioned(header.bytes)
    assembler.totalTokens = try documents.writeLengths(into: &out)
    try documents.writeOffsets(code: code, encoder: encoder, into: &out)
    var documentPages = pages
    try documents.writeRecords(code: code, encoder: encoder, into: &out, pages: &documentPages)
    var terms = try TermMerge(
      readers: readers, documentMaps: maps.map { $0.map }, documentCount: documentCount,
      spillDirectory: spillDirectory,
      spillStem: spillStem,
      pages: documentPages)
    try terms.run(into: &out)
    assembler.termCount = terms.termCount
    let footer = assembler.streamedFooter(sizes: out.sizes, crcs: out.crcs)
    try out.appendUnsectioned(footer.bytes)
    try out.flush()
    return Summary(documentCount: documentCount, termCount: terms.termCount, byteCount: out.total)
  }

  /// Merges into the file open at `descriptor` (at its current position); `path` names it in
  /// errors.
  @discardableResult
  package func merge(toDescriptor descriptor: Int32, path: String) throws(IndexError) -> Summary {
    var sink = FileDescriptorSink(descriptor: descriptor, path: path)
    return try merge(into: &sink)
  }

  /// Every input's version and section checksums (as `SegmentReader.check()` starts), read in
  /// pieces of 16 MiB whose pages `pages` releases as soon as they are checksummed.
  private func verifyInputs(_ pages: PageRelease) throws(IndexError) {
    for input in inputs {
      let reader = input.reader
      guard reader.formatVersion == IndexFormat.imageVersion else {
        throw .unsupportedFormatVersion(
          found: reader.formatVersion,
          supported: IndexFormat.imageVersion...IndexFormat.imageVersion)
      }
      guard reader.foldsToSimplified == inputs[0].reader.foldsToSimplified else {
        throw .corrupt(
          section: "header", detail: "the segments disagree on Traditional/Simplified folding")
      }
      for info in reader.sections {
        var crc = CRC32()
        var at = info.offset
        while at < info.range.upperBound {
          let piece = UnsafeRawBufferPointer(
            rebasing: reader.bytes[at..<min(at + (16 << 20), info.range.upperBound)])
          crc.update(piece)
          pages.release(piece)
          at += piece.count
        }
        guard crc.value == info.checksum else {
          throw .corrupt(section: info.section.name, detail: "checksum mismatch in \(reader.path)")
        }
      }
    }
  }

  /// Per input, each document's number in the output (or `deletedMark`), and the live count.
  private func documentMaps() throws(IndexError) -> [(map: [UInt32], live: Int)] {
    var next = 0
    var maps: [(map: [UInt32], live: Int)] = []
    for input in inputs {
      let count = input.reader.documentCount
      var map = [UInt32](repeating: SegmentMerger.deletedMark, count: count)
      var live = 0
      for doc in 0..<count where !input.deleted.contains(doc) {
        map[doc] = UInt32(truncatingIfNeeded: next + live)
        live += 1
      }
      next += live
      guard next < Int(UInt32.max) else {
        throw .tooLarge(detail: "\(next) documents exceed the format's 32-bit document numbers")
      }
      maps.append((map, live))
    }
    return maps
  }
}
