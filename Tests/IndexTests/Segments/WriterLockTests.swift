import Foundation
import TestSupport
import Testing

@testable import Index

/// One writer at a time: a second one without `wait` fails with `.locked` while the first
/// lives, and succeeds once it is gone; readers never wait.
@Suite struct WriterLockTests {
  @Test func secondWriterIsRefusedWhileTheFirstLives() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("locked.zhsx")
    var first: IndexWriter? = try IndexWriter(path: path)
    first!.add(Document(id: "a", text: "教育质量"))
    try first!.commit()
    #expect(throws: IndexError.locked(path: path)) {
      try IndexWriter(path: path, wait: false)
    }
    #expect(
      IndexError.locked(path: path).description
        == "\(path) is being written by another process; try again when it has finished")
    // Also a writer that would replace the index.
    #expect(throws: IndexError.locked(path: path)) {
      try IndexWriter(path: path, replacing: true, wait: false)
    }
    // Readers open and search while the writer lives.
    let reader = try IndexReader(path: path)
    #expect(reader.documentCount == 1)
    #expect(try Searcher(reader: reader).search("教育").hits.map(\.id) == ["a"])
    first!.add(Document(id: "b", text: "质量"))
    try first!.commit()
    #expect(try IndexReader(path: path).documentCount == 2)
    #expect(reader.documentCount == 1, "an open reader keeps its commit")
    first = nil
    let second = try IndexWriter(path: path, wait: false)
    #expect(second.documentCount == 2)
    second.add(Document(id: "c", text: "学校"))
    try second.commit()
    #expect(try IndexReader(path: path).documentCount == 3)
  }

  /// A writer that waits calls `waiting` first; one that gets the lock at once does not.
  @Test func freeLockDoesNotWait() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("free.zhsx")
    var waited = false
    let writer = try IndexWriter(path: path, waiting: { waited = true })
    #expect(!waited)
    #expect(writer.documentCount == 0)
    // A new index: nothing is written before the first commit.
    #expect(!FileManager.default.fileExists(atPath: path))
  }
}
