import Tokenize

/// One inverted segment, flattened for serializing and owned by a class so that threads can
/// hand it over.
///
/// The segment's terms are `TermBlob`s back to back in `blobs`, listed in byte order by
/// `sortedTerms`; the serializer merges the segments' lists and frees each segment's terms
/// once they are encoded.
final class SegmentResult: @unchecked Sendable {
  /// Per document: its length in Lucene tokens.
  let documentLengths: [UInt32]
  /// One `TermBlob` per term, in memory order.
  private(set) var blobs: OutputBuffer
  /// The terms in byte order (flattened and sorted on the thread that built the segment).
  private(set) var sortedTerms: [SortedTerm]

  /// The builder's terms flattened, on `threads` threads.
  init(builder: consuming SegmentBuilder, threads: Int = 1) {
    documentLengths = builder.documentLengths
    let reserved = threads > 1 ? 64 : builder.poolBytes + builder.poolBytes / 4 + 4096
    var blobs = OutputBuffer(capacity: reserved)
    sortedTerms = builder.flatten(into: &blobs, threads: threads)
    self.blobs = blobs
  }

  var documentCount: Int { documentLengths.count }

  /// Frees the terms once they are encoded (lowers the peak memory of a build).
  func releaseTerms() {
    blobs.release()
    sortedTerms = []
  }

  /// The start of the blobs.
  var base: UnsafePointer<UInt8> { UnsafePointer(blobs.base) }

  /// `docs` inverted and flattened on `threads` threads (the result does not depend on it,
  /// nor on the tokens a round of threaded inverting takes).
  static func build(
    _ docs: ArraySlice<Document>, tokenizer: Tokenizer, threads: Int = 1,
    roundTokens: Int = SegmentBuilder.batchTokens
  ) throws(IndexError) -> SegmentResult {
    var builder = SegmentBuilder(tokenizer: tokenizer)
    if threads > 1 {
      try builder.add(docs, threads: threads, roundTokens: roundTokens)
    } else {
      for doc in docs { try builder.add(title: doc.title, text: doc.text) }
    }
    try builder.finish()
    return SegmentResult(builder: builder, threads: threads)
  }
}
