import Tokenize

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

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
  private let shards: UnsafeMutablePointer<TermShard>
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
    guard documentLengths.count < Int(UInt32.max - 1) else {
      throw .tooLarge(detail: "more than 4 billion documents")
    }
    let doc = UInt32(documentLengths.count)
    var length: UInt32 = 0
    var nextPosition: UInt32 = 0
    if let title, !title.isEmpty {
      // Tokens come in order of position: the last one has the largest.
      if let last = collect(title, doc: doc, positionBase: 0, length: &length) {
        nextPosition = last &+ 2
      }
    }
    _ = collect(text, doc: doc, positionBase: nextPosition, length: &length)
    documentLengths.append(length)
    if batch.count >= SegmentBuilder.batchTokens { try flush() }
  }

  /// Inverts the tokens still buffered and frees the batch; call it after the last document.
  mutating func finish() throws(IndexError) {
    try flush()
    batch.release()
  }

  /// Tokenizes `text` into the batch, counting its Lucene tokens in `length`; returns the
  /// position of its last token.
  private mutating func collect(
    _ text: String, doc: UInt32, positionBase: UInt32, length: inout UInt32
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
  private mutating func flush() throws(IndexError) {
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

/// One shard of a segment's terms: their table and the pool of their streams.
struct TermShard: ~Copyable {
  /// Marks character terms in packed keys (above the length byte's 3 bits, below the hash bit).
  static let characterFlag: UInt64 = 1 << 62

  var terms = TermTable(capacity: 1 << 8)
  var pool = SlicePool()

  /// Adds a batch of this shard's tokens (packed keys) to their terms' streams.
  mutating func invert(_ tokens: UnsafeBufferPointer<BatchToken>) throws(IndexError) {
    for token in tokens {
      let found = terms.find(token.key, bytes: nil)
      var id = found.id
      if id < 0 {
        let length = Int((token.key >> 56) & 7)
        id = try withUnsafeBytes(of: token.key.littleEndian) { raw throws(IndexError) in
          let bytes = UnsafeBufferPointer(
            start: raw.bindMemory(to: UInt8.self).baseAddress, count: length)
          return try newTerm(
            token.key, bytes: bytes, slot: found.slot, document: token.document,
            character: token.key & TermShard.characterFlag != 0)
        }
      }
      try record(
        id, document: token.document, position: token.position,
        character: token.key & TermShard.characterFlag != 0)
    }
  }

  /// Adds one token of a term longer than 7 bytes.
  mutating func invertLong(_ token: LongToken, bytes: UnsafeBufferPointer<UInt8>)
    throws(IndexError)
  {
    let found = terms.find(token.key, bytes: bytes)
    var id = found.id
    if id < 0 {
      id = try newTerm(
        token.key, bytes: bytes, slot: found.slot, document: token.document,
        character: token.isCharacter)
    }
    try record(id, document: token.document, position: token.position, character: token.isCharacter)
  }

  /// Counts one occurrence of term `id` and appends its position.
  @inline(__always)
  private mutating func record(_ id: Int, document: UInt32, position: UInt32, character: Bool)
    throws(IndexError)
  {
    let state = terms.state(id)
    if state.pointee.pendingDocument != document {
      try flushPending(state, id: id)
      state.pointee.pendingDocument = document
      state.pointee.frequency = 0
      state.pointee.lastPosition = 0
    }
    state.pointee.frequency &+= 1
    if !character {
      try pool.appendVarInt(
        position &- state.pointee.lastPosition, at: &state.pointee.positionCursor)
      state.pointee.lastPosition = position
    }
  }

  /// Adds a term not yet in the table and returns its id.
  @inline(never)
  private mutating func newTerm(
    _ key: UInt64, bytes: UnsafeBufferPointer<UInt8>, slot: Int, document: UInt32,
    character: Bool
  ) throws(IndexError) -> Int {
    let id = try terms.insert(key, bytes: bytes, slot: slot)
    let state = terms.state(id)
    state.pointee.pendingDocument = document
    if !character {
      let head = try pool.startStream()
      state.pointee.positionCursor = head
      terms.heads[id].position = head
    }
    return id
  }

  /// Appends the entry of the term's pending document to its doc stream, in the file's
  /// encoding: `delta << 1 | (tf == 1)`, then `tf` unless it is 1.
  @inline(__always)
  private mutating func flushPending(_ state: UnsafeMutablePointer<TermState>, id: Int)
    throws(IndexError)
  {
    let document = state.pointee.pendingDocument
    let frequency = state.pointee.frequency
    var cursor = state.pointee.documentCursor
    if cursor == 0 {
      cursor = try pool.startStream()
      terms.heads[id].document = cursor
    }
    let code = UInt64(document &- state.pointee.pendingBase) &<< 1 | (frequency == 1 ? 1 : 0)
    try pool.appendVarInt64(code, at: &cursor)
    if frequency != 1 { try pool.appendVarInt(frequency, at: &cursor) }
    state.pointee.documentCursor = cursor
    state.pointee.pendingBase = document &+ 1
  }

  /// Appends one `TermBlob` per term, in id order, and its entry to `sorted`.
  func flatten(
    into blobs: inout OutputBuffer, sorted: inout [SortedTerm], order: inout [SortedTerm],
    docs: inout OutputBuffer, positions: inout OutputBuffer
  ) {
    // The shard's terms in byte order (ids in place of offsets): their blobs are written in
    // that order, so that the serializer, reading terms in byte order, reads each shard's
    // blobs front to back.
    order.removeAll(keepingCapacity: true)
    for id in 0..<terms.count { order.append(SortedTerm(terms.bytes(of: id), offset: id)) }
    order.sort { a, b in
      if a.prefix != b.prefix { return a.prefix < b.prefix }
      let m = SortedTerm.length(a.ref)
      let n = SortedTerm.length(b.ref)
      if m <= 8 && n <= 8 { return m < n }
      return TermTable.compare(
        terms.bytes(of: SortedTerm.offset(a.ref)), terms.bytes(of: SortedTerm.offset(b.ref))) < 0
    }
    for entry in order {
      let id = SortedTerm.offset(entry.ref)
      let state = terms.state(id).pointee
      let heads = terms.heads[id]
      docs.removeAll()
      positions.removeAll()
      var reader = SliceStreamReader(pool: pool, head: heads.document, end: state.documentCursor)
      reader.copyRest(to: &docs)
      // The pending document's entry (see `flushPending`).
      docs.writeVarInt(
        UInt64(state.pendingDocument &- state.pendingBase) &<< 1 | (state.frequency == 1 ? 1 : 0))
      if state.frequency != 1 { docs.writeVarInt(state.frequency) }
      if state.positionCursor != 0 {
        var p = SliceStreamReader(pool: pool, head: heads.position, end: state.positionCursor)
        p.copyRest(to: &positions)
      }
      let bytes = terms.bytes(of: id)
      let offset = blobs.count
      blobs.reserve(bytes.count + 10 + docs.count + positions.count)
      blobs.append(bytes)
      blobs.writeVarInt(docs.count)
      blobs.writeVarInt(positions.count)
      blobs.append(docs.bytes)
      blobs.append(positions.bytes)
      sorted.append(SortedTerm(bytes, offset: offset))
    }
  }
}

/// One term of a flattened segment, for sorting and merging: the first 8 bytes of the term as a
/// big-endian integer (zero-padded), and its length and blob offset.
///
/// A term's blob holds its bytes, the lengths of its two streams (variable-length integers),
/// then its doc stream (the file's encoding with documents local to the segment, see
/// `PostingsEncoder`) and its position stream (empty for character terms).
struct SortedTerm {
  var prefix: UInt64
  /// `length << 40 | offset`.
  var ref: UInt64

  static let absent = UInt64.max

  @inline(__always)
  init(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int) {
    var p: UInt64 = 0
    let n = bytes.count
    for i in 0..<8 { p = (p << 8) | UInt64(i < n ? bytes[i] : 0) }
    prefix = p
    ref = UInt64(n) << 40 | UInt64(offset)
  }

  @inline(__always)
  static func length(_ ref: UInt64) -> Int { Int(truncatingIfNeeded: ref >> 40) }

  @inline(__always)
  static func offset(_ ref: UInt64) -> Int { Int(truncatingIfNeeded: ref & (1 << 40 - 1)) }

  /// The bytes of the term `ref` in the blobs at `base`.
  @inline(__always)
  static func bytes(_ ref: UInt64, _ base: UnsafePointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: base + offset(ref), count: length(ref))
  }

  /// The byte-wise order of two terms (each with its blobs): negative, zero or positive.
  @inline(__always)
  static func compare(
    _ a: SortedTerm, _ aBase: UnsafePointer<UInt8>, _ b: SortedTerm, _ bBase: UnsafePointer<UInt8>
  ) -> Int {
    if a.prefix != b.prefix { return a.prefix < b.prefix ? -1 : 1 }
    let m = length(a.ref)
    let n = length(b.ref)
    // Equal zero-padded prefixes of terms of at most 8 bytes: the shorter term is the smaller.
    if m <= 8 && n <= 8 { return m - n }
    return TermTable.compare(bytes(a.ref, aBase), bytes(b.ref, bBase))
  }
}

/// One buffered token of a term of up to 7 bytes.
struct BatchToken {
  /// The packed key (see `TermTable.packedKey`), with `TermShard.characterFlag`.
  var key: UInt64
  var document: UInt32
  /// The position in the document (title and text together).
  var position: UInt32
}

/// One buffered token of a term longer than 7 bytes (its bytes are in the batch).
struct LongToken {
  var key: UInt64
  var document: UInt32
  var position: UInt32
  var offset: Int
  var isCharacter: Bool
}

/// The tokens waiting to be inverted, by shard; reused from batch to batch.
struct TokenBatch: ~Copyable {
  private let shardCount: Int
  /// Per shard: buffer, count, capacity.
  private let buffers: UnsafeMutablePointer<UnsafeMutablePointer<BatchToken>>
  private let counts: UnsafeMutablePointer<Int>
  private let capacities: UnsafeMutablePointer<Int>
  private(set) var count = 0
  private var longTokens: [LongToken] = []
  /// Bytes of the long terms: per term a 2-byte length, then the bytes.
  private var longBytes = OutputBuffer(capacity: 1024)

  init(shardCount: Int) {
    self.shardCount = shardCount
    buffers = .allocate(capacity: shardCount)
    counts = .allocate(capacity: shardCount)
    capacities = .allocate(capacity: shardCount)
    for s in 0..<shardCount {
      buffers[s] = .allocate(capacity: 256)
      counts[s] = 0
      capacities[s] = 256
    }
  }

  deinit {
    for s in 0..<shardCount { buffers[s].deallocate() }
    buffers.deallocate()
    counts.deallocate()
    capacities.deallocate()
  }

  /// Frees the buffers (they grow back if tokens are appended again).
  mutating func release() {
    for s in 0..<shardCount {
      buffers[s].deallocate()
      buffers[s] = .allocate(capacity: 1)
      counts[s] = 0
      capacities[s] = 1
    }
    count = 0
    longTokens = []
    longBytes.release()
  }

  mutating func removeAll() {
    for s in 0..<shardCount { counts[s] = 0 }
    count = 0
    longTokens.removeAll(keepingCapacity: true)
    longBytes.removeAll()
  }

  /// The shard of a packed key: hash bits that neither the table's slot (top bits) nor its
  /// fingerprint depend on much.
  @inline(__always)
  static func shard(_ key: UInt64, count: Int) -> Int {
    Int(truncatingIfNeeded: (key &* 0xD6E8_FEB8_6659_FD93) >> (64 - SegmentBuilder.shardBits))
      & (count - 1)
  }

  @inline(__always)
  mutating func append(key: UInt64, document: UInt32, position: UInt32) {
    let s = TokenBatch.shard(key, count: shardCount)
    let n = counts[s]
    if n == capacities[s] { grow(s) }
    (buffers[s] + n).initialize(to: BatchToken(key: key, document: document, position: position))
    counts[s] = n &+ 1
    count &+= 1
  }

  @inline(never)
  private mutating func grow(_ s: Int) {
    let fresh = UnsafeMutablePointer<BatchToken>.allocate(capacity: capacities[s] * 2)
    fresh.moveInitialize(from: buffers[s], count: counts[s])
    buffers[s].deallocate()
    buffers[s] = fresh
    capacities[s] *= 2
  }

  /// The buffered tokens of shard `s`; valid until the next append.
  func tokens(ofShard s: Int) -> UnsafeBufferPointer<BatchToken> {
    UnsafeBufferPointer(start: buffers[s], count: counts[s])
  }

  /// Appends a term longer than 7 bytes (or a character term longer than 6): its bytes go to
  /// the long-term buffer and its key is their hash.
  @inline(never)
  mutating func appendLong(
    _ term: UnsafeBufferPointer<UInt8>, document: UInt32, position: UInt32, character: Bool
  ) {
    let offset = longBytes.count
    let n = term.count + (character ? 1 : 0)
    longBytes.write(UInt16(truncatingIfNeeded: n))
    if character { longBytes.append(IndexFormat.characterTermMarker) }
    longBytes.append(term)
    let key = TermTable.packedKey(UnsafeBufferPointer(start: longBytes.base + offset + 2, count: n))
    longTokens.append(
      LongToken(
        key: key, document: document, position: position, offset: offset, isCharacter: character))
    count &+= 1
  }

  /// Calls `body` with every long token, in order, and its bytes.
  func forEachLong(_ body: (LongToken, UnsafeBufferPointer<UInt8>) throws(IndexError) -> Void)
    throws(IndexError)
  {
    for token in longTokens {
      let p = longBytes.base + token.offset
      let n = Int(p[0]) | Int(p[1]) << 8
      try body(token, UnsafeBufferPointer(start: p + 2, count: n))
    }
  }
}
