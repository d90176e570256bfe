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
/// A document is inverted in two passes: the tokenizer callback only packs each token into a
/// reusable buffer (`TokenBuffer`), then a tight loop looks the terms up and updates their
/// state. Keeping the two apart keeps each loop small, so the processor overlaps the cache
/// misses of consecutive lookups.
struct SegmentBuilder: ~Copyable {
  let tokenizer: Tokenizer
  var terms = TermTable()
  var pool = SlicePool()
  /// Per document: its length in Lucene tokens (character tokens are not counted).
  var documentLengths: [UInt32] = []
  private var tokens = TokenBuffer()

  init(tokenizer: Tokenizer) {
    self.tokenizer = tokenizer
  }

  var documentCount: Int { documentLengths.count }

  /// Inverts one document; its number is the current `documentCount`.
  mutating func add(title: String?, text: String) throws(IndexError) {
    guard documentLengths.count < Int(UInt32.max - 1) else {
      throw .tooLarge(detail: "more than 4 billion documents")
    }
    let doc = UInt32(documentLengths.count)
    tokens.removeAll()
    var length: UInt32 = 0
    var nextPosition: UInt32 = 0
    if let title, !title.isEmpty {
      collect(title, positionBase: 0, length: &length)
      // Tokens come in order of position: the last one has the largest.
      if tokens.count > 0 { nextPosition = tokens.last.position &+ 2 }
    }
    collect(text, positionBase: nextPosition, length: &length)
    try invertCollected(doc: doc)
    documentLengths.append(length)
  }

  /// Tokenizes `text` into `tokens`, counting its Lucene tokens in `length`.
  private mutating func collect(_ text: String, positionBase: UInt32, length: inout UInt32) {
    tokenizer.tokenize(text) { token, term in
      let position = positionBase &+ UInt32(truncatingIfNeeded: token.position)
      let n = term.count
      if token.kind == .character {
        if n <= 6 {
          let key =
            UInt64(n &+ 1) &<< 56 | TermTable.packedBytes(term) &<< 8
            | UInt64(IndexFormat.characterTermMarker)
          tokens.append(key: key, position: position, flags: TokenBuffer.character)
        } else {
          tokens.appendLong(term, position: position, character: true)
        }
      } else {
        length &+= 1
        if n <= 7 {
          let key = UInt64(n) &<< 56 | TermTable.packedBytes(term)
          tokens.append(key: key, position: position, flags: 0)
        } else {
          tokens.appendLong(term, position: position, character: false)
        }
      }
    }
  }

  /// Adds the collected tokens of document `doc` to their terms' streams.
  private mutating func invertCollected(doc: UInt32) throws(IndexError) {
    let count = tokens.count
    var i = 0
    while i < count {
      let token = tokens[i]
      i &+= 1
      let id: Int
      if TermTable.isHashed(token.key) {
        let bytes = tokens.longBytes(token)
        let found = terms.find(token.key, bytes: bytes)
        id = found.id >= 0 ? found.id : try newTerm(token, bytes: bytes, slot: found.slot, doc: doc)
      } else {
        let found = terms.find(token.key, bytes: nil)
        if found.id >= 0 {
          id = found.id
        } else {
          id = try withUnsafeBytes(of: token.key.littleEndian) { raw throws(IndexError) in
            let bytes = UnsafeBufferPointer(
              start: raw.bindMemory(to: UInt8.self).baseAddress, count: Int(token.key >> 56))
            return try newTerm(token, bytes: bytes, slot: found.slot, doc: doc)
          }
        }
      }
      let state = terms.state(id)
      if state.pointee.pendingDocument != doc {
        try flushPending(state, id: id)
        state.pointee.pendingDocument = doc
        state.pointee.frequency = 0
        state.pointee.lastPosition = 0
      }
      state.pointee.frequency &+= 1
      if token.flags & TokenBuffer.character == 0 {
        try pool.appendVarInt(
          token.position &- state.pointee.lastPosition, at: &state.pointee.positionCursor)
        state.pointee.lastPosition = token.position
      }
    }
  }

