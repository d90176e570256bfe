/// Documents deleted from a segment by one commit, and how many of them each term held
/// (FORMAT.md, "DeletionRecord"), so that BM25's document frequencies count live documents
/// only without reading any postings: a search subtracts the records' counts from the
/// segment's.
///
/// A segment's records are disjoint (a document is deleted once); a writer merges a
/// segment's newest records when they grow alike in size (`DeletionLog`), so that a segment
/// has few records and a commit writes bytes in proportion to its change. The one owner of
/// the record's encoding: it encodes, decodes, looks up and merges.
package struct DeletionRecord {
  private let raw: UnsafeRawBufferPointer
  /// The deleted documents, increasing.
  package let documents: [UInt32]
  /// The number of terms listed.
  package let termCount: Int
  /// Where the term offsets start, and where the entries start (offsets in `raw`).
  private let offsetsStart: Int
  private let entriesStart: Int

  /// Decodes the record `raw` of a segment of `documentCount` documents (its CRC already
  /// checked): the documents must increase and exist, the term offsets increase inside it.
  package init(_ raw: UnsafeRawBufferPointer, documentCount: Int) throws(IndexError) {
    var reader = ByteReader(raw, from: 0, to: raw.count, section: "deletions")
    let count = Int(try reader.readUInt32())
    guard count <= (raw.count - 8) / 4 else {
      throw .corrupt(section: "deletions", detail: "document count \(count) exceeds the record")
    }
    var documents: [UInt32] = []
    documents.reserveCapacity(count)
    for _ in 0..<count {
      let doc = try reader.readUInt32()
      guard Int(doc) < documentCount, documents.last.map({ $0 < doc }) ?? true else {
        throw .corrupt(section: "deletions", detail: "documents out of order or out of range")
      }
      documents.append(doc)
    }
    let terms = Int(try reader.readUInt32())
    guard terms <= (reader.end - reader.offset) / 4 else {
      throw .corrupt(section: "deletions", detail: "term count \(terms) exceeds the record")
    }
    offsetsStart = reader.offset
    entriesStart = offsetsStart + terms * 4
    var previous = -1
    for t in 0..<terms {
      let offset = Int(
        UInt32(
          littleEndian: raw.loadUnaligned(fromByteOffset: offsetsStart + t * 4, as: UInt32.self)))
      guard offset > previous, entriesStart + offset < raw.count else {
        throw .corrupt(section: "deletions", detail: "term offsets out of order")
      }
      previous = offset
    }
    self.raw = raw
    self.documents = documents
    termCount = terms
  }

  /// The `t`-th term's bytes and count.
  package func entry(_ t: Int) throws(IndexError) -> (term: UnsafeRawBufferPointer, documents: Int)
  {
    precondition(t >= 0 && t < termCount)
    let offset = Int(
      UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offsetsStart + t * 4, as: UInt32.self))
    )
    var reader = ByteReader(raw, from: entriesStart + offset, to: raw.count, section: "deletions")
    let length = try reader.readVarInt(max: raw.count)
    let term = try reader.readBytes(length)
    let count = try reader.readVarInt(max: documents.count)
    return (term, count)
  }

  /// How many of the record's documents hold `term` (0 when it is not listed).
  package func frequency(of term: UnsafeRawBufferPointer) throws(IndexError) -> Int {
    var low = 0
    var high = termCount - 1
    while low <= high {
      let mid = (low + high) / 2
      let (bytes, count) = try entry(mid)
      let order = TermOrder.compare(bytes, term)
      if order == 0 { return count }
      if order < 0 { low = mid + 1 } else { high = mid - 1 }
    }
    return 0
  }

  /// The record's bytes: `documents` increasing, `terms` sorted by bytes (each with how many
  /// of the documents hold it, at least 1).
  package static func encode(documents: [UInt32], terms: [(term: [UInt8], documents: Int)])
    -> [UInt8]
  {
    var entries = OutputBuffer(capacity: 64 + terms.count * 8)
    var offsets: [UInt32] = []
    offsets.reserveCapacity(terms.count)
    for (term, count) in terms {
      offsets.append(UInt32(entries.count))
      entries.writeVarInt(term.count)
      term.withUnsafeBytes { entries.append($0) }
      entries.writeVarInt(count)
    }
    var out = OutputBuffer(capacity: 8 + documents.count * 4 + terms.count * 4 + entries.count)
    out.write(UInt32(documents.count))
    for doc in documents { out.write(doc) }
    out.write(UInt32(terms.count))
    for offset in offsets { out.write(offset) }
    out.append(entries.bytes)
    return Array(out.bytes)
  }

  /// One record holding every record of `records` (disjoint): the union of their documents,
  /// each term's counts added.
  package static func merged(_ records: [DeletionRecord]) throws(IndexError) -> [UInt8] {
    var documents: [UInt32] = []
    for record in records { documents.append(contentsOf: record.documents) }
    documents.sort()
    // A k-way merge of the sorted term lists.
    var next = [Int](repeating: 0, count: records.count)
    var terms: [(term: [UInt8], documents: Int)] = []
    while true {
      var smallest: [UInt8]? = nil
      for r in 0..<records.count where next[r] < records[r].termCount {
        let term = try records[r].entry(next[r]).term
        if let s = smallest {
          if s.withUnsafeBytes({ TermOrder.compare(term, $0) }) < 0 { smallest = Array(term) }
        } else {
          smallest = Array(term)
        }
      }
      guard let term = smallest else { break }
      var count = 0
      for r in 0..<records.count where next[r] < records[r].termCount {
        let entry = try records[r].entry(next[r])
        if term.withUnsafeBytes({ TermOrder.compare(entry.term, $0) }) == 0 {
          count += entry.documents
          next[r] += 1
        }
      }
      terms.append((term, count))
    }
    return encode(documents: documents, terms: terms)
  }
}
