/// Resolves a query's terms against the index once per search and hands out cursors.
///
/// Term lookups are cached, so a term that occurs in several phrases is looked up once; the
/// sources a plan shares (the required terms of a conjunction, which all stand on the same
/// candidate) come from a `SourcePool`, while sources that move independently get their own.
final class QueryPlanner {
  /// A term as the plan sees it: Lucene term bytes, a character term, or an attached one.
  struct LookupKey: Hashable {
    var bytes: [UInt8]
    var isCharacter: Bool
    /// Set for an attached-character term (`bytes` is the character, `isCharacter` false).
    var attached: SegmentReader.AttachedSide? = nil
  }

  /// Sources that may be shared, in order of creation (for deterministic plans).
  ///
  /// A query has a handful of terms, so the pool and the caches below search arrays: cheaper
  /// than hashing term bytes, which a dictionary does byte by byte.
  struct SourcePool {
    var keys: [LookupKey] = []
    var ordered: [TermIterator] = []

    /// The pool's source for `key`, if it has one.
    func source(for key: LookupKey) -> TermIterator? {
      guard let i = keys.firstIndex(of: key) else { return nil }
      return ordered[i]
    }
  }

  let reader: SegmentReader
  let counters: WorkCounters
  /// The collection-wide live document frequencies of the query's scored keys, for idf (a
  /// key not listed falls back to the segment's own frequency).
  var frequencies: [LookupKey: Int] = [:]
  private var infos: [(key: LookupKey, info: TermInfo?)] = []
  private var variantInfos: [(character: [UInt8], infos: [TermInfo])] = []

  init(reader: SegmentReader, counters: WorkCounters) {
    self.reader = reader
    self.counters = counters
  }

  /// The term's dictionary entry; nil when no document contains it.
  func info(_ key: LookupKey) throws(IndexError) -> TermInfo? {
    if let cached = infos.first(where: { $0.key == key }) { return cached.info }
    let found = try reader.withRawBytes(key.bytes) { (p) throws(IndexError) -> TermInfo? in
      if let side = key.attached { return try reader.lookupAttached(p, side: side) }
      return key.isCharacter ? try reader.lookupCharacter(p) : try reader.lookup(p)
    }
    infos.append((key, found))
    return found
  }

  /// The document frequency BM25's idf uses for `key`: over every live document of the
  /// index, so that a segment scores as the whole index would.
  func documentFrequency(_ key: LookupKey, _ info: TermInfo) -> Int {
    assert(frequencies[key] != nil, "a scored key without its collection frequency")
    return frequencies[key] ?? info.documentFrequency
  }

  /// A new, unshared source.
  func source(_ info: TermInfo) -> TermIterator {
    TermIterator(reader: reader, info: info, counters: counters)
  }

  /// The pool's source for `key`, created on first use; nil when the term is absent.
  func source(_ key: LookupKey, in pool: inout SourcePool) throws(IndexError) -> TermIterator? {
    if let existing = pool.source(for: key) { return existing }
    guard let info = try info(key) else { return nil }
    let created = source(info)
    pool.keys.append(key)
    pool.ordered.append(created)
    return created
  }

  /// The terms that can stand for a lone character at its position: the character alone (a
  /// lone-character term) and every bigram that starts with it.
  func variants(of character: [UInt8]) throws(IndexError) -> [TermInfo] {
    if let cached = variantInfos.first(where: { $0.character == character }) {
      return cached.infos
    }
    var found: [TermInfo] = []
    try reader.withRawBytes(character) { (prefix) throws(IndexError) in
      try reader.forEachTerm(withPrefix: prefix) { (term, info) throws(IndexError) in
        if term.count == character.count {
          found.append(info)
        } else if term.count == character.count + UTF8Scalars.length(lead: term[character.count]) {
          found.append(info)
        }
      }
    }
    variantInfos.append((character, found))
    return found
  }

  /// Whether the index has attached-character terms (format version 2 and later); older
  /// indexes match a glued character by the union of its bigrams, as for any lone character.
  var usesAttachedTerms: Bool { reader.features.hasAttachedTerms }

