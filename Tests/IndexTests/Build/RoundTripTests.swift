import TestSupport
import Testing

@testable import Index

@Suite struct RoundTripTests {
  /// Every posting read back from the file equals the reference, for several seeded corpora.
  @Test(arguments: [(UInt64(1), 1), (2, 50), (3, 400), (4, 1500)])
  func everyPostingRoundTrips(seed: UInt64, documents: Int) throws {
    let docs = randomCorpus(seed: seed, documents: documents)
    let reference = ReferenceIndex(docs)
    for threads in [1, 2] {
      let writer = IndexWriter(threads: threads)
      for doc in docs { writer.add(doc) }
      let reader = try SegmentReader(bytes: try writer.buildImage())
      #expect(reader.documentCount == docs.count)
      #expect(reader.termCount == reference.postings.count)
      for d in 0..<docs.count {
        #expect(reader.documentLength(d) == reference.lengths[d])
        #expect(try reader.storedDocument(d) == docs[d])
      }
      var seen = 0
      var positions: [UInt32] = []
      try reader.forEachTerm { bytes, info throws(IndexError) in
        seen += 1
        let expected = reference.postings[Array(bytes)] ?? []
        #expect(info.documentFrequency == expected.count)
        var cursor = try reader.postings(info)
        for posting in expected {
          #expect(cursor.document == posting.document)
          #expect(cursor.frequency == UInt32(posting.positions.count))
          try cursor.positions(into: &positions)
          if bytes.first != IndexFormat.characterTermMarker {
            #expect(positions == posting.positions)
          }
          try cursor.next()
        }
        #expect(cursor.document == PostingsCursor.end)
      }
      #expect(seen == reference.postings.count)
      // Lookups find every term, and only those.
      let sample = reference.postings.keys.sorted { $0.lexicographicallyPrecedes($1) }.prefix(300)
      for term in sample {
        let expected = reference.postings[term]!
        let info = try term.withUnsafeBytes { p in try reader.lookup(p) }
        #expect(info?.documentFrequency == expected.count)
      }
      #expect(try reader.lookup("不存在") == nil)
    }
  }

  /// `advance(to:)` lands on the first document at or after every target.
  @Test func advanceMatchesLinearScan() throws {
    let docs = randomCorpus(seed: 9, documents: 3000, maxLength: 30)
    let reference = ReferenceIndex(docs)
    let writer = IndexWriter()
    for doc in docs { writer.add(doc) }
    let reader = try SegmentReader(bytes: try writer.buildImage())
    var rng = SeededGenerator(seed: 42)
    let terms = reference.postings.keys.sorted { $0.lexicographicallyPrecedes($1) }
    for term in terms where reference.postings[term]!.count > 200 {
      let expected = reference.postings[term]!
      let info = try term.withUnsafeBytes { p in try reader.lookup(p) }!
      var cursor = try reader.postings(info)
      var target: UInt32 = 0
      while true {
        target += UInt32.random(in: 0...300, using: &rng)
        try cursor.advance(to: target)
        let want = expected.first { $0.document >= target }?.document ?? PostingsCursor.end
        #expect(cursor.document == want)
        if cursor.document == PostingsCursor.end { break }
        target = cursor.document
      }
    }
  }
}

@Suite struct ShallowAdvanceTests {
  /// Interleaving `shallowAdvance(to:)` with `advance(to:)` lands on the same documents as a
  /// linear scan, and the block bounds always cover the target.
  @Test func shallowAdvanceKeepsAdvanceExact() throws {
    let docs = randomCorpus(seed: 11, documents: 3000, maxLength: 30)
    let reference = ReferenceIndex(docs)
    let writer = IndexWriter()
    for doc in docs { writer.add(doc) }
    let reader = try SegmentReader(bytes: try writer.buildImage())
    var rng = SeededGenerator(seed: 5)
    // Sorted, so that the seeded moves repeat exactly from run to run.
    let terms = reference.postings.keys.sorted { $0.lexicographicallyPrecedes($1) }
    for term in terms {
      let expected = reference.postings[term]!
      guard expected.count > 300 else { continue }
      let info = try term.withUnsafeBytes { p in try reader.lookup(p) }!
      var cursor = try reader.postings(info)
      var target: UInt32 = 0
      while true {
        target += UInt32.random(in: 1...400, using: &rng)
        try cursor.shallowAdvance(to: target)
        let want = expected.first { $0.document >= target }
        if let want {
          #expect(cursor.blockLastDocument >= target)
          let inBlock = expected.filter {
            $0.document >= target && $0.document <= cursor.blockLastDocument
          }
          let maxTF = inBlock.map { UInt32($0.positions.count) }.max() ?? 0
          #expect(cursor.blockMaxFrequency >= maxTF)
          _ = want
        }
        if Bool.random(using: &rng) { target += UInt32.random(in: 0...200, using: &rng) }
        try cursor.advance(to: target)
        #expect(
          cursor.document
            == (expected.first { $0.document >= target }?.document ?? PostingsCursor.end))
        if cursor.document == PostingsCursor.end { break }
        if Bool.random(using: &rng) {
          try cursor.next()
          let after = expected.first { $0.document > target }?.document ?? PostingsCursor.end
          #expect(cursor.document >= after)
          if cursor.document == PostingsCursor.end { break }
        }
        target = cursor.document
      }
    }
  }
}

@Suite struct LookupTests {
  /// Every term, and many strings near terms (prefixes, extensions, neighbours), is found
  /// exactly when the dictionary holds it, with the info a full scan reports.
  @Test func lookupAgreesWithAFullScan() throws {
    let docs = randomCorpus(seed: 21, documents: 800, maxLength: 60)
    let writer = IndexWriter()
    for doc in docs { writer.add(doc) }
    let reader = try SegmentReader(bytes: try writer.buildImage())
    var all: [[UInt8]: TermInfo] = [:]
    try reader.forEachTerm { bytes, info throws(IndexError) in all[Array(bytes)] = info }
    var probes = Set(all.keys)
    for term in all.keys {
      probes.insert(Array(term.dropLast()))
      probes.insert(term + [0x00])
      probes.insert(term + [0xE4, 0xB8])
      var bumped = term
      bumped[bumped.count - 1] &+= 1
      probes.insert(bumped)
    }
    probes.insert([])
    probes.insert([0xFF, 0xFF])
    for probe in probes {
      let found = try probe.withUnsafeBytes { try reader.lookup($0) }
      #expect(found == all[probe], "\(probe)")
    }
  }
}
