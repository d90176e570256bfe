// libFuzzer target: the reader of version-7 files (segments, commit slots, manifests,
// document tables, deletion records), on mutated files.
//
// Input: one control byte, then a version-7 file (the seeds are IndexWriter.build() outputs,
// the golden Tests/IndexTests/Golden/v7 file, and multi-segment files with deletions and a
// merge written by IndexWriter(path:), each behind a control byte 0).
// Control byte & 3: 0 → reseal everything before opening (each segment image's record,
// section and footer CRCs, every extent's CRC in the manifests, each manifest's CRC in its
// slot, each slot's CRC), so that the manifest, document-table and deletion-record decoders
// are reached; 1 → the same but the images' inner checksums stay as they are; 2 → the slots'
// CRCs only (a changed manifest fails its CRC: the reader falls back or refuses); 3 → the
// bytes as they are. Then: IndexReader(bytes:), check(), the live documents (at most 64), a
// few stored documents by number, queries in every mode, and for each segment (at most 16)
// its document table and the deleted frequencies of a few terms. Any thrown error is fine; a
// trap, an abort or an AddressSanitizer report is a finding.
import FuzzSupport
import Index

/// Dictionary bytes of terms the seeds hold (words, and character terms behind their marker).
private let probeTerms: [[UInt8]] = [
  "教育", "质量", "hello", "a", "2020", "\u{1}教", "\u{1}育", "\u{2}年",
]
.map { Array($0.utf8) }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard size >= 1 else { return 0 }
  let control = data[0]
  var bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
  switch control & 3 {
  case 0: FuzzSupport.resealCommits(&bytes, .everything)
  case 1: FuzzSupport.resealCommits(&bytes, .manifests)
  case 2: FuzzSupport.resealCommits(&bytes, .slots)
  default: break
  }
  guard let reader = try? IndexReader(bytes: bytes, name: "fuzz") else { return 0 }
  _ = try? reader.check()
  liveDocuments(reader)
  let numbers = reader.documentNumberCount
  for doc in [0, 1, numbers / 2, numbers - 1, numbers, -1, Int(control >> 2)] {
    _ = try? reader.storedDocument(doc)
  }
  for segment in reader.segments.prefix(16) {
    table(segment)
    deletedFrequencies(segment)
  }
  FuzzSupport.search(reader, Int(control >> 2))
  return 0
}

/// The live documents in order (at most 64), checking their numbers increase and exist.
@inline(never)
private func liveDocuments(_ reader: IndexReader) {
  var seen = 0
  var previous = -1
  do {
    try reader.forEachLiveDocument { (doc, _) throws(IndexError) in
      guard doc > previous, doc < reader.documentNumberCount else {
        FuzzSupport.fail("live document \(doc) after \(previous) of \(reader.documentNumberCount)")
      }
      previous = doc
      seen += 1
      if seen >= 64 { throw IndexError.corrupt(section: "fuzz", detail: "enough documents") }
    }
  } catch {}
}

/// The segment's document table: the first, middle and last ranks and their stamps.
@inline(never)
private func table(_ segment: IndexSegment) {
  guard let table = try? segment.documentTable(), table.count > 0 else { return }
  for rank in Set([0, table.count / 2, table.count - 1]) {
    guard let doc = try? table.document(atRank: rank) else { continue }
    _ = table.stamp(of: doc)
    _ = segment.isDeleted(doc)
    _ = try? segment.reader.storedID(doc)
  }
}

/// How many deleted documents hold the segment's first terms and a few fixed ones.
@inline(never)
private func deletedFrequencies(_ segment: IndexSegment) {
  var terms = probeTerms
  do {
    try segment.reader.forEachTerm { (term, _) throws(IndexError) in
      terms.append(Array(term))
      if terms.count >= probeTerms.count + 8 {
        throw IndexError.corrupt(section: "fuzz", detail: "enough terms")
      }
    }
  } catch {}
  for term in terms { _ = try? segment.deletedFrequency(of: term) }
}
