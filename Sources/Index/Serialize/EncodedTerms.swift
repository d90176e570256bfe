/// The postings, positions and dictionary blocks of one run of consecutive terms, encoded by
/// one thread (see `TermRunEncoder`); offsets in it are relative to the run.
final class EncodedTerms: @unchecked Sendable {
  var postings = OutputBuffer()
  var positions = OutputBuffer()
  /// The dictionary entries of the run's blocks, back to back.
  var entries = OutputBuffer()
  var blocks: [TermBlock] = []
}
