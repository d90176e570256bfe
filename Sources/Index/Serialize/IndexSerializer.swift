/// Encodes an inverted segment and its stored documents as the bytes of one index image.
///
/// The layout is specified in `FORMAT.md`. Terms are written in UTF-8 byte order and
/// documents keep their order, so the output depends only on the documents (not on the thread
/// count).
///
/// The work, in the order data flows: the document lengths (here), the stored documents
/// (`StoredDocumentsWriter`), the terms (`writeTerms`: `TermRunEncoder`
/// with `PostingsEncoder` and `TermBlockWriter`, then `DictionaryWriter`), and the file around
/// the sections (`IndexFileAssembler`). Postings are encoded straight from the segment's term
/// blobs: their doc streams already hold the entries' encoding and their position streams are
/// copied byte for byte.
struct IndexSerializer {
  let documents: [Document]
  /// The documents inverted (`SegmentResult`).
  let segment: SegmentResult
  /// Threads to encode postings and compute checksums on (the bytes do not depend on it).
  var threads = 1
  /// Whether the segment's terms fold Traditional characters (the image's flag says so).
  var foldsToSimplified = false

  /// The file's bytes, in memory.
  func serialize() -> [UInt8] {
    let (sections, assembler) = encodeSections()
    return assembler.assemble(sections.parts)
  }

  /// The image as pieces ready to write, checksummed, without ever holding it whole.
  func prepare() -> PreparedImage {
    let (sections, assembler) = encodeSections()
    return assembler.prepare(sections)
  }

  /// Encodes every section, with the assembler that lays them out.
  private func encodeSections() -> (ImageSections, IndexFileAssembler) {
    let lengths = segment.documentLengths
    let lengthSection = IndexSerializer.lengthSection(lengths)
    // The stored documents are independent of the terms: with several threads, they are
    // copied as one more work item beside the runs of terms.
    let stored = StoredDocumentsWriter(documents: documents)
    let terms: TermSections
    if threads > 1 {
      terms = writeTerms(lengths: lengths, alongside: stored)
    } else {
      stored.run()
      terms = writeTerms(lengths: lengths, alongside: nil)
    }
    let assembler = IndexFileAssembler(
      documentCount: documents.count, termCount: terms.termCount,
      totalTokens: IndexSerializer.totalTokens(lengths), threads: threads,
      flags: foldsToSimplified ? IndexFormat.foldedTermsFlag : 0)
    return (ImageSections(lengths: lengthSection, stored: stored.out, terms: terms), assembler)
  }

  /// The document lengths section: one u32 per document, in document order.
  private static func lengthSection(_ lengths: [UInt32]) -> OutputBuffer {
    var section = OutputBuffer(capacity: lengths.count * 4)
    for length in lengths { section.write(length) }
    return section
  }

  /// The number of Lucene tokens in all documents (the footer's `totalTokens`, BM25's average
  /// document length).
  private static func totalTokens(_ lengths: [UInt32]) -> UInt64 {
    var total: UInt64 = 0
    for length in lengths { total += UInt64(length) }
    return total
  }
}
