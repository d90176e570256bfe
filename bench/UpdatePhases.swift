import Foundation
import Index

/// The `update` phase: what a change costs on an index file of the corpus, through
/// `IndexWriter(path:)` as `search index --update` and `search delete` use it: adding one
/// document, deleting one, and adding a batch of 1,000, each committed (with the merges its
/// commit triggers). It works on a copy of the index, so the other phases read the file the
/// build wrote; a change should cost in proportion to its size, not the index's.
extension IndexPhases {
  func update(path: String) throws {
    log("update a copy of the index file…")
    let copy = path + ".update"
    try? FileManager.default.removeItem(atPath: copy)
    try FileManager.default.copyItem(atPath: path, toPath: copy)
    defer {
      try? FileManager.default.removeItem(atPath: copy)
      try? FileManager.default.removeItem(atPath: copy + ".lock")
    }
    var live = try IndexReader(path: copy).documentCount
    let docs = corpus.documents
    let batch = min(1_000, max(1, docs.count))
    // A change's new documents: corpus texts under new ids (the texts cycle).
    func fresh(_ run: Int, _ i: Int) -> Document {
      let doc = docs[(run &* 7919 &+ i) % docs.count]
      return Document(id: "bench-update-\(run)-\(i)", title: doc.title, text: doc.text)
    }
    let ops: [(key: String, name: String, change: Int, body: (Int, IndexWriter) -> Void)] = [
      ("update_add_one", "add 1 document + commit", 1, { run, w in w.add(fresh(run, 0)) }),
      (
        "update_delete_one", "delete 1 document + commit", -1,
        { run, w in w.delete(id: docs[(run + 1_000_000) % docs.count].id) }
      ),
      (
        "update_add_batch", "add \(batch) documents + commit", batch,
        { run, w in for i in 0..<batch { w.add(fresh(run + 1_000, i)) } }
      ),
    ]
    for op in ops {
      var deleted = Set<String>()
      let samples = try plan.measure { run -> IndexWriter.CommitSummary in
        let writer = try IndexWriter(path: copy, threads: options.threads)
        op.body(run + 100, writer)
        return try writer.commit()
      } check: { summary, run in
        // A delete whose document is already gone (the corpus is smaller than the runs)
        // changes nothing.
        let id = docs[(run + 100 + 1_000_000) % docs.count].id
        let change = op.change < 0 && !deleted.insert(id).inserted ? 0 : op.change
        live += change
        checks.expect(summary.documentCount, equals: live, "\(op.key) run \(run) documents")
      }
      report.addPhase(
        op.key, op.name, samples, throughput: ["", ""],
        counters: "\(formatCount(docs.count)) documents in the index",
        extra: [("threads", .int(options.threads))])
    }
  }
}
