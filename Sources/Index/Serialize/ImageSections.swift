/// The seven sections of one segment image as the serializer encoded them, owned together so
/// that they outlive the serializer until the image is written.
final class ImageSections: @unchecked Sendable {
  /// The document lengths section (one u32 a document).
  let lengths: OutputBuffer
  /// The stored offsets and stored sections.
  let stored: StoredSections
  /// Postings and positions (one part per run of terms), dictionary and term index.
  let terms: TermSections

  init(lengths: consuming OutputBuffer, stored: StoredSections, terms: TermSections) {
    self.lengths = lengths
    self.stored = stored
    self.terms = terms
  }

  /// The sections in file order (see `IndexFormat.Section`), each in one or more parts.
  var parts: [[UnsafeBufferPointer<UInt8>]] {
    [
      [lengths.bytes], [stored.offsets.bytes], [stored.records.bytes],
      terms.postings, terms.positions,
      [terms.dictionary.bytes], [terms.termIndex.bytes],
    ]
  }
}
