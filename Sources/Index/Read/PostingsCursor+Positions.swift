/// A cursor's positions: decoded only for the documents that ask for them, the earlier
/// documents' positions of the block skipped.
extension PostingsCursor {
  /// The positions of the term in the current document, in increasing order.
  package mutating func positions(into out: inout [UInt32]) throws(IndexError) {
    out.removeAll(keepingCapacity: true)
    guard hasPositions else { return }
    // The reading state only moves forward: a second call for a document starts the block's
    // positions again.
    if positionsSkippedThrough > index { rewindPositions() }
    if features.hasBitPackedPositions {
      try packedPositions(into: &out)
      return
    }
    // Skip the positions of the block's earlier documents.
    while positionsSkippedThrough < index {
      for _ in 0..<Int(freqs[positionsSkippedThrough]) { _ = try positionReader.readVarInt() }
      positionsSkippedThrough += 1
    }
    var position: UInt64 = 0
    for _ in 0..<Int(frequency) {
      position += try positionReader.readVarInt()
      guard position <= UInt64(UInt32.max) else {
        throw .corrupt(section: "positions", detail: "position out of range")
      }
      out.append(UInt32(position))
    }
    positionsSkippedThrough += 1
  }

  /// Bit-packed positions: a block's position values are runs of 128 bit-packed values and
  /// then the rest as varints; a document's values start after the frequencies of the block's
  /// earlier documents, so earlier documents' positions are skipped without decoding them.
  private mutating func packedPositions(into out: inout [UInt32]) throws(IndexError) {
    while positionsSkippedThrough < index {
      positionValuesSkipped &+= Int(freqs[positionsSkippedThrough])
      positionsSkippedThrough += 1
    }
    let run = BitPacking.runLength
    let packedValues = blockPositionValues / run * run
    var position: UInt64 = 0
    var v = positionValuesSkipped
    let end = v &+ Int(frequency)
    while v < end {
      let value: UInt64
      if v < packedValues {
        let r = v / run
        if r != positionRunLoaded {
          while positionRunsPassed < r {
            try BitPacking.skip(&positionReader, count: run)
            positionRunsPassed += 1
          }
          if positionRun.isEmpty { positionRun = [UInt32](repeating: 0, count: run) }
          assert(positionRun.count == run, "position run buffer of the wrong size")
          try positionRun.withUnsafeMutableBufferPointer { (b) throws(IndexError) in
            try BitPacking.read(&positionReader, count: run, into: b.baseAddress!)
          }
          positionRunsPassed += 1
          positionRunLoaded = r
        }
        value = UInt64(positionRun[v - r * run])
      } else if features.hasRiceCodedPositionTails {
        value = try riceTailValue(v, packedValues: packedValues)
      } else {
        // The varint tail: pass the remaining runs, then the tail's earlier values.
        try passRuns(before: packedValues)
        var tail = max(packedValues, positionValuesTail)
        while tail < v {
          _ = try positionReader.readVarInt()
          tail += 1
        }
        value = try positionReader.readVarInt()
        positionValuesTail = v + 1
      }
      position += value
      guard position <= UInt64(UInt32.max) else {
        throw .corrupt(section: "positions", detail: "position out of range")
      }
      out.append(UInt32(position))
      v += 1
    }
    positionValuesSkipped = end
    positionsSkippedThrough += 1
  }

  /// A Rice tail read past the block's documents (damaged frequencies or lengths).
  private static let tailPastDocuments = IndexError.corrupt(
    section: "positions", detail: "positions past the block's documents")

  /// Puts the positions' reading state at the start of the current block, as a freshly decoded
  /// block has it.
  mutating func rewindPositions() {
    positionReader = ByteReader(
      raw, from: blockPositions.lowerBound, to: blockPositions.upperBound, section: "positions")
    positionsSkippedThrough = 0
    positionValuesSkipped = 0
    positionValuesTail = 0
    positionTail = nil
    positionRunsPassed = 0
    positionRunLoaded = -1
  }

  /// Moves `positionReader` past the block's packed runs not yet passed, up to the tail that
  /// starts at value `packedValues`.
  private mutating func passRuns(before packedValues: Int) throws(IndexError) {
    while positionRunsPassed < packedValues / BitPacking.runLength {
      try BitPacking.skip(&positionReader, count: BitPacking.runLength)
      positionRunsPassed += 1
    }
  }

  /// Value `v` of the block's Rice-coded tail (version 10), which starts at value
  /// `packedValues`: the remaining runs passed and the tail's earlier values decoded first. A
  /// document's first value has the parameter of its length, its later ones (gaps minus one)
  /// that of its length over its frequency.
  private mutating func riceTailValue(_ v: Int, packedValues: Int) throws(IndexError) -> UInt64 {
    if positionTail == nil {
      try passRuns(before: packedValues)
      positionTail = BitReader(positionReader)
      positionValuesTail = packedValues
      tailDocument = 0
      tailDocumentStart = 0
      while tailDocumentStart &+ Int(freqs[tailDocument]) <= packedValues {
        guard tailDocument &+ 1 < count else { throw Self.tailPastDocuments }
        tailDocumentStart &+= Int(freqs[tailDocument])
        tailDocument &+= 1
      }
    }
    assert(v >= positionValuesTail, "Rice tail read backwards")
    var bits = positionTail.unsafelyUnwrapped
    defer { positionTail = bits }
    while true {
      guard tailDocument < count else { throw Self.tailPastDocuments }
      let tf = freqs[tailDocument]
      let length = lengths[docs[tailDocument]]
      let value: UInt64
      if positionValuesTail == tailDocumentStart {
        value = try RiceCode.read(
          parameter: RiceCode.firstPositionParameter(length: length), from: &bits)
      } else {
        value =
          try RiceCode.read(
            parameter: RiceCode.laterPositionParameter(length: length, frequency: tf),
            from: &bits) &+ 1
      }
      positionValuesTail &+= 1
      if positionValuesTail == tailDocumentStart &+ Int(tf) {
        tailDocumentStart = positionValuesTail
        tailDocument &+= 1
      }
      if positionValuesTail > v { return value }
    }
  }
}
