/// One skip entry of a term's postings (FORMAT.md, `Skip`): the block's last document, the
/// byte sizes of its entries and positions, and its bounds for pruning.
///
/// The cursor (to skip blocks) and the block bounds (to prune them) read the same entries;
/// this is the one parser, so both accept and refuse exactly the same bytes.
struct SkipEntry {
  /// The block's last document.
  var lastDocument: UInt32
  /// The byte length of the block's entries.
  var documentBytes: Int
  /// The byte length of the block's positions.
  var positionBytes: Int
  /// The largest term frequency in the block.
  var maxFrequency: UInt32
  /// The shortest document length in the block.
  var minLength: UInt32

  /// Reads the entry at `reader` of the block after the one whose last document is
  /// `next − 1`. The last document must be below `documentLimit` and the sizes within
  /// `documentBytesLimit` and `positionBytesLimit` (what is left of the term's bytes). With
  /// block impacts, `impact` sees each (frequency, length) pair of the block's frontier.
  @inline(__always)
  init(
    _ reader: inout ByteReader, features: FormatFeatures, next: UInt32, documentLimit: UInt32,
    documentBytesLimit: Int, positionBytesLimit: Int,
    impact: (_ frequency: UInt32, _ length: UInt32) -> Void = { _, _ in }
  ) throws(IndexError) {
    let delta = try reader.readVarInt(max: Int(UInt32.max))
    let last = UInt64(next) + UInt64(delta)
    guard last < UInt64(documentLimit) else {
      throw .corrupt(section: "postings", detail: "skip entry points past the last document")
    }
    lastDocument = UInt32(last)
    documentBytes = try reader.readVarInt(max: documentBytesLimit)
    positionBytes = try reader.readVarInt(max: max(0, positionBytesLimit))
    if features.hasBlockImpacts {
      let impacts = try BlockImpactsReader(&reader, impact)
      maxFrequency = impacts.maxFrequency
      minLength = impacts.minLength
    } else {
      maxFrequency = UInt32(truncatingIfNeeded: try reader.readVarInt(max: Int(UInt32.max)))
      minLength = UInt32(truncatingIfNeeded: try reader.readVarInt(max: Int(UInt32.max)))
    }
  }

  /// Moves `reader` past one entry of a format without skip lengths (versions 1 and 2: five
  /// varints, no impacts) without checking its values, to find where the blocks start.
  static func skipUnchecked(_ reader: inout ByteReader, features: FormatFeatures)
    throws(IndexError)
  {
    assert(!features.hasSkipLength && !features.hasBlockImpacts)
    for _ in 0..<5 { _ = try reader.readVarInt() }
  }
}
