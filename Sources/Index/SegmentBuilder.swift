import Tokenize

/// Inverts a run of documents in memory: terms → (document, frequency, positions) streams.
///
/// One builder serves one thread; the serializer merges the builders of several threads in
/// document order. Postings go straight into compressed per-term streams in a `SlicePool`, so
/// memory grows with the compressed postings, not with the token count.
struct SegmentBuilder: ~Copyable {
  let tokenizer: Tokenizer
  var terms = TermTable()
  var pool = SlicePool()
  /// Per document: its length in Lucene tokens (character tokens are not counted).
  var documentLengths: [UInt32] = []

  // Per term state, indexed by term id.
  var docStreams: [SliceStream] = []
  var positionStreams: [SliceStream] = []
  var documentFrequency: [UInt32] = []
  /// The document the term was last seen in (UInt32.max before the first).
  private var lastDocument: [UInt32] = []
  /// 1 + the last document flushed to the term's doc stream (the delta base).
  private var flushedNext: [UInt32] = []
  private var frequencyInDocument: [UInt32] = []
  private var lastPosition: [UInt32] = []
  /// Whether the term is a character term (no positions).
  var isCharacterTerm: [Bool] = []

  private var touched: [UInt32] = []
  private var scratch: [UInt8] = [UInt8](repeating: 0, count: 256)

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
    var length: UInt32 = 0
    var nextPosition: UInt32 = 0
    if let title, !title.isEmpty {
      var maxPosition: Int = -2
      try invert(title, doc: doc, positionBase: 0, length: &length, maxPosition: &maxPosition)
      nextPosition = UInt32(maxPosition + 2)
    }
    var maxPosition = 0
    try invert(text, doc: doc, positionBase: nextPosition, length: &length, maxPosition: &maxPosition)
    for t in touched {
      let id = Int(t)
      try docStreams[id].appendVarInt(doc &- flushedNext[id], in: &pool)
      try docStreams[id].appendVarInt(frequencyInDocument[id], in: &pool)
      flushedNext[id] = doc &+ 1
      documentFrequency[id] &+= 1
    }
    touched.removeAll(keepingCapacity: true)
    documentLengths.append(length)
  }

  private mutating func invert(
    _ text: String, doc: UInt32, positionBase: UInt32, length: inout UInt32,
    maxPosition: inout Int
  ) throws(IndexError) {
    var failure: IndexError?
    tokenizer.tokenize(text) { token, term in
      guard failure == nil else { return }
      do {
        try self.record(token, term, doc: doc, positionBase: positionBase, length: &length)
        if token.position > maxPosition { maxPosition = token.position }
      } catch let error as IndexError {
        failure = error
      } catch {}
    }
    if let failure { throw failure }
  }

  @inline(__always)
  private mutating func record(
    _ token: Token, _ term: UnsafeBufferPointer<UInt8>, doc: UInt32, positionBase: UInt32,
    length: inout UInt32
  ) throws(IndexError) {
    let isCharacter = token.kind == .character
    let id: Int
    if isCharacter {
      let n = term.count + 1
      if scratch.count < n { scratch = [UInt8](repeating: 0, count: n * 2) }
      id = try scratch.withUnsafeMutableBufferPointer { s throws(IndexError) -> Int in
        s[0] = IndexFormat.characterTermMarker
        UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: s[1..<n])).copyMemory(
          from: UnsafeRawBufferPointer(term))
        return Int(try terms.intern(UnsafeBufferPointer(rebasing: s[0..<n])))
      }
    } else {
      id = Int(try terms.intern(term))
      length &+= 1
    }
    if id == docStreams.count { try addTermState(isCharacter: isCharacter) }
    if lastDocument[id] != doc {
      lastDocument[id] = doc
      frequencyInDocument[id] = 0
      lastPosition[id] = 0
      touched.append(UInt32(id))
    }
    frequencyInDocument[id] &+= 1
    if !isCharacter {
      let position = positionBase &+ UInt32(truncatingIfNeeded: token.position)
      try positionStreams[id].appendVarInt(position &- lastPosition[id], in: &pool)
      lastPosition[id] = position
    }
  }

  private mutating func addTermState(isCharacter: Bool) throws(IndexError) {
    docStreams.append(try SliceStream.start(in: &pool))
    positionStreams.append(isCharacter ? .empty : try SliceStream.start(in: &pool))
    documentFrequency.append(0)
    lastDocument.append(UInt32.max)
    flushedNext.append(0)
    frequencyInDocument.append(0)
    lastPosition.append(0)
    isCharacterTerm.append(isCharacter)
  }

  /// Appends term `id`'s postings to `out`, with document numbers shifted by `documentBase`.
  func readPostings(of id: Int, documentBase: UInt32, into out: inout PostingsScratch) {
    var docs = SliceStreamReader(pool: pool, stream: docStreams[id])
    let hasPositions = !isCharacterTerm[id]
    var positions = SliceStreamReader(pool: pool, stream: positionStreams[id])
    var next: UInt32 = 0
    for _ in 0..<Int(documentFrequency[id]) {
      let doc = next &+ docs.readVarInt()
      next = doc &+ 1
      let tf = docs.readVarInt()
      out.documents.append(doc &+ documentBase)
      out.frequencies.append(tf)
      if hasPositions {
        var position: UInt32 = 0
        for _ in 0..<Int(tf) {
          position &+= positions.readVarInt()
          out.positions.append(position)
        }
      }
    }
  }
}

/// Reusable arrays holding one term's postings between inversion and encoding.
struct PostingsScratch {
  var documents: [UInt32] = []
  var frequencies: [UInt32] = []
  /// All positions, document after document (`frequencies[i]` of them for document i).
  var positions: [UInt32] = []

  mutating func removeAll() {
    documents.removeAll(keepingCapacity: true)
    frequencies.removeAll(keepingCapacity: true)
    positions.removeAll(keepingCapacity: true)
  }
}
