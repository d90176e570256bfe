/// The four sections written from the terms: postings and positions stay in their runs, to be
/// concatenated into the file without another copy; dictionary and term index are whole.
final class TermSections {
  let runs: [EncodedTerms]
  var dictionary = OutputBuffer(capacity: 1 << 16)
  var termIndex = OutputBuffer()
  var termCount = 0

  init(runs: [EncodedTerms]) { self.runs = runs }

  /// The postings section, one part per run.
  var postings: [UnsafeBufferPointer<UInt8>] { runs.map { $0.postings.bytes } }
  /// The positions section, one part per run.
  var positions: [UnsafeBufferPointer<UInt8>] { runs.map { $0.positions.bytes } }
}
