/// Writes the term dictionary and the term index from the runs' blocks, with the blocks'
/// offsets made absolute.
///
/// A dictionary block is its header (where its terms' postings and positions start in their
/// sections, and its term count, LEB128) and its entries (see `TermBlockWriter`). The term
/// index has one entry a block (`TermIndexEntry`: the block's offset in the dictionary and its
/// first term's key), so that a lookup binary-searches it without decoding blocks.
enum DictionaryWriter {
  /// The dictionary header's largest size (three LEB128 integers).
  static let blockHeaderSize = 30

  /// The sections of `runs`' terms, their dictionary and term index written.
  static func write(runs: [EncodedTerms]) -> TermSections {
    let out = TermSections(runs: runs)
    var dictionarySize = 0
    var blockCount = 0
    for run in runs {
      dictionarySize += run.entries.count + run.blocks.count * blockHeaderSize
      blockCount += run.blocks.count
    }
    out.dictionary.reserve(dictionarySize)
    out.termIndex.reserve(blockCount * TermIndexEntry.writtenSize)
    var postingsOffset = 0
    var positionsOffset = 0
    for run in runs {
      let entries = run.entries.base
      for b in run.blocks {
        assert(b.entriesStart <= b.entriesEnd && b.entriesEnd <= run.entries.count)
        TermIndexEntry.write(
          blockOffset: out.dictionary.count, key: b.firstTermKey, to: &out.termIndex)
        out.dictionary.writeVarInt(postingsOffset + b.postingsBase)
        out.dictionary.writeVarInt(positionsOffset + b.positionsBase)
        out.dictionary.writeVarInt(b.count)
        out.dictionary.append(
          UnsafeBufferPointer(start: entries + b.entriesStart, count: b.entriesEnd - b.entriesStart)
        )
      }
      postingsOffset += run.postings.count
      positionsOffset += run.positions.count
    }
    return out
  }
}
