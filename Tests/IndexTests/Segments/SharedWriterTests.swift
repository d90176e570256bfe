import Dispatch
import Foundation
import Index
import TestSupport
import Testing

/// One `IndexWriter` shared by several threads: every add lands, the commit holds them all,
/// and the file passes `check`.
@Suite struct SharedWriterTests {
  @Test func concurrentAddsAllLand() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("shared.idx")
    let writer = try IndexWriter(path: path)
    writer.memoryBudget = 1 << 20  // flushes while the other threads add
    let docs = randomCorpus(seed: 91, documents: 400, maxLength: 60)
    DispatchQueue.concurrentPerform(iterations: 4) { part in
      for doc in docs[(part * 100)..<(part * 100 + 100)] { writer.add(doc) }
      _ = writer.delete(id: "missing-\(part)")
    }
    #expect(writer.documentCount == 400)
    try writer.commit()
    let reader = try IndexReader(path: path)
    try reader.check()
    var ids: [String] = []
    try reader.forEachLiveDocument { _, document in ids.append(document.id) }
    #expect(ids.sorted() == docs.map(\.id).sorted())
  }
}
