import Foundation
import TestSupport
import Testing

@testable import Index

/// A commit that fails after its segments were written gives them up with its bytes; the
/// writer must not commit again from what it still lists (extents in a removed temporary file
/// or a cut-off tail), or a retry would put an index that cannot be read in place.
@Suite struct FailedCommitTests {
  @Test func aRetriedCommitWritesNothing() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("retry.zhsx")
    let docs = randomCorpus(seed: 808, documents: 2_000, maxLength: 300)
    let writer = try IndexWriter(path: path, replacing: true, memoryBudget: 1 << 20)
    for doc in docs { writer.add(doc) }  // several flushes into the temporary file
    // The rename at the end of the commit fails: a folder, not empty, stands at the path.
    try FileManager.default.createDirectory(
      atPath: path + "/blocker", withIntermediateDirectories: true)
    var first: IndexError? = nil
    do { try writer.commit() } catch { first = error }
    #expect(first != nil)
    try FileManager.default.removeItem(atPath: path)
    // A retry throws the same error and writes nothing at the path.
    var second: IndexError? = nil
    do { try writer.commit() } catch { second = error }
    #expect(second == first)
    #expect(!FileManager.default.fileExists(atPath: path))
    // The folder holds no leftover temporary file.
    let left = try FileManager.default.contentsOfDirectory(atPath: folder.path(""))
    #expect(!left.contains { $0.contains(".tmp-") })
  }
}
