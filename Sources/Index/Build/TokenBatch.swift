/// The tokens waiting to be inverted, by shard; reused from batch to batch.
///
/// The tokenizer callback only packs a token into its shard's buffer, so that inverting can
/// then go one shard at a time while that shard stays in cache (see `SegmentBuilder`).
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
      buffers[s] = TokenBatch.resized(nil, capacity: 256)
      counts[s] = 0
      capacities[s] = 256
    }
  }

  deinit {
    for s in 0..<shardCount { SystemCalls.deallocate(buffers[s]) }
    buffers.deallocate()
    counts.deallocate()
    capacities.deallocate()
  }

  /// Frees the buffers (they grow back if tokens are appended again).
  mutating func release() {
    for s in 0..<shardCount {
      SystemCalls.deallocate(buffers[s])
      buffers[s] = TokenBatch.resized(nil, capacity: 1)
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
    assert(n < capacities[s], "TokenBatch: append past the capacity")
    (buffers[s] + n).initialize(to: BatchToken(key: key, document: document, position: position))
    counts[s] = n &+ 1
    count &+= 1
  }

  /// Doubles shard `s`'s buffer with `realloc`, which can grow it in place or reuse the
  /// memory freed by other shards' growth: a fresh buffer and a copy touched new pages each
  /// time, and the old and new buffers both counted (the batch's growth was about half of a
  /// two-thread build's page faults, and 180 MB of its peak on crud-news).
  @inline(never)
  private mutating func grow(_ s: Int) {
    buffers[s] = TokenBatch.resized(buffers[s], capacity: capacities[s] * 2)
    capacities[s] *= 2
  }

  /// `pointer`'s buffer (or a new one, for nil) resized to `capacity` tokens; tokens are
  /// plain bytes (`BatchToken` is trivial), so `realloc` may move them.
  private static func resized(_ pointer: UnsafeMutablePointer<BatchToken>?, capacity: Int)
    -> UnsafeMutablePointer<BatchToken>
  {
    guard
      let raw = SystemCalls.reallocate(pointer, bytes: capacity * MemoryLayout<BatchToken>.stride)
    else { fatalError("out of memory") }
    return raw.bindMemory(to: BatchToken.self, capacity: capacity)
  }

  /// The buffered tokens of shard `s`; valid until the next append.
  func tokens(ofShard s: Int) -> UnsafeBufferPointer<BatchToken> {
    assert(s >= 0 && s < shardCount, "TokenBatch: no such shard")
    return UnsafeBufferPointer(start: buffers[s], count: counts[s])
  }

  /// Shard `s`'s tokens from `start` (a count `mark(into:)` recorded) to `end` (a later one,
  /// or nil for the count now); valid until the next append.
  func tokens(ofShard s: Int, from start: Int, to end: Int?) -> UnsafeBufferPointer<BatchToken> {
    let end = end ?? counts[s]
    precondition(s >= 0 && s < shardCount && 0 <= start && start <= end && end <= counts[s])
    return UnsafeBufferPointer(start: buffers[s] + start, count: end - start)
  }

  /// Writes every shard's token count, then the long tokens' count (`shardCount + 1` values),
  /// so that the tokens appended after this moment can be told from the earlier ones.
  func mark(into marks: UnsafeMutablePointer<Int>) {
    marks.update(from: counts, count: shardCount)
    marks[shardCount] = longTokens.count
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

  /// Calls `body` with every long token (or those from the `start`th to before the `end`th,
  /// counts `mark(into:)` recorded), in order, and its bytes.
  func forEachLong(
    from start: Int = 0, to end: Int? = nil,
    _ body: (LongToken, UnsafeBufferPointer<UInt8>) throws(IndexError) -> Void
  ) throws(IndexError) {
    let end = end ?? longTokens.count
    precondition(0 <= start && start <= end && end <= longTokens.count)
    for token in longTokens[start..<end] {
      assert(token.offset + 2 <= longBytes.count, "TokenBatch: long token past the bytes")
      let p = longBytes.base + token.offset
      let n = Int(p[0]) | Int(p[1]) << 8
      assert(token.offset + 2 + n <= longBytes.count, "TokenBatch: long token past the bytes")
      try body(token, UnsafeBufferPointer(start: p + 2, count: n))
    }
  }
}
