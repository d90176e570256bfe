/// One term of a flattened segment, as the serializer reads it back: its doc and position
/// streams in the segment's blobs.
///
/// A blob is the term's bytes, the byte lengths of its two streams (LEB128), its doc stream
/// (postings entries, see `PostingsEntry`, with documents local to the segment) and its
/// position stream (LEB128 position deltas; empty for character terms). The doc stream already
/// holds the file's encoding, so the serializer re-encodes only the deltas at segment
/// boundaries. `TermShard.flatten` writes each blob once and the serializer's term encoder reads
/// it once, in the same process: this type is the one owner of the layout.
struct TermBlob {
  /// The doc stream: its first byte and the byte after it.
  var docs: UnsafePointer<UInt8>
  var docsEnd: UnsafePointer<UInt8>
  /// The position stream: its first byte and its length.
  var positions: UnsafePointer<UInt8>
  var positionsCount: Int

  /// Appends the blob of `term` with its two streams.
  static func append(
    term: UnsafeBufferPointer<UInt8>, docs: UnsafeBufferPointer<UInt8>,
    positions: UnsafeBufferPointer<UInt8>, to blobs: inout OutputBuffer
  ) {
    blobs.reserve(term.count + 10 + docs.count + positions.count)
    blobs.append(term)
    blobs.writeVarInt(docs.count)
    blobs.writeVarInt(positions.count)
    blobs.append(docs)
    blobs.append(positions)
  }

  /// The streams of the blob at `start`, whose term is `termLength` bytes long (unchecked: the
  /// blob was written by `append` in this process).
  @inline(__always)
  init(at start: UnsafePointer<UInt8>, termLength: Int) {
    var q = start + termLength
    let docCount = Int(truncatingIfNeeded: LEB128.decode(&q))
    let positionCount = Int(truncatingIfNeeded: LEB128.decode(&q))
    docs = q
    docsEnd = q + docCount
    positions = q + docCount
    positionsCount = positionCount
  }
}
