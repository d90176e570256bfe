/// Term dictionary lookups: binary search over the term index, then a scan of one block.
extension SegmentReader {
  /// Bytes per term index entry (see `FormatFeatures.termIndexEntrySize`).
  var termIndexEntrySize: Int { features.termIndexEntrySize }

  /// The number of dictionary blocks.
  var termBlockCount: Int { info(.termIndex).length / termIndexEntrySize }

  /// Orders the first term of `block` against `term` (whose `TermKey` is `key`), from the
  /// term index alone when their keys differ (term index keys), else by reading the block's
  /// head.
  @inline(__always)
  func compareFirstTerm(ofBlock block: Int, to term: UnsafeRawBufferPointer, key: UInt64)
    throws(IndexError) -> Int
  {
    if features.hasTermIndexKeys {
      let index = info(.termIndex)
      let size = TermIndexEntry.size(hasKey: true)
      let at = index.offset + block * size
      assert(
        block >= 0 && at + size <= index.range.upperBound, "term index key outside its section")
      let stored = TermIndexEntry.key(bytes, entryAt: at)
      if stored != key { return stored < key ? -1 : 1 }
    }
    return try compareHead(ofBlock: block, to: term)
  }

  /// Orders the first term of `block` against `term` by their bytes. Out of line: with term
  /// index keys a lookup needs it only when a block's key equals the term's, and inlined it
  /// would crowd the binary search.
  @inline(never)
  func compareHead(ofBlock block: Int, to term: UnsafeRawBufferPointer) throws(IndexError) -> Int {
    TermOrder.compare(try firstTerm(ofBlock: block), term)
  }

  /// Looks a term up by its UTF-8 bytes; nil when no document contains it.
  package func lookup(_ term: UnsafeRawBufferPointer) throws(IndexError) -> TermInfo? {
    let blocks = termBlockCount
    guard blocks > 0 else { return nil }
    // The last block whose first term is <= term.
    let key = TermKey.of(term)
    var low = 0
    var high = blocks - 1
    var found = -1
    while low <= high {
      let mid = (low + high) / 2
      if try compareFirstTerm(ofBlock: mid, to: term, key: key) <= 0 {
        found = mid
        low = mid + 1
      } else {
        high = mid - 1
      }
    }
    guard found >= 0 else { return nil }
    return try find(term, inBlock: found)
  }

  /// Finds `term` in one dictionary block, comparing it with the front-coded entries as they
  /// come instead of rebuilding each entry: an entry that shares more with its predecessor than
  /// the predecessor shares with `term` orders like the predecessor, one that shares less is
  /// already past `term`, and only the rest compare bytes.
  func find(_ term: UnsafeRawBufferPointer, inBlock block: Int) throws(IndexError) -> TermInfo? {
    var entries = try TermBlockReader(self, block: block)
    let target = term.bindMemory(to: UInt8.self)
    var matched = 0
    var previousLength = 0
    for _ in 0..<entries.count {
      let entry = try entries.next(maxPrefix: previousLength)
      let prefix = entry.prefix
      let suffix = entry.suffix
      let suffixLength = suffix.count
      let order: Int
      if prefix > matched {
        order = -1
      } else if prefix < matched {
        order = 1
      } else {
        let rest = target.count - prefix
        let n = min(rest, suffixLength)
        var k = 0
        while k < n && suffix[k] == target[prefix + k] { k += 1 }
        matched = prefix + k
        if k < n {
          order = suffix[k] < target[prefix + k] ? -1 : 1
        } else {
          order = suffixLength == rest ? 0 : (suffixLength < rest ? -1 : 1)
        }
      }
      if order > 0 { return nil }
      if order == 0 { return entry.info }
      previousLength = prefix + suffixLength
    }
    return nil
  }

  /// Looks a term up by its text.
  package func lookup(_ term: String) throws(IndexError) -> TermInfo? {
    try withRawBytes(Array(term.utf8)) { (p) throws(IndexError) in try lookup(p) }
  }

  /// Looks up the character term of one CJK character (its folded UTF-8 bytes).
  package func lookupCharacter(_ character: UnsafeRawBufferPointer) throws(IndexError) -> TermInfo?
  {
    var key = [UInt8](repeating: IndexFormat.characterTermMarker, count: character.count + 1)
    key.withUnsafeMutableBytes {
      $0.baseAddress!.advanced(by: 1).copyMemory(
        from: character.baseAddress!, byteCount: character.count)
    }
    return try withRawBytes(key) { (p) throws(IndexError) in try lookup(p) }
  }

