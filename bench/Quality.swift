import Foundation
import Index

/// Ranking quality against TREC qrels: MRR@10, nDCG@10, recall@10 and recall@100, in the
/// default `.ranked` mode, in `.any` mode (comparable with bag-of-bigrams BM25) and in `.all`
/// mode.
struct Quality {
  let options: Options
  let checks: Checks
  let report: Report
  let searcher: Searcher

  /// Query text made safe for the query syntax: quotes become spaces, leading `-` are dropped
  /// and a bare `OR` becomes `or`, so that a natural-language question is a bag of words.
  static func sanitize(_ text: String) -> String {
    var words: [String] = []
    for word in text.replacingOccurrences(of: "\"", with: " ").split(whereSeparator: \.isWhitespace)
    {
      var w = Substring(word)
      while w.hasPrefix("-") { w = w.dropFirst() }
      if w.isEmpty { continue }
      words.append(w == "OR" ? "or" : String(w))
    }
    return words.joined(separator: " ")
  }

  func run(queriesPath: String, qrelsPath: String) throws {
    var queries: [(String, String)] = []
    for line in try String(contentsOfFile: queriesPath, encoding: .utf8).split(separator: "\n") {
      let parts = line.split(separator: "\t", maxSplits: 1)
      guard parts.count == 2 else { continue }
      queries.append((String(parts[0]), String(parts[1])))
    }
    var qrels: [String: [String: Int]] = [:]
    for line in try String(contentsOfFile: qrelsPath, encoding: .utf8).split(separator: "\n") {
      let parts = line.split(whereSeparator: \.isWhitespace)
      guard parts.count >= 4, let grade = Int(parts[3]) else { continue }
      qrels[String(parts[0]), default: [:]][String(parts[2])] = grade
    }
    let judged = queries.filter { (qid, _) in qrels[qid]?.values.contains { $0 >= 1 } ?? false }
    guard !judged.isEmpty else {
      throw BenchError.input("no query in \(queriesPath) has a relevant document in \(qrelsPath)")
    }
    let k1 = options.k1 ?? SearchOptions().k1
    let b = options.b ?? SearchOptions().b
    var table = TextTable(
      "Ranking quality (\(formatCount(judged.count)) of \(formatCount(queries.count)) queries "
        + "have a relevant document; BM25 k1 \(k1), b \(b); top 100 per query)",
      ["mode", "MRR@10", "nDCG@10", "R@10", "R@100", "no hits", "errors", "p50 µs", "q/s"],
      leftAligned: [0])
    var modesJSON: [(String, JSON)] = []
    for mode in [MatchMode.ranked, .any, .all] {
      let name = mode == .any ? "any" : mode == .all ? "all" : "ranked (default)"
      log("ranking quality (\(name))…")
      var searchOptions = SearchOptions(limit: 100, mode: mode, k1: k1, b: b, snippets: false)
      if let w = options.characterWeight { searchOptions.characterWeight = w }
      if let share = options.characterShare { searchOptions.characterShareLimit = share }
      for (_, text) in judged.prefix(100) {
        _ = try? searcher.search(Quality.sanitize(text), options: searchOptions)
      }
      var mrr = 0.0
      var ndcg = 0.0
      var recall10 = 0.0
      var recall100 = 0.0
      var noHits = 0
      var noHitExamples: [JSON] = []
      var errors = 0
      var times: [Double] = []
      times.reserveCapacity(judged.count)
      for (qid, text) in judged {
        let grades = qrels[qid]!
        let query = Quality.sanitize(text)
        let start = monotonicNanos()
        let results: SearchResults
        do {
          results = try searcher.search(query, options: searchOptions)
        } catch SearchError.emptyQuery {
          times.append(secondsSince(start))
          noHits += 1
          if noHitExamples.count < 20 { noHitExamples.append(.string(query + " (empty query)")) }
          continue
        } catch {
          errors += 1
          checks.fail("quality query \(qid) threw: \(error)")
          continue
        }
        times.append(secondsSince(start))
        let ids = results.hits.map(\.id)
        if ids.isEmpty {
          noHits += 1
          if noHitExamples.count < 20 { noHitExamples.append(.string(query)) }
        }
        let relevant = grades.values.filter { $0 >= 1 }.count
        if let first = ids.prefix(10).firstIndex(where: { (grades[$0] ?? 0) >= 1 }) {
          mrr += 1 / Double(first + 1)
        }
        var dcg = 0.0
        for (rank, id) in ids.prefix(10).enumerated() {
          dcg += Double(max(0, grades[id] ?? 0)) / log2(Double(rank + 2))
        }
        var ideal = 0.0
        for (rank, grade) in grades.values.sorted(by: >).prefix(10).enumerated() {
          ideal += Double(max(0, grade)) / log2(Double(rank + 2))
        }
        if ideal > 0 { ndcg += dcg / ideal }
        recall10 +=
          Double(ids.prefix(10).filter { (grades[$0] ?? 0) >= 1 }.count) / Double(relevant)
        recall100 += Double(ids.filter { (grades[$0] ?? 0) >= 1 }.count) / Double(relevant)
      }
      let n = Double(judged.count)
      let latency = Samples(times)
      let qps = latency.sum > 0 ? Double(latency.count) / latency.sum : 0
      table.add([
        name, formatFixed(mrr / n, 4), formatFixed(ndcg / n, 4), formatFixed(recall10 / n, 4),
        formatFixed(recall100 / n, 4), formatCount(noHits), formatCount(errors),
        formatMicros(latency.median), formatCount(Int(qps.rounded())),
      ])
      modesJSON.append(
        (
          name,
          .object([
            ("mrr_at_10", .number(mrr / n)), ("ndcg_at_10", .number(ndcg / n)),
            ("recall_at_10", .number(recall10 / n)), ("recall_at_100", .number(recall100 / n)),
            ("queries_without_hits", .int(noHits)), ("no_hit_examples", .array(noHitExamples)),
            ("errors", .int(errors)),
            ("p50_us", .number(latency.median * 1e6)),
            ("p95_us", .number(latency.percentile(0.95) * 1e6)), ("qps", .number(qps)),
          ])
        ))
    }
    table.notes.append(
      "relevant = grade ≥ 1; nDCG gain = grade; every metric is averaged over the judged "
        + "queries (a query without hits counts 0). Reference bag-of-bigrams BM25 figures: "
        + "/work/shared/corpora/README.md")
    report.add(table)
    report.add(
      "quality",
      .object(
        [
          ("queries", .string(queriesPath)), ("qrels", .string(qrelsPath)),
          ("judged_queries", .int(judged.count)), ("k1", .number(k1)), ("b", .number(b)),
        ] + modesJSON))
  }
}
