import Foundation

extension Quality {
  /// The sums of one mode's metrics over the judged queries, and its latencies.
  ///
  /// The metrics are summed query by query in run order and divided by the number of judged
  /// queries only when reported, so a query without hits (or an empty one) counts 0.
  struct ModeFigures {
    /// The number of judged queries, the divisor of every average.
    let judged: Int
    var mrr = 0.0
    var ndcg = 0.0
    var recall10 = 0.0
    var recall100 = 0.0
    var noHits = 0
    /// The first 20 queries without hits, for the JSON report.
    var noHitExamples: [JSON] = []
    var errors = 0
    /// The seconds of each search, timed alone.
    var times: [Double] = []

    init(judged: Int) {
      self.judged = judged
      times.reserveCapacity(judged)
    }

    /// Counts a query without hits and keeps it as an example while there are fewer than 20.
    mutating func addNoHits(_ example: String) {
      noHits += 1
      if noHitExamples.count < 20 { noHitExamples.append(.string(example)) }
    }

    /// Adds one query's MRR@10, nDCG@10 (gain = grade, log2 discount, the ideal from the judged
    /// grades), recall@10 and recall@100 for the hit ids `ids`, best first.
    mutating func add(_ ids: [String], query: String, grades: [String: Int]) {
      if ids.isEmpty { addNoHits(query) }
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

    /// The search latencies.
    var latency: Samples { Samples(times) }

    /// Queries per second over the summed search time (one thread).
    var qps: Double {
      let latency = self.latency
      return latency.sum > 0 ? Double(latency.count) / latency.sum : 0
    }

    /// The mode's row of the Ranking quality table.
    func row(_ name: String) -> [String] {
      let n = Double(judged)
      return [
        name, formatFixed(mrr / n, 4), formatFixed(ndcg / n, 4), formatFixed(recall10 / n, 4),
        formatFixed(recall100 / n, 4), formatCount(noHits), formatCount(errors),
        formatMicros(latency.median), formatCount(Int(qps.rounded())),
      ]
    }

    /// The mode's member of the `quality` JSON object.
    var json: JSON {
      let n = Double(judged)
      let latency = self.latency
      return .object([
        ("mrr_at_10", .number(mrr / n)), ("ndcg_at_10", .number(ndcg / n)),
        ("recall_at_10", .number(recall10 / n)), ("recall_at_100", .number(recall100 / n)),
        ("queries_without_hits", .int(noHits)), ("no_hit_examples", .array(noHitExamples)),
        ("errors", .int(errors)),
        ("p50_us", .number(latency.median * 1e6)),
        ("p95_us", .number(latency.percentile(0.95) * 1e6)), ("qps", .number(qps)),
      ])
    }
  }
}
