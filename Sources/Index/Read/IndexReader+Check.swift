/// The full verification behind `search check`: checksums, then every structural invariant.
extension IndexReader {
  /// What `check()` verified.
  public struct CheckReport: Sendable, Equatable {
    public var sectionsVerified: Int
    public var documentsVerified: Int
    public var termsVerified: Int
    public var postingsVerified: Int
  }

  /// Verifies every section checksum and decodes every document, term, posting and position,
  /// checking the invariants the writer guarantees. Throws the first problem found.
  ///
  /// Cost grows with the file size; opening does none of this.
  public func check() throws(IndexError) -> CheckReport {
    for info in sections {
      let bytes = UnsafeRawBufferPointer(rebasing: file.bytes[info.range])
      guard CRC32.checksum(bytes) == info.checksum else {
        throw .corrupt(section: info.section.name, detail: "checksum mismatch")
      }
    }
    // Documents: lengths add up, stored records parse.
    var total: UInt64 = 0
    for doc in 0..<documentCount {
      total += UInt64(documentLength(doc))
      _ = try storedRecord(doc)
    }
    guard total == totalTokens else {
      throw .corrupt(
        section: "document lengths",
        detail: "lengths add up to \(total), footer says \(totalTokens)")
    }
    let offsets = info(.storedOffsets)
    let last = file.bytes.loadUnaligned(
      fromByteOffset: offsets.offset + documentCount * 8, as: UInt64.self
    ).littleEndian
    guard last == UInt64(info(.stored).length) else {
      throw .corrupt(
        section: "stored offsets", detail: "the last offset does not close the section")
    }
    // Terms: strictly increasing, postings and positions contiguous, every posting valid, and
    // each document's Lucene-term frequencies adding up to its length.
    var tokenSums = [UInt64](repeating: 0, count: documentCount)
    var previous: [UInt8]? = nil
    var terms = 0
    var postingsCount = 0
    var nextPostings = info(.postings).offset
    var nextPositions = info(.positions).offset
    var positions: [UInt32] = []
    try forEachTerm { (bytes, term) throws(IndexError) in
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
      var cursor = try postings(term)
      var seen = 0
      var maxTF: UInt32 = 0
      var minLength = UInt32.max
      while cursor.document != PostingsCursor.end {
        seen += 1
        // Pruning skips blocks by these bounds: they must hold for every document.
        guard cursor.frequency <= cursor.blockMaxFrequency,
          documentLength(Int(cursor.document)) >= cursor.blockMinLength
        else {
          throw .corrupt(section: "postings", detail: "term \(terms) breaks its block bounds")
        }
        maxTF = max(maxTF, cursor.frequency)
        minLength = min(minLength, documentLength(Int(cursor.document)))
        if !isCharacter {
          if !IndexFormat.isAuxiliaryTerm(firstByte: bytes.first) {
            tokenSums[Int(cursor.document)] += UInt64(cursor.frequency)
          }
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
      postingsCount += seen
      terms += 1
      previous = Array(bytes)
    }
    if formatVersion >= 3 {
      for block in 0..<termBlockCount {
        let first = try firstTerm(ofBlock: block)
        if try compareFirstTerm(ofBlock: block, to: first, key: IndexReader.prefixKey(first)) != 0 {
          throw .corrupt(
            section: "term index", detail: "block \(block)'s key is not its first term")
        }
      }
    }
    guard terms == termCount else {
      throw .corrupt(section: "term dictionary", detail: "\(terms) terms, footer says \(termCount)")
    }
    guard nextPostings == info(.postings).range.upperBound,
      nextPositions == info(.positions).range.upperBound
    else {
      throw .corrupt(section: "postings", detail: "bytes after the last term's postings")
    }
    for doc in 0..<documentCount where tokenSums[doc] != UInt64(documentLength(doc)) {
      throw .corrupt(
        section: "document lengths",
        detail:
          "document \(doc) has \(tokenSums[doc]) term occurrences but length \(documentLength(doc))"
      )
    }
    return CheckReport(
      sectionsVerified: sections.count, documentsVerified: documentCount, termsVerified: terms,
      postingsVerified: postingsCount)
  }
}