  /// Adds the term of `token` (not yet in the table) and returns its id.
  @inline(never)
  private mutating func newTerm(
    _ token: PendingToken, bytes: UnsafeBufferPointer<UInt8>, slot: Int, doc: UInt32
  ) throws(IndexError) -> Int {
    let id = try terms.insert(token.key, bytes: bytes, slot: slot)
    let state = terms.state(id)
    state.pointee.pendingDocument = doc
    if token.flags & TokenBuffer.character == 0 {
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

  /// Whether term `id` is a character term (it has no positions).
  func isCharacterTerm(_ id: Int) -> Bool { terms.isCharacterTerm(id) }

  /// A reader of term `id`'s postings; valid while the builder is not changed.
  func postings(of id: Int) -> TermPostingsReader {
    let state = terms.state(id).pointee
    let heads = terms.heads[id]
    return TermPostingsReader(
      documents: SliceStreamReader(
        pool: pool, head: heads.document, end: state.documentCursor),
      positions: SliceStreamReader(
        pool: pool, head: heads.position, end: state.positionCursor),
      pendingDocument: state.pendingDocument, pendingFrequency: state.frequency)
  }
}

/// Reads one term's postings in one segment: (document, frequency) in document order, with
/// document numbers local to the segment, and the raw position stream beside them.
struct TermPostingsReader {
  var documents: SliceStreamReader
  /// The term's positions: per document, `frequency` deltas from the previous position (the
  /// first from 0) — the file's own encoding.
  var positions: SliceStreamReader
  let pendingDocument: UInt32
  let pendingFrequency: UInt32
  private var next: UInt32 = 0
  private var done = false

  init(
    documents: SliceStreamReader, positions: SliceStreamReader, pendingDocument: UInt32,
    pendingFrequency: UInt32
  ) {
    self.documents = documents
    self.positions = positions
    self.pendingDocument = pendingDocument
    self.pendingFrequency = pendingFrequency
  }

  /// The next (document, frequency), or nil after the last.
  @inline(__always)
  mutating func next(_ document: inout UInt32, _ frequency: inout UInt32) -> Bool {
    if !documents.atEnd {
      let code = documents.readVarInt64()
      frequency = code & 1 != 0 ? 1 : documents.readVarInt()
      document = next &+ UInt32(truncatingIfNeeded: code >> 1)
      next = document &+ 1
      return true
    }
    if done { return false }
    done = true
    document = pendingDocument
    frequency = pendingFrequency
    return true
  }
}

/// One token of the current document, packed by the tokenizer callback for the inverter.
struct PendingToken {
  /// The packed key (see `TermTable.packedKey`).
  var key: UInt64
  /// The position in the document (title and text together).
  var position: UInt32
  /// `TokenBuffer.character`, `TokenBuffer.long`, and for long terms the offset of the term's
  /// bytes in the long-term buffer (`flags >> 2`).
  var flags: UInt32
}

/// The tokens of one document, reused from document to document.
struct TokenBuffer: ~Copyable {
  static let character: UInt32 = 1
  static let long: UInt32 = 2

  private var base: UnsafeMutablePointer<PendingToken>
  private var capacity = 4096
  private(set) var count = 0
  /// Bytes of the terms longer than 7 bytes: per term a 2-byte length, then the bytes.
  private var longTerms = OutputBuffer(capacity: 1024)

  init() {
    base = .allocate(capacity: capacity)
  }

  deinit { base.deallocate() }

  mutating func removeAll() {
    count = 0
    longTerms.removeAll()
  }

  @inline(__always)
  subscript(i: Int) -> PendingToken { base[i] }

  var last: PendingToken { base[count - 1] }

  @inline(__always)
  mutating func append(key: UInt64, position: UInt32, flags: UInt32) {
    if count == capacity { grow() }
    (base + count).initialize(to: PendingToken(key: key, position: position, flags: flags))
    count &+= 1
  }

  @inline(never)
  private mutating func grow() {
    let fresh = UnsafeMutablePointer<PendingToken>.allocate(capacity: capacity * 2)
    fresh.moveInitialize(from: base, count: count)
    base.deallocate()
    base = fresh
    capacity *= 2
  }

  /// Appends a term longer than 7 bytes (or a character term longer than 6): its bytes go to
  /// the long-term buffer and its key is their hash.
  @inline(never)
  mutating func appendLong(_ term: UnsafeBufferPointer<UInt8>, position: UInt32, character: Bool) {
    let offset = longTerms.count
    precondition(offset < 1 << 30, "more than 1 GiB of long terms in one document")
    let n = term.count + (character ? 1 : 0)
    longTerms.write(UInt16(truncatingIfNeeded: n))
    if character { longTerms.append(IndexFormat.characterTermMarker) }
    longTerms.append(term)
    let key = TermTable.packedKey(
      UnsafeBufferPointer(start: longTerms.base + offset + 2, count: n))
    let flags = UInt32(offset) << 2 | TokenBuffer.long | (character ? TokenBuffer.character : 0)
    append(key: key, position: position, flags: flags)
  }

  /// The bytes of a long term's token; valid until the next append.
  func longBytes(_ token: PendingToken) -> UnsafeBufferPointer<UInt8> {
    let p = longTerms.base + Int(token.flags >> 2)
    let n = Int(p[0]) | Int(p[1]) << 8
    return UnsafeBufferPointer(start: p + 2, count: n)
  }
}
