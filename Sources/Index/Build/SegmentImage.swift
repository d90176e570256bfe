import Dispatch
import Tokenize

/// One segment's bytes as a build writes them: its index image (a version-8 image, FORMAT.md)
/// and its document table.
///
/// The image depends only on the documents and their order (not on the thread count): with
/// several threads, they share the tokenizing and the shards of one builder.
struct SegmentImage {
  /// The image's bytes.
  var image: [UInt8]
  /// The document table's bytes (`DocumentTable`).
  var table: [UInt8]
  /// The number of documents and the sum of their lengths.
  var documentCount: Int
  var totalTokens: UInt64

  /// Inverts and serializes `documents` (in order), whose source stamps are `stamps`.
  static func build(
    _ documents: [Document], stamps: [DocumentTable.Stamp], tokenizer: Tokenizer, threads: Int
  ) throws(IndexError) -> SegmentImage {
    let (inverted, tokens) = try invert(documents, tokenizer: tokenizer, threads: threads)
    let image = IndexSerializer(
      documents: documents, segment: inverted, threads: threads,
      foldsToSimplified: tokenizer.foldsToSimplified
    ).serialize()
    return SegmentImage(
      image: image, table: table(documents, stamps), documentCount: documents.count,
      totalTokens: tokens)
  }

  /// Inverts `documents` and appends them to `file` as a segment (image, then document
  /// table) without holding the image whole: its sections go to the file as they are.
  ///
  /// With several threads the image is written in the background while the caller reads the
  /// next documents (a two-thread crud-news build spent a tenth of its time writing images on
  /// one core); one thread writes it at once, so a one-thread build uses one core.
  static func append(
    _ documents: [Document], stamps: [DocumentTable.Stamp], tokenizer: Tokenizer, threads: Int,
    to file: IndexFileWriter
  ) throws(IndexError) -> Manifest.Segment {
    let (inverted, tokens) = try invert(documents, tokenizer: tokenizer, threads: threads)
    let prepared = IndexSerializer(
      documents: documents, segment: inverted, threads: threads,
      foldsToSimplified: tokenizer.foldsToSimplified
    ).prepare()
    let image =
      threads > 1 ? try file.appendInBackground(prepared) : try file.append(prepared)
    let table = try file.append(table(documents, stamps))
    return Manifest.Segment(
      image: image, table: table, documentCount: documents.count, liveCount: documents.count,
      liveTokens: tokens, deletions: [])
  }

  /// The document table of `documents` (in order) with their stamps.
  private static func table(_ documents: [Document], _ stamps: [DocumentTable.Stamp]) -> [UInt8] {
    DocumentTable.encode(ids: documents.map { Array($0.id.utf8) }, stamps: stamps)
  }

  /// The documents inverted, with the sum of their lengths; on `threads` threads when there
  /// are enough documents to share (`SegmentBuilder+Threads`).
  private static func invert(_ docs: [Document], tokenizer: Tokenizer, threads: Int)
    throws(IndexError) -> (segment: SegmentResult, tokens: UInt64)
  {
    let threads = max(1, min(threads, docs.count / 64))
    let segment = try SegmentResult.build(docs[...], tokenizer: tokenizer, threads: threads)
    var tokens: UInt64 = 0
    for length in segment.documentLengths { tokens += UInt64(length) }
    return (segment, tokens)
  }
}
