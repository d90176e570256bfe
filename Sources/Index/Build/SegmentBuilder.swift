import Tokenize

/// Inverts a run of documents in memory: terms → (document, frequency, positions) streams.
///
/// One builder serves one thread; the serializer merges the builders of several threads in
/// document order. Postings go straight into compressed per-term streams in a `SlicePool`, so
/// memory grows with the compressed postings, not with the token count.
///
/// Inverting is bound by cache misses (a term's slot, its state and the tail of its streams are
/// three random accesses into hundreds of megabytes), so terms are split by hash into
/// `shardCount` shards, each with its own table and pool, and tokens are inverted in batches:
/// the tokenizer callback only packs each token into its shard's buffer (`TokenBatch`), and a
/// full batch is inverted one shard at a time, while that shard's few megabytes stay in cache.
/// A term lives in one shard and a shard's tokens keep their order, so each term still sees its
/// documents and positions in order. Call `finish()` after the last document.
struct SegmentBuilder: ~Copyable {
  /// Shards of terms up to 7 bytes, chosen by hash; one more shard holds the longer terms.
  static let shardBits: UInt64 = 8
  static let shardCount = 1 << Int(shardBits)
  /// Tokens buffered before a batch is inverted (16 bytes each). The more tokens a shard gets
  /// per batch, the more often the lines it touches are still in cache: 2^23 instead of 2^21
  /// inverts ~30% faster. The batch is freed before the segment is flattened, where memory
  /// peaks.
  static let batchTokens = 1 << 23

  let tokenizer: Tokenizer
  /// The shards (`shardCount` by hash, then the long terms'); several threads may invert
  /// distinct shards at once (`SegmentBuilder+Threads`).
  let shards: UnsafeMutablePointer<TermShard>
  /// Per document: its length in Lucene tokens (character tokens are not counted).
  var documentLengths: [UInt32] = []
  private var batch = TokenBatch(shardCount: SegmentBuilder.shardCount)

  init(tokenizer: Tokenizer) {
    self.tokenizer = tokenizer
    shards = .allocate(capacity: SegmentBuilder.shardCount + 1)
    for s in 0...SegmentBuilder.shardCount { (shards + s).initialize(to: TermShard()) }
  }

  deinit {
    shards.deinitialize(count: SegmentBuilder.shardCount + 1)
    shards.deallocate()
  }

  var documentCount: Int { documentLengths.count }

  /// The number of distinct terms.
  var termCount: Int {
    (0...SegmentBuilder.shardCount).reduce(0) { $0 + shards[$1].terms.count }
  }

  /// Bytes of postings held (for memory reports).
  var poolBytes: Int {
    (0...SegmentBuilder.shardCount).reduce(0) { $0 + shards[$1].pool.bytesUsed }
  }

  /// Inverts one document; its number is the current `documentCount`.
  mutating func add(title: String?, text: String) throws(IndexError) {
    try checkRoom(for: 1)
    let doc = UInt32(documentLengths.count)
    documentLengths.append(
      SegmentBuilder.collect(title: title, text: text, doc: doc, tokenizer: tokenizer, into: &batch)
    )
    if batch.count >= SegmentBuilder.batchTokens { try flush() }
  }

  /// Throws unless `count` more documents can be numbered.
  func checkRoom(for count: Int) throws(IndexError) {
    guard documentLengths.count + count < Int(UInt32.max - 1) else {
      throw .tooLarge(detail: "more than 4 billion documents")
    }
  }

  /// Tokenizes document `doc` (title, then text) into `batch`; returns its length in Lucene
  /// tokens.
  static func collect(
    title: String?, text: String, doc: UInt32, tokenizer: Tokenizer,
    into batch: inout TokenBatch
  ) -> UInt32 {
    var length: UInt32 = 0
    var nextPosition: UInt32 = 0
    if let title, !title.isEmpty {
      // Tokens come in order of position: the last one has the largest.
      if let last = collect(
        title, doc: doc, positionBase: 0, length: &length, tokenizer: tokenizer, into: &batch)
      {
        nextPosition = last &+ 2
      }
    }
    _ = collect(
      text, doc: doc, positionBase: nextPosition, length: &length, tokenizer: tokenizer,
      into: &batch)
    return length
  }

