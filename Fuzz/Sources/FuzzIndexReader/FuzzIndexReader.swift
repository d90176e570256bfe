// libFuzzer target: the reader of one segment image (a version 1–6 file), on mutated images.
//
// Input: one control byte, then a version 1–6 file (the seeds are the version-6 images
// IndexWriter.buildImage() writes and the golden files of versions 1–6, each behind a control
// byte 0; version-7 files of segments are FuzzCommits' inputs).
// Control byte & 3: 0 or 1 → recompute every record CRC (v6+), every section CRC and the
// footer CRC before opening, so that the decoders behind the checksums are reached; 2 → the
// footer CRC only (section checksums stay wrong: check() must say so, lazy reads must still
// not trap); 3 → the bytes as they are. Then: open it as a SegmentReader, check(), enumerate
// terms, look up terms, walk postings and positions, read stored documents; and run queries in
// every mode through a Searcher over IndexReader(bytes:) of the same bytes (a version 1–6 file
// opens as one segment). Any thrown error is fine; a trap, an abort or an AddressSanitizer
// report is a finding.
import FuzzSupport
import Index

private let probeTerms = ["教育", "质量", "hello", "a", "2020", "\u{1}教", "\u{1}育", "\u{2}年"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard size >= 1 else { return 0 }
  let control = data[0]
  var bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
  switch control & 3 {
  case 0, 1: FuzzSupport.reseal(&bytes, sections: true)
  case 2: FuzzSupport.reseal(&bytes, sections: false)
  default: break
  }
  guard let reader = try? SegmentReader(bytes: bytes, name: "fuzz") else { return 0 }
  _ = try? reader.check()
  let (terms, infos) = firstTerms(reader)
  for info in infos {
    walk(reader, info)
    skip(reader, info)
  }
  for term in terms { lookUp(reader, term) }
  for term in probeTerms { _ = try? reader.lookup(term) }
  for doc in 0..<min(reader.documentCount, 64) {
    _ = try? reader.storedDocument(doc)
    _ = reader.documentLength(doc)
  }
  if let index = try? IndexReader(bytes: bytes, name: "fuzz") {
    FuzzSupport.search(index, Int(control >> 2))
  }
  return 0
}

/// Enumerates every term (at most 20,000) and returns the first 16 with their infos.
@inline(never)
private func firstTerms(_ reader: SegmentReader) -> ([[UInt8]], [TermInfo]) {
  var terms: [[UInt8]] = []
  var infos: [TermInfo] = []
  var seen = 0
  do {
    try reader.forEachTerm { (term, info) throws(IndexError) in
      seen += 1
      if terms.count < 16 {
        terms.append(Array(term))
        infos.append(info)
      }
      if seen > 20_000 { throw IndexError.corrupt(section: "fuzz", detail: "enough terms") }
    }
  } catch {}
  return (terms, infos)
}

/// Walks a term's postings and positions (at most 2,000 documents).
@inline(never)
private func walk(_ reader: SegmentReader, _ info: TermInfo) {
  var positions: [UInt32] = []
  do {
    var cursor = try reader.postings(info)
    try cursor.next()
    var steps = 0
    while cursor.document != PostingsCursor.end, steps < 2_000 {
      positions.removeAll(keepingCapacity: true)
      try cursor.positions(into: &positions)
      try cursor.next()
      steps += 1
    }
  } catch {}
}

/// Skips through a term's postings to a few targets.
@inline(never)
private func skip(_ reader: SegmentReader, _ info: TermInfo) {
  var positions: [UInt32] = []
  do {
    var cursor = try reader.postings(info)
    for target: UInt32 in [0, 1, 100, 129, 300, 5_000] {
      try cursor.shallowAdvance(to: target)
      try cursor.advance(to: target)
      if cursor.document == PostingsCursor.end { break }
      positions.removeAll(keepingCapacity: true)
      try cursor.positions(into: &positions)
    }
  } catch {}
}

/// Looks an enumerated term up again, and lists the terms sharing its first byte.
@inline(never)
private func lookUp(_ reader: SegmentReader, _ term: [UInt8]) {
  term.withUnsafeBytes { p in _ = try? reader.lookup(p) }
  guard let first = term.first else { return }
  let prefix = [first]
  prefix.withUnsafeBytes { p in
    var n = 0
    _ = try? reader.forEachTerm(withPrefix: p) { _, _ in n += 1 }
  }
}