  /// Which side of a CJK run touches a word, for `lookupAttached(_:side:)`.
  package enum AttachedSide: Sendable {
    /// The character starts a run right after a word (`2020年`).
    case afterWord
    /// The character ends a run right before a word (`第1`).
    case beforeWord
  }

  /// Looks up an attached-character term (format version 2 and later; nil in version 1).
  package func lookupAttached(_ character: UnsafeRawBufferPointer, side: AttachedSide)
    throws(IndexError) -> TermInfo?
  {
    guard features.hasAttachedTerms else { return nil }
    let marker =
      side == .afterWord
      ? IndexFormat.attachedAfterWordMarker : IndexFormat.attachedBeforeWordMarker
    var key = [UInt8](repeating: marker, count: character.count + 1)
    key.withUnsafeMutableBytes {
      $0.baseAddress!.advanced(by: 1).copyMemory(
        from: character.baseAddress!, byteCount: character.count)
    }
    return try withRawBytes(key) { (p) throws(IndexError) in try lookup(p) }
  }

  /// Calls `body` for every term in dictionary order, with its bytes and info.
  package func forEachTerm(
    _ body: (UnsafeBufferPointer<UInt8>, TermInfo) throws(IndexError) -> Void
  ) throws(IndexError) {
    for block in 0..<termBlockCount {
      try scanBlock(block) { (bytes, info) throws(IndexError) -> Bool in
        try body(bytes, info)
        return true
      }
    }
  }

  /// Calls `body` for every term that starts with `prefix`, in dictionary order.
  package func forEachTerm(
    withPrefix prefix: UnsafeRawBufferPointer,
    _ body: (UnsafeBufferPointer<UInt8>, TermInfo) throws(IndexError) -> Void
  ) throws(IndexError) {
    guard prefix.count > 0 else {
      try forEachTerm(body)
      return
    }
    let blocks = termBlockCount
    guard blocks > 0 else { return }
    let key = TermKey.of(prefix)
    var low = 0
    var high = blocks - 1
    var start = 0
    while low <= high {
      let mid = (low + high) / 2
      if try compareFirstTerm(ofBlock: mid, to: prefix, key: key) < 0 {
        start = mid
        low = mid + 1
      } else {
        high = mid - 1
      }
    }
    var done = false
    var block = start
    while !done && block < blocks {
      try scanBlock(block) { (bytes, info) throws(IndexError) -> Bool in
        if bytes.count >= prefix.count
          && SystemCalls.compareBytes(bytes.baseAddress!, prefix.baseAddress!, count: prefix.count)
            == 0
        {
          try body(bytes, info)
          return true
        }
        if TermOrder.compare(UnsafeRawBufferPointer(bytes), prefix) > 0 {
          done = true
          return false
        }
        return true
      }
      block += 1
    }
  }

  /// Calls `body` with the bytes of `array`, keeping `body`'s typed error.
  func withRawBytes<R>(
    _ array: [UInt8], _ body: (UnsafeRawBufferPointer) throws(IndexError) -> R
  ) throws(IndexError) -> R {
    let result: Result<R, IndexError> = array.withUnsafeBytes { p in
      Result { () throws(IndexError) -> R in try body(p) }
    }
    return try result.get()
  }

  func blockOffset(_ block: Int) throws(IndexError) -> Int {
    let index = info(.termIndex)
    let terms = info(.terms)
    let at = index.offset + block * termIndexEntrySize
    assert(block >= 0 && at + 8 <= index.range.upperBound, "term index entry outside its section")
    let offset = TermIndexEntry.blockOffset(bytes, entryAt: at)
    guard offset < UInt64(terms.length) else {
      throw .corrupt(section: "term index", detail: "block \(block) points outside the dictionary")
    }
    return terms.offset + Int(offset)
  }

  /// The first (uncompressed) term of a dictionary block.
  func firstTerm(ofBlock block: Int) throws(IndexError) -> UnsafeRawBufferPointer {
    var entries = try TermBlockReader(self, block: block)
    return try entries.first(ofBlock: block).suffix
  }

  /// Decodes the entries of one block in order until `body` returns false.
  func scanBlock(
    _ block: Int,
    _ body: (UnsafeBufferPointer<UInt8>, TermInfo) throws(IndexError) -> Bool
  ) throws(IndexError) {
    var entries = try TermBlockReader(self, block: block)
    var term = [UInt8]()
    term.reserveCapacity(64)
    for _ in 0..<entries.count {
      let entry = try entries.next(maxPrefix: term.count)
      term.removeSubrange(entry.prefix...)
      term.append(contentsOf: entry.suffix)
      let keepGoing = try term.withUnsafeBufferPointer { (p) throws(IndexError) -> Bool in
        try body(p, entry.info)
      }
      if !keepGoing { return }
    }
  }

}
