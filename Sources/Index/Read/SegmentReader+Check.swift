/// The full verification behind `search check`: checksums, then every structural invariant.
extension SegmentReader {
  /// What `check()` verified.
  package struct CheckReport: Sendable, Equatable {
    package var sectionsVerified: Int
    package var documentsVerified: Int
    package var termsVerified: Int
    package var postingsVerified: Int
  }

  /// Verifies every section checksum and decodes every document, term, posting and position,
  /// checking the invariants the writer guarantees. Throws the first problem found.
  ///
  /// Cost grows with the file size; opening does none of this.
  package func check() throws(IndexError) -> CheckReport {
    try verifySectionChecksums()
    try checkDocuments()
    var walk = TermWalk(self)
    try forEachTerm { (bytes, term) throws(IndexError) in try walk.visit(bytes, term, in: self) }
    try checkTermIndexKeys()
    try walk.finish(in: self)
    return CheckReport(
      sectionsVerified: sections.count, documentsVerified: documentCount,
      termsVerified: walk.terms, postingsVerified: walk.postings)
  }

  /// Every section's bytes against its checksum in the footer: what a merge or an upgrade
  /// verifies before it copies an image.
  package func verifySectionChecksums() throws(IndexError) {
    for info in sections {
      let bytes = UnsafeRawBufferPointer(rebasing: bytes[info.range])
      guard CRC32.checksum(bytes) == info.checksum else {
        throw .corrupt(section: info.section.name, detail: "checksum mismatch")
      }
    }
  }

  /// Documents: lengths add up, stored records parse (version 8: decode to exactly their
  /// recorded lengths, adding up to the code's `textBytes`), the last offset closes the
  /// section.
  private func checkDocuments() throws(IndexError) {
    var total: UInt64 = 0
    var textBytes: UInt64 = 0
    for doc in 0..<documentCount {
      total += UInt64(documentLength(doc))
      textBytes += UInt64(try storedRecord(doc).content.count)
    }
    if let code = try storedTextCode()?.code, code.textBytes != textBytes {
      throw .corrupt(
        section: "stored text code",
        detail: "the records hold \(textBytes) bytes of text, the code says \(code.textBytes)")
    }
    guard total == totalTokens else {
      throw .corrupt(
        section: "document lengths",
        detail: "lengths add up to \(total), footer says \(totalTokens)")
    }
    let offsets = info(.storedOffsets)
    assert(offsets.offset + documentCount * 8 + 8 <= offsets.range.upperBound, "past the offsets")
    let last = bytes.loadUnaligned(
      fromByteOffset: offsets.offset + documentCount * 8, as: UInt64.self
    ).littleEndian
    guard last == UInt64(info(.stored).length) else {
      throw .corrupt(
        section: "stored offsets", detail: "the last offset does not close the section")
    }
  }

  /// With term index keys, every block's key must be its first term's.
  private func checkTermIndexKeys() throws(IndexError) {
    guard features.hasTermIndexKeys else { return }
    for block in 0..<termBlockCount {
      let first = try firstTerm(ofBlock: block)
      if try compareFirstTerm(ofBlock: block, to: first, key: TermKey.of(first)) != 0 {
        throw .corrupt(section: "term index", detail: "block \(block)'s key is not its first term")
      }
    }
  }

  /// The terms in dictionary order: strictly increasing, postings and positions contiguous,
  /// every posting valid, and each document's Lucene-term frequencies adding up to its length.
  private struct TermWalk {
    var tokenSums: [UInt64]
    var previous: [UInt8]? = nil
    var terms = 0
    var postings = 0
    var nextPostings: Int
    var nextPositions: Int
    var positions: [UInt32] = []

    init(_ reader: SegmentReader) {
      tokenSums = [UInt64](repeating: 0, count: reader.documentCount)
      nextPostings = reader.info(.postings).offset
      nextPositions = reader.info(.positions).offset
    }

    /// Checks one term: its order, where its bytes lie, and every one of its postings.
    mutating func visit(
      _ bytes: UnsafeBufferPointer<UInt8>, _ term: TermInfo, in reader: SegmentReader
    )
      throws(IndexError)
    {
      if let previous {
        guard previous.lexicographicallyPrecedes(bytes) else {
          throw .corrupt(section: "term dictionary", detail: "terms out of order at term \(terms)")
        }
      }
      guard term.postings.lowerBound == nextPostings, term.positions.lowerBound == nextPositions
      else {
        throw .corrupt(section: "term dictionary", detail: "term \(terms) is not contiguous")
      }
      nextPostings = term.postings.upperBound
      nextPositions = term.positions.upperBound
      let isCharacter = bytes.first == IndexFormat.characterTermMarker
      if isCharacter && !term.positions.isEmpty {
        throw .corrupt(section: "term dictionary", detail: "character term \(terms) has positions")
      }
      if !isCharacter && term.positions.isEmpty {
        throw .corrupt(section: "term dictionary", detail: "term \(terms) has no positions")
      }
      let counted = !isCharacter && !IndexFormat.isAuxiliaryTerm(firstByte: bytes.first)
      let seen = try checkPostings(term, in: reader, positions: !isCharacter, counted: counted)
      postings += seen
      terms += 1
      previous = Array(bytes)
    }

    /// Decodes every posting of `term`, checking its block bounds, its positions (when it has
    /// them) and its header's bounds; adds its frequencies to the token sums when `counted`.
    /// Returns the number of postings.
    private mutating func checkPostings(
      _ term: TermInfo, in reader: SegmentReader, positions hasPositions: Bool, counted: Bool
    ) throws(IndexError) -> Int {
      var cursor = try reader.postings(term)
      var seen = 0
      var maxTF: UInt32 = 0
      var minLength = UInt32.max
      while cursor.document != PostingsCursor.end {
        seen += 1
        let length = reader.documentLength(Int(cursor.document))
        // Pruning skips blocks by these bounds: they must hold for every document.
        guard cursor.frequency <= cursor.blockMaxFrequency, length >= cursor.blockMinLength else {
          throw .corrupt(section: "postings", detail: "term \(terms) breaks its block bounds")
        }
        maxTF = max(maxTF, cursor.frequency)
        minLength = min(minLength, length)
        if hasPositions {
          if counted { tokenSums[Int(cursor.document)] += UInt64(cursor.frequency) }
          try cursor.positions(into: &positions)
          for i in 1..<max(1, positions.count) where positions[i] <= positions[i - 1] {
            throw .corrupt(
              section: "positions", detail: "positions not increasing in term \(terms)")
          }
        }
        try cursor.next()
      }
      guard seen == term.documentFrequency, maxTF == cursor.maxFrequency,
        minLength == cursor.minLength
      else {
        throw .corrupt(section: "postings", detail: "term \(terms) disagrees with its header")
      }
      return seen
    }

    /// After the last term: the counts and ends the footer and the sections give, and every
    /// document's length against its token sum.
    func finish(in reader: SegmentReader) throws(IndexError) {
      guard terms == reader.termCount else {
        throw .corrupt(
          section: "term dictionary", detail: "\(terms) terms, footer says \(reader.termCount)")
      }
      guard nextPostings == reader.info(.postings).range.upperBound,
        nextPositions == reader.info(.positions).range.upperBound
      else {
        throw .corrupt(section: "postings", detail: "bytes after the last term's postings")
      }
      for doc in 0..<reader.documentCount
      where tokenSums[doc] != UInt64(reader.documentLength(doc)) {
        throw .corrupt(
          section: "document lengths",
          detail:
            "document \(doc) has \(tokenSums[doc]) term occurrences but length \(reader.documentLength(doc))"
        )
      }
    }
  }
}
