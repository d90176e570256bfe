/// What a format version holds, as named features (FORMAT.md, "Version history").
///
/// The reader and its cursors branch on these, never on version numbers, so that the one
/// place mapping versions to layouts is this initialiser: a new version adds a feature here
/// and the code that reads it, and no comparison elsewhere has to be found and changed.
struct FormatFeatures: Sendable, Equatable {
  /// Version 2: attached-character terms (`0x02`, `0x03` prefixes, with positions).
  let hasAttachedTerms: Bool
  /// Version 3: a term in one document has no postings header (its bounds are its entry's).
  let hasHeaderlessOneDocumentTerms: Bool
  /// Version 3: the byte length of a term's skip entries precedes them.
  let hasSkipLength: Bool
  /// Version 3: each term index entry holds its block's first 8 term bytes (`TermKey`).
  let hasTermIndexKeys: Bool
  /// Version 4: skip entries hold their block's impacts instead of two bounds.
  let hasBlockImpacts: Bool
  /// Version 5: full postings blocks bit-pack their document gaps and frequencies.
  let hasBitPackedBlocks: Bool
  /// Version 5: a block's positions are bit-packed 128 values at a time, then a varint tail.
  let hasBitPackedPositions: Bool
  /// Version 6: every stored record ends with its own CRC-32.
  let hasRecordChecksums: Bool
  /// Version 8: the stored section starts with the segment's `StoredTextCode`, and each
  /// record's title and text are coded with it.
  let hasCodedStoredText: Bool
  /// Version 9: the image flags may hold `IndexFormat.foldedTermsFlag`.
  let hasTermFoldingFlag: Bool
  /// Version 10: full postings blocks are patched runs (`BitPacking+Patched`).
  let hasPatchedBlocks: Bool
  /// Version 10: blocks of fewer than 128 documents are Rice and gamma codes (`RiceCode`).
  let hasRiceCodedBlocks: Bool
  /// Version 10: a block's positions after its packed runs are Rice codes (`RiceCode`).
  let hasRiceCodedPositionTails: Bool

  /// The features of format `version` (one of `IndexFormat.readableVersions`).
  init(version: Int) {
    hasAttachedTerms = version >= 2
    hasHeaderlessOneDocumentTerms = version >= 3
    hasSkipLength = version >= 3
    hasTermIndexKeys = version >= 3
    hasBlockImpacts = version >= 4
    hasBitPackedBlocks = version >= 5
    hasBitPackedPositions = version >= 5
    hasRecordChecksums = version >= IndexFormat.recordChecksumsVersion
    hasCodedStoredText = version >= IndexFormat.codedStoredTextVersion
    hasTermFoldingFlag = version >= IndexFormat.termFoldingVersion
    hasPatchedBlocks = version >= IndexFormat.riceCodedVersion
    hasRiceCodedBlocks = version >= IndexFormat.riceCodedVersion
    hasRiceCodedPositionTails = version >= IndexFormat.riceCodedVersion
  }

  /// The features of the version this build writes.
  static let current = FormatFeatures(version: IndexFormat.imageVersion)

  /// Bytes per term index entry (see `TermIndexEntry`).
  var termIndexEntrySize: Int { TermIndexEntry.size(hasKey: hasTermIndexKeys) }
}
