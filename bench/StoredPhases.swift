import Foundation
import Index

/// The `stored` phase: what reading stored documents costs, through the public API only (so
/// that the same phase measures any format version): every document read back in order
/// (`storedDocument`, its record verified and, from version 8, decoded), and the latency
/// queries with the snippets of their top 10 hits against the same queries without snippets.
extension IndexPhases {
  func stored(reader: IndexReader, queries: [BenchQuery]) throws {
    log("stored: read every document…")
    let count = reader.documentCount
    let samples = try plan.measure { _ -> Int in
      var bytes = 0
      for doc in 0..<count {
        let document = try reader.storedDocument(doc)
        bytes &+= document.text.utf8.count &+ (document.title?.utf8.count ?? 0)
      }
      return bytes
    } check: { bytes, run in
      checks.expect(bytes, equals: corpus.inputBytes, "stored run \(run) text bytes")
    }
    let mbps = Double(corpus.inputBytes) / 1e6 / samples.median
    report.addPhase(
      "stored_read_all", "read every stored document", samples,
      throughput: [
        formatFixed(mbps, 1) + " MB/s",
        formatFixed(samples.median / Double(max(1, count)) * 1e6, 2) + " µs/doc",
      ],
      counters: "\(formatCount(count)) documents, \(formatCount(corpus.inputBytes)) bytes of text",
      extra: [])
    guard !queries.isEmpty else { return }
    let searcher = Searcher(reader: reader)
    for snippets in [false, true] {
      log("stored: \(queries.count) queries, top 10, snippets \(snippets ? "on" : "off")…")
      let options = SearchOptions(limit: 10, snippets: snippets)
      let samples = plan.measure { _ -> Int in
        var hits = 0
        for query in queries {
          hits &+= (try? searcher.search(query.text, options: options).hits.count) ?? 0
        }
        return hits
      } check: { _, _ in
      }
      let perQuery = samples.median / Double(queries.count)
      report.addPhase(
        snippets ? "stored_queries_snippets" : "stored_queries_plain",
        "\(queries.count) queries, top 10, snippets \(snippets ? "on" : "off")", samples,
        throughput: [formatFixed(perQuery * 1e6, 1) + " µs/query", ""],
        counters: "median of the runs over all queries", extra: [])
    }
  }
}
