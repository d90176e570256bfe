import Foundation
import Index
import TestSupport
import Testing

/// A writer on a file with several threads writes each flushed segment's image in the
/// background while it takes the next documents: the file must be byte for byte the one a
/// single thread writes (which writes each image at once), and pass `check`.
@Suite struct ThreadedFlushTests {
  @Test func backgroundWritesGiveTheSameFile() throws {
    let folder = try TemporaryFolder()
    let docs = randomCorpus(seed: 1_213, documents: 6_000, maxLength: 400)
    var files: [[UInt8]] = []
    for threads in [1, 2, 3] {
      let path = folder.path("t\(threads).idx")
      // The budget over 7 is the text held before a flush: 1 MiB.
      let writer = try IndexWriter(
        path: path, threads: threads, memoryBudget: 7 << 20)
      for doc in docs { writer.add(doc) }
      let summary = try writer.commit()
      #expect(summary.segmentCount >= 3)
      let reader = try IndexReader(path: path)
      try reader.check()
      #expect(reader.documentCount == docs.count)
      files.append(try Array(Data(contentsOf: URL(fileURLWithPath: path))))
    }
    #expect(files[1] == files[0])
    #expect(files[2] == files[0])
  }
}