  /// Inverts the tokens still buffered and frees the batch; call it after the last document.
  mutating func finish() throws(IndexError) {
    try flush()
    batch.release()
  }

  /// Tokenizes `text` into the batch, counting its Lucene tokens in `length`; returns the
  /// position of its last token.
  private static func collect(
    _ text: String, doc: UInt32, positionBase: UInt32, length: inout UInt32,
    tokenizer: Tokenizer, into batch: inout TokenBatch
  ) -> UInt32? {
    var last: UInt32? = nil
    // For attached-character terms: where the last word ended, and the last character token.
    var wordEnd = -1
    var characterEnd = -1
    var characterPosition: UInt32 = 0
    var characterKey: UInt64 = 0
    var hasCharacter = false
    tokenizer.tokenize(text) { token, term in
      let position = positionBase &+ UInt32(truncatingIfNeeded: token.position)
      last = position
      let n = term.count
      if token.kind == .character {
        if n <= 6 {
          let packed = UInt64(n &+ 1) &<< 56 | TermTable.packedBytes(term) &<< 8
          let runStart = !hasCharacter || characterPosition &+ 1 != position
          if runStart && token.start == wordEnd {
            batch.append(
              key: packed | UInt64(IndexFormat.attachedAfterWordMarker), document: doc,
              position: position)
          }
          hasCharacter = true
          characterEnd = token.end
          characterPosition = position
          characterKey = packed | UInt64(IndexFormat.attachedBeforeWordMarker)
        } else {
          hasCharacter = false
        }
      } else if token.kind == .word {
        if hasCharacter && characterEnd == token.start {
          batch.append(key: characterKey, document: doc, position: characterPosition)
        }
        wordEnd = token.end
      }
      if token.kind == .character {
        if n <= 6 {
          let key =
            TermShard.characterFlag | UInt64(n &+ 1) &<< 56 | TermTable.packedBytes(term) &<< 8
            | UInt64(IndexFormat.characterTermMarker)
          batch.append(key: key, document: doc, position: position)
        } else {
          batch.appendLong(term, document: doc, position: position, character: true)
        }
      } else {
        length &+= 1
        if n <= 7 {
          let key = UInt64(n) &<< 56 | TermTable.packedBytes(term)
          batch.append(key: key, document: doc, position: position)
        } else {
          batch.appendLong(term, document: doc, position: position, character: false)
        }
      }
    }
    return last
  }

  /// Inverts the batch, one shard after the other.
  mutating func flush() throws(IndexError) {
    for s in 0..<SegmentBuilder.shardCount {
      try shards[s].invert(batch.tokens(ofShard: s))
    }
    try batch.forEachLong { token, bytes throws(IndexError) in
      try shards[SegmentBuilder.shardCount].invertLong(token, bytes: bytes)
    }
    batch.removeAll()
  }

  /// Writes every term into `blobs` (see `TermBlob`), in memory order — shard after shard,
  /// terms in order of creation — so that states, heads and stream starts are read
  /// sequentially, and frees each shard once it is written; returns the terms in byte order
  /// (the dictionary order of the file). The builder is empty afterwards.
  mutating func flatten(into blobs: inout OutputBuffer) -> [SortedTerm] {
    var sorted = [SortedTerm]()
    sorted.reserveCapacity(termCount)
    var docs = OutputBuffer(capacity: 1 << 12)
    var positions = OutputBuffer(capacity: 1 << 12)
    var order = [SortedTerm]()
    for s in 0...SegmentBuilder.shardCount {
      shards[s].flatten(
        into: &blobs, sorted: &sorted, order: &order, docs: &docs, positions: &positions)
      (shards + s).pointee = TermShard()
    }
    // One sorted run per shard: the sort merges them.
    let base = UnsafePointer(blobs.base)
    sorted.sort { SortedTerm.compare($0, base, $1, base) < 0 }
    return sorted
  }
}
