import TestSupport
import Testing

@testable import Index

/// `storedTitle` (what a hit without a snippet reads) gives the id and title `storedRecord`
/// gives, in every format version, and still verifies the record.
@Suite struct StoredTitleTests {
  @Test func titlesAgreeWithWholeRecords() throws {
    let urls = [
      GoldenCorpus.v1, GoldenCorpus.v5, GoldenCorpus.image, GoldenCorpus.v7, GoldenCorpus.v8,
      GoldenCorpus.v9, GoldenCorpus.current,
    ]
    var readers = try urls.map { try IndexReader(path: $0.path).segments[0].reader }
    var docs = randomCorpus(seed: 5, documents: 300)
    for i in docs.indices where i % 3 == 0 { docs[i].title = "标题\(i) 教育" }
    let writer = IndexWriter()
    for doc in docs { writer.add(doc) }
    readers.append(try IndexReader(bytes: try writer.build()).segments[0].reader)
    for reader in readers {
      for doc in 0..<reader.documentCount {
        let record = try reader.storedRecord(doc)
        let head = try reader.storedTitle(doc)
        #expect(Array(head.id) == Array(record.id))
        #expect(head.title == Array(record.title))
      }
    }
  }

  @Test func aDamagedRecordFails() throws {
    var bytes = try GoldenCorpus.currentBytes()
    let reader = try IndexReader(bytes: bytes).segments[0].reader
    let stored = reader.info(.stored)
    // Flip a byte in the last record (before its CRC).
    let at = reader.imageOffset + stored.offset + stored.length - 6
    bytes[at] ^= 0x40
    let damaged = try IndexReader(bytes: bytes).segments[0].reader
    #expect(throws: IndexError.self) { try damaged.storedTitle(damaged.documentCount - 1) }
  }
}
