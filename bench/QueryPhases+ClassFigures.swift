import Foundation
import Index

extension QueryPhases {
  /// What the scan baseline measured for one class (nothing for a class it does not run).
  struct ScanFigures {
    /// Every timed scan run of every scanned query.
    var latency = Samples()
    /// The queries whose scan count could be compared with an exact index total.
    var compared = 0
    /// The compared queries on which the scan and the index agree.
    var agreed = 0

    /// Scans per second over the summed scan time.
    var qps: Double { latency.sum > 0 ? Double(latency.count) / latency.sum : 0 }
  }

  /// Everything measured for one query class, and its latency-table row and JSON member.
  ///
  /// The row and the JSON are both computed from these figures, so the table and `--json`
  /// cannot disagree.
  struct ClassFigures {
    let cls: QueryClass
    /// The name of the mode the class ran in.
    let modeName: String
    let figures: [QueryFigures]
    /// The indices of the queries that did not throw (the only ones timed).
    let live: [Int]
    /// Every timed index run of every live query.
    let latency: Samples
    let scan: ScanFigures

    /// The warm-up outcomes of the live queries.
    var outcomes: [Outcome] { live.map { figures[$0].outcome! } }
    var avgTotal: Double {
      let outcomes = self.outcomes
      return Double(outcomes.reduce(0) { $0 + $1.total }) / Double(max(1, outcomes.count))
    }
    var avgPostings: Double {
      let outcomes = self.outcomes
      return Double(outcomes.reduce(0) { $0 + $1.postings }) / Double(max(1, outcomes.count))
    }
    /// Index queries per second over the summed search time (one thread).
    var qps: Double { latency.sum > 0 ? Double(latency.count) / latency.sum : 0 }
    /// Scan p50 ÷ index p50, or 0 without a scan.
    var speedup: Double {
      scan.latency.isEmpty ? 0 : scan.latency.median / max(latency.median, 1e-12)
    }

    /// The class's row of the latency table ("–" in the scan columns without a scan).
    var row: [String] {
      let anyInexact = outcomes.contains { !$0.exact }
      let scanLatency = scan.latency
      let scanQPS = scan.qps
      let speedup = self.speedup
      return [
        cls.rawValue, modeName, String(live.count), formatCount(latency.count),
        formatMicros(latency.median), formatMicros(latency.percentile(0.95)),
        formatMicros(latency.percentile(0.99)), formatCount(Int(qps.rounded())),
        formatFixed(avgTotal, 1) + (anyInexact ? "+" : ""), formatFixed(avgPostings, 0),
        scanLatency.isEmpty ? "–" : formatMicros(scanLatency.median),
        scanLatency.isEmpty
          ? "–" : scanQPS >= 100 ? formatCount(Int(scanQPS.rounded())) : formatFixed(scanQPS, 1),
        scanLatency.isEmpty ? "–" : formatFixed(speedup, speedup >= 100 ? 0 : 1) + "×",
        scanLatency.isEmpty ? "–" : scan.compared == 0 ? "n/a" : "\(scan.agreed)/\(scan.compared)",
      ]
    }

    /// The class's member of the `queries` JSON object, with the per-query figures.
    var json: JSON {
      let outcomes = self.outcomes
      return .object([
        ("description", .string(cls.summary)), ("mode", .string(modeName)),
        ("queries", .int(live.count)), ("errors", .int(figures.count - live.count)),
        ("runs", .int(latency.count)), ("p50_us", .number(latency.median * 1e6)),
        ("p95_us", .number(latency.percentile(0.95) * 1e6)),
        ("p99_us", .number(latency.percentile(0.99) * 1e6)),
        ("max_us", .number(latency.max * 1e6)), ("qps", .number(qps)),
        ("avg_total", .number(avgTotal)), ("avg_postings_decoded", .number(avgPostings)),
        ("postings_decoded", .int(outcomes.reduce(0) { $0 + $1.postings })),
        ("documents_scored", .int(outcomes.reduce(0) { $0 + $1.scored })),
        ("scan_runs", .int(scan.latency.count)),
        ("scan_p50_us", .number(scan.latency.median * 1e6)),
        ("scan_p95_us", .number(scan.latency.percentile(0.95) * 1e6)),
        ("scan_qps", .number(scan.qps)), ("speedup_p50", .number(speedup)),
        ("scan_compared", .int(scan.compared)), ("scan_agreed", .int(scan.agreed)),
        ("per_query", .array(figures.map(ClassFigures.queryJSON))),
      ])
    }

    /// One query's JSON: its outcome (unless it threw), its runs and its scan figures.
    static func queryJSON(_ f: QueryFigures) -> JSON {
      let l = Samples(f.latencies)
      let s = Samples(f.scanLatencies)
      var object: [(String, JSON)] = [("query", .string(f.query.text))]
      if let error = f.error { object.append(("error", .string(error))) }
      if let o = f.outcome {
        object += [
          ("total", .int(o.total)), ("total_is_exact", .bool(o.exact)),
          ("hits", .int(o.documents.count)), ("postings_decoded", .int(o.postings)),
          ("documents_scored", .int(o.scored)),
        ]
      }
      object += [("runs", .int(l.count)), ("p50_us", .number(l.median * 1e6))]
      if let m = f.scanMatches {
        object += [
          ("scan_matches", .int(m)), ("scan_comparable", .bool(f.scan?.comparable ?? false)),
          ("scan_runs", .int(s.count)), ("scan_p50_us", .number(s.median * 1e6)),
        ]
      }
      return .object(object)
    }
  }
}