  /// The matcher of `phrase`, its required sources drawn from `pool`; nil when it cannot
  /// match anything (a term is absent from the index, or the phrase has no term at all: only
  /// a hand-built `QueryPhrase` can, and it matches nothing rather than everything).
  func matcher(for phrase: QueryPhrase, in pool: inout SourcePool) throws(IndexError)
    -> PhraseMatcher?
  {
    guard !phrase.terms.isEmpty else { return nil }
    var slots: [PhraseMatcher.Slot] = []
    var offsets: [Int] = []
    var required: [TermIterator] = []
    func require(_ source: TermIterator) {
      if !required.contains(where: { $0 === source }) { required.append(source) }
    }
    let implied = Self.impliedTerms(phrase.terms)
    for (index, term) in phrase.terms.enumerated() {
      let bytes = term.bytes
      if implied[index] {
        // Its position is checked by its neighbours; it still narrows the intersection.
        guard let s = try source(LookupKey(bytes: bytes, isCharacter: false), in: &pool) else {
          return nil
        }
        require(s)
        continue
      }
      func place(_ slot: PhraseMatcher.Slot) {
        slots.append(slot)
        offsets.append(term.position)
      }
      switch term.kind {
      case .term:
        guard let s = try source(LookupKey(bytes: bytes, isCharacter: false), in: &pool) else {
          return nil
        }
        require(s)
        place(.term(s))
      case .character:
        guard let s = try source(LookupKey(bytes: bytes, isCharacter: true), in: &pool) else {
          return nil
        }
        require(s)
        place(.character(s))
      case .loneCharacter where usesAttachedTerms && !term.attachment.isEmpty:
        // Glued to a word: one positional slot per glued side, all at the token's offset.
        for (glue, side) in Self.attachedSides where term.attachment.contains(glue) {
          let key = LookupKey(bytes: bytes, isCharacter: false, attached: side)
          guard let s = try source(key, in: &pool) else { return nil }
          require(s)
          place(.term(s))
        }
      case .loneCharacter:
        guard let s = try source(LookupKey(bytes: bytes, isCharacter: true), in: &pool) else {
          return nil
        }
        require(s)
        let variants = try variants(of: bytes)
        if variants.isEmpty { return nil }
        place(.loneCharacter(variants: VariantUnion(variants.map { source($0) })))
      }
    }
    return PhraseMatcher(slots: slots, offsets: offsets, required: required)
  }

  /// Which terms a phrase need not check: inside a run of bigrams at offsets s, s+1, …, e,
  /// those at s + 1, s + 3, … (but e).
  ///
  /// Every break between CJK runs leaves a gap of one position, so two bigrams two positions
  /// apart come from one run, and the bigram between them is the second character of the one
  /// and the first of the other: the query's bigram at that offset. Checking the bigrams at
  /// offsets s, s + 2, s + 4, … and e therefore implies the others; they are still scored.
  static func impliedTerms(_ terms: [QueryTerm]) -> [Bool] {
    var implied = [Bool](repeating: false, count: terms.count)
    guard terms.count >= 3 else { return implied }
    // Offsets of term tokens (duplicates at one offset come from other kinds, never .term).
    var termAt: [Int: Int] = [:]
    for (i, term) in terms.enumerated() where term.kind == .term {
      if termAt[term.position] != nil { return implied }
      termAt[term.position] = i
    }
    for (offset, i) in termAt {
      // The run's first offset: walk back over consecutive term offsets.
      guard termAt[offset - 1] != nil, termAt[offset + 1] != nil else { continue }
      var start = offset - 1
      while termAt[start - 1] != nil { start -= 1 }
      if (offset - start) % 2 == 1 { implied[i] = true }
    }
    return implied
  }

  /// Which attached-character term records each way a character can be glued to a word.
  static let attachedSides: [(QueryTerm.Attachment, SegmentReader.AttachedSide)] = [
    (.afterWord, .afterWord), (.beforeWord, .beforeWord),
  ]
}
