/// One shard of a segment's terms: their table and the pool of their streams.
///
/// A shard is what stays in cache while a batch of its tokens is inverted (see
/// `SegmentBuilder`); every term lives in exactly one shard.
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
        UInt64(position &- state.pointee.lastPosition), at: &state.pointee.positionCursor)
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
  /// encoding (`PostingsEntry`): only now, when the term shows up in a later document, is the
  /// pending document's frequency known.
  @inline(__always)
  private mutating func flushPending(_ state: UnsafeMutablePointer<TermState>, id: Int)
    throws(IndexError)
  {
    let document = state.pointee.pendingDocument
    var cursor = state.pointee.documentCursor
    if cursor == 0 {
      cursor = try pool.startStream()
      terms.heads[id].document = cursor
    }
    try PostingsEntry.write(
      delta: UInt64(document &- state.pointee.pendingBase), frequency: state.pointee.frequency,
      to: &pool, at: &cursor)
    state.pointee.documentCursor = cursor
    state.pointee.pendingBase = document &+ 1
  }

  /// Appends one `TermBlob` per term to `blobs`, in byte order, and its entry to `sorted`.
  ///
  /// Writing the blobs in byte order means the serializer, reading terms in byte order, reads
  /// each shard's blobs front to back. `order`, `docs` and `positions` are scratch, reused
  /// from shard to shard.
  func flatten(
    into blobs: inout OutputBuffer, sorted: inout [SortedTerm], order: inout [SortedTerm],
    docs: inout OutputBuffer, positions: inout OutputBuffer
  ) {
    sortByBytes(&order)
    for entry in order {
      let id = SortedTerm.offset(entry.ref)
      let state = terms.state(id).pointee
      let heads = terms.heads[id]
      docs.removeAll()
      positions.removeAll()
      var reader = SliceStreamReader(pool: pool, head: heads.document, end: state.documentCursor)
      reader.copyRest(to: &docs)
      // The pending document's entry (see `flushPending`).
      PostingsEntry.write(
        delta: UInt64(state.pendingDocument &- state.pendingBase), frequency: state.frequency,
        to: &docs)
      if state.positionCursor != 0 {
        var p = SliceStreamReader(pool: pool, head: heads.position, end: state.positionCursor)
        p.copyRest(to: &positions)
      }
      let bytes = terms.bytes(of: id)
      let offset = blobs.count
      TermBlob.append(term: bytes, docs: docs.bytes, positions: positions.bytes, to: &blobs)
      sorted.append(SortedTerm(bytes, offset: offset))
    }
  }

  /// Fills `order` with the shard's terms in byte order (ids in place of blob offsets).
  private func sortByBytes(_ order: inout [SortedTerm]) {
    order.removeAll(keepingCapacity: true)
    for id in 0..<terms.count { order.append(SortedTerm(terms.bytes(of: id), offset: id)) }
    order.sort { a, b in
      if a.prefix != b.prefix { return a.prefix < b.prefix }
      let m = SortedTerm.length(a.ref)
      let n = SortedTerm.length(b.ref)
      if m <= 8 && n <= 8 { return m < n }
      return TermOrder.compare(
        terms.bytes(of: SortedTerm.offset(a.ref)), terms.bytes(of: SortedTerm.offset(b.ref))) < 0
    }
  }
}
