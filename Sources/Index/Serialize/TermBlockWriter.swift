/// Collects the terms of a run into dictionary blocks of up to `IndexFormat.termBlockSize`
/// front-coded entries.
///
/// An entry is the length of the prefix shared with the previous term of the block, the
/// length of the rest and its bytes, then the term's document frequency and the byte lengths
/// of its postings and positions (all LEB128). Front coding within a block keeps the dictionary
/// small, and a block's first entry (whole term) is where a lookup can start decoding. This type
/// is the one writer of the entries; `DictionaryWriter` writes the blocks' headers and index.
struct TermBlockWriter {
  private var previous = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
  private var postingsBase = 0
  private var positionsBase = 0
  private var entriesStart = 0
  private var firstTermKey: UInt64 = 0
  private(set) var count = 0

  /// Adds a term whose postings and positions start at `postingsStart` and `positionsStart` of
  /// the run and end at the run's current ends; its bytes must stay valid until the block is
  /// flushed. Starts a new block when the current one is full.
  @inline(__always)
  mutating func add(
    term: UnsafeBufferPointer<UInt8>, documentFrequency: Int, postingsStart: Int,
    positionsStart: Int, into out: EncodedTerms
  ) {
    add(
      term: term, documentFrequency: documentFrequency, postingsStart: postingsStart,
      postingsLength: out.postings.count - postingsStart, positionsStart: positionsStart,
      positionsLength: out.positions.count - positionsStart, into: out)
  }

  /// Adds a term whose postings and positions are `postingsLength` and `positionsLength` bytes
  /// at `postingsStart` and `positionsStart`, for a writer that streams those sections instead
  /// of keeping them in `out` (`SegmentMerger`); otherwise as `add(term:...:into:)`.
  @inline(__always)
  mutating func add(
    term: UnsafeBufferPointer<UInt8>, documentFrequency: Int, postingsStart: Int,
    postingsLength: Int, positionsStart: Int, positionsLength: Int, into out: EncodedTerms
  ) {
    if count == IndexFormat.termBlockSize { flush(into: out) }
    if count == 0 {
      postingsBase = postingsStart
      positionsBase = positionsStart
      entriesStart = out.entries.count
      firstTermKey = TermKey.of(term)
    }
    var prefix = 0
    let limit = min(term.count, previous.count)
    while prefix < limit && term[prefix] == previous[prefix] { prefix += 1 }
    out.entries.reserve(term.count - prefix + 40)
    out.entries.writeVarInt(prefix)
    out.entries.writeVarInt(term.count - prefix)
    out.entries.append(UnsafeBufferPointer(rebasing: term[prefix...]))
    out.entries.writeVarInt(documentFrequency)
    out.entries.writeVarInt(postingsLength)
    out.entries.writeVarInt(positionsLength)
    previous = term
    count += 1
  }

  /// Closes the current block (if it has terms) and records it in `out.blocks`.
  mutating func flush(into out: EncodedTerms) {
    guard count > 0 else { return }
    out.blocks.append(
      TermBlock(
        entriesStart: entriesStart, entriesEnd: out.entries.count, count: count,
        postingsBase: postingsBase, positionsBase: positionsBase, firstTermKey: firstTermKey))
    previous = UnsafeBufferPointer(start: nil, count: 0)
    count = 0
  }
}

/// One dictionary block of a run: where its entries are in the run's `entries`, how many terms
/// it has, where its terms' postings and positions start in the run, and its first term's key
/// (for the term index).
struct TermBlock {
  var entriesStart: Int
  var entriesEnd: Int
  var count: Int
  var postingsBase: Int
  var positionsBase: Int
  /// The `TermKey` of the block's first term.
  var firstTermKey: UInt64
}
