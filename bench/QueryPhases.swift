import Foundation
import Index

/// Query latency per class on one thread, against the linear-scan baseline.
struct QueryPhases {
  let corpus: Corpus
  let options: Options
  let checks: Checks
  let report: Report
  let searcher: Searcher

  /// Everything deterministic about one search; every timed run must repeat the warm-up's.
  struct Outcome: Equatable, CustomStringConvertible {
    var total: Int
    var exact: Bool
    var documents: [Int]
    var scores: [Double]
    var postings: Int
    var scored: Int

    init(_ results: SearchResults) {
      total = results.total
      exact = results.totalIsExact
      documents = results.hits.map(\.document)
      scores = results.hits.map(\.score)
      postings = results.statistics.postingsDecoded
      scored = results.statistics.documentsScored
    }

    var description: String {
      "total \(total)\(exact ? "" : "+"), hits \(documents.prefix(5))…, postings \(postings), "
        + "scored \(scored)"
    }
  }

  /// The mode a class runs in: the run's mode, except that under `--all` the bag-of-words
  /// class keeps `.any` (a bag has no required words).
  func mode(_ cls: QueryClass) -> MatchMode {
    options.mode == .all && cls.isAny ? .any : options.mode
  }

  /// A mode's name in the report.
  func modeName(_ mode: MatchMode) -> String {
    switch mode {
    case .ranked: return "ranked"
    case .all: return "all"
    case .any: return "any"
    }
  }

  /// Whether a class's totals are exact counts the linear scan can check (`.all` mode).
  func isAny(_ cls: QueryClass) -> Bool { mode(cls) != .all }

  func searchOptions(_ cls: QueryClass) -> SearchOptions {
    var o = SearchOptions(limit: options.limit, mode: mode(cls), snippets: false)
    if let k1 = options.k1 { o.k1 = k1 }
    if let b = options.b { o.b = b }
    if let w = options.characterWeight { o.characterWeight = w }
    if let share = options.characterShare { o.characterShareLimit = share }
    return o
  }

  /// Per-query figures, for the JSON report.
  struct QueryFigures {
    var query: BenchQuery
    var outcome: Outcome?
    var error: String?
    var latencies: [Double] = []
    var scan: LinearScan.Plan?
    var scanMatches: Int?
    var scanLatencies: [Double] = []
  }

  /// Runs every class: warm-up runs (which fix each query's expected outcome), then timed runs
  /// in round-robin order over the class's queries, each checked against the warm-up. Returns
  /// the number of queries whose scan matches differ from the index's total.
  func run(_ queries: [BenchQuery], scan runScan: Bool) -> Int {
    let scanner = LinearScan(corpus: corpus)
    var table = TextTable(
      "Query latency, one thread (top \(options.limit), no snippets; µs per query; scan = "
        + "memmem over all titles and texts)",
      [
        "class", "mode", "queries", "runs", "p50", "p95", "p99", "q/s", "avg total",
        "postings/q", "scan p50", "scan q/s", "speed-up", "scan = index",
      ], leftAligned: [0, 1])
    var classesJSON: [(String, JSON)] = []
    var mismatches: [String] = []
    for cls in QueryClass.allCases {
      var figures = queries.filter { $0.cls == cls }.map { QueryFigures(query: $0) }
      guard !figures.isEmpty else { continue }
      log("queries: \(cls.rawValue) (\(figures.count))…")
      let searchOptions = searchOptions(cls)

      // Warm-up: fixes each query's outcome and estimates the cost of one round.
      let warmStart = monotonicNanos()
      for w in 0..<options.queryWarmup {
        for i in figures.indices where figures[i].error == nil {
          do {
            let outcome = Outcome(
              try searcher.search(figures[i].query.text, options: searchOptions))
            if let expected = figures[i].outcome {
              checks.expect(
                outcome, equals: expected,
                "query [\(cls.rawValue)] \(figures[i].query.text) warm-up \(w)")
            } else {
              figures[i].outcome = outcome
            }
          } catch {
            figures[i].error = "\(error)"
            checks.fail("query [\(cls.rawValue)] \(figures[i].query.text) threw: \(error)")
          }
        }
      }
      let live = figures.indices.filter { figures[$0].error == nil }
      let round = secondsSince(warmStart) / Double(max(1, options.queryWarmup))
      let rounds = max(
        min(options.queryRuns, Int(options.queryBudget / max(round, 1e-9))),
        min(3, options.queryRuns))

      // Timed runs.
      var all: [Double] = []
      all.reserveCapacity(rounds * live.count)
      for run in 0..<rounds {
        for i in live {
          let start = monotonicNanos()
          let results = try? searcher.search(figures[i].query.text, options: searchOptions)
          let elapsed = secondsSince(start)
          figures[i].latencies.append(elapsed)
          all.append(elapsed)
          guard let results else {
            checks.fail("query [\(cls.rawValue)] \(figures[i].query.text) threw in run \(run)")
            continue
          }
          checks.expect(
            Outcome(results), equals: figures[i].outcome!,
            "query [\(cls.rawValue)] \(figures[i].query.text) run \(run)")
        }
      }
      let latency = Samples(all)

      // The scan baseline, for the `.all` classes.
      var scanAll: [Double] = []
      var compared = 0
      var agreed = 0
      if runScan && !isAny(cls) {
        for i in figures.indices { figures[i].scan = LinearScan.plan(figures[i].query.text) }
        let scanned = figures.indices.filter { figures[$0].scan != nil }
        let scanStart = monotonicNanos()
        for i in scanned {
          let matches = scanner.count(figures[i].scan!)
          figures[i].scanMatches = matches
          guard figures[i].scan!.comparable, let outcome = figures[i].outcome, outcome.exact
          else { continue }
          compared += 1
          if outcome.total == matches {
            agreed += 1
          } else {
            let line =
              "MISMATCH [\(cls.rawValue)] \(figures[i].query.text): index total \(outcome.total), "
              + "scan \(matches)"
            mismatches.append(line)
            log(line)
          }
        }
        let scanRound = secondsSince(scanStart)
        let scanRounds = max(
          1, min(options.scanRuns, Int(options.scanBudget / max(scanRound, 1e-9))))
        for run in 0..<scanRounds {
          for i in scanned {
            let start = monotonicNanos()
            let matches = scanner.count(figures[i].scan!)
            let elapsed = secondsSince(start)
            figures[i].scanLatencies.append(elapsed)
            scanAll.append(elapsed)
            checks.expect(
              matches, equals: figures[i].scanMatches!,
              "scan [\(cls.rawValue)] \(figures[i].query.text) run \(run)")
          }
        }
      }
      let scanLatency = Samples(scanAll)

      let outcomes = live.map { figures[$0].outcome! }
      let avgTotal = Double(outcomes.reduce(0) { $0 + $1.total }) / Double(max(1, outcomes.count))
      let avgPostings =
        Double(outcomes.reduce(0) { $0 + $1.postings }) / Double(max(1, outcomes.count))
      let anyInexact = outcomes.contains { !$0.exact }
      let qps = latency.sum > 0 ? Double(latency.count) / latency.sum : 0
      let scanQPS = scanLatency.sum > 0 ? Double(scanLatency.count) / scanLatency.sum : 0
      let speedup = scanLatency.isEmpty ? 0 : scanLatency.median / max(latency.median, 1e-12)
      table.add([
        cls.rawValue, modeName(mode(cls)), String(live.count), formatCount(latency.count),
        formatMicros(latency.median), formatMicros(latency.percentile(0.95)),
        formatMicros(latency.percentile(0.99)), formatCount(Int(qps.rounded())),
        formatFixed(avgTotal, 1) + (anyInexact ? "+" : ""), formatFixed(avgPostings, 0),
        scanLatency.isEmpty ? "–" : formatMicros(scanLatency.median),
        scanLatency.isEmpty
          ? "–" : scanQPS >= 100 ? formatCount(Int(scanQPS.rounded())) : formatFixed(scanQPS, 1),
        scanLatency.isEmpty ? "–" : formatFixed(speedup, speedup >= 100 ? 0 : 1) + "×",
        scanLatency.isEmpty ? "–" : compared == 0 ? "n/a" : "\(agreed)/\(compared)",
      ])
      var perQuery: [JSON] = []
      for f in figures {
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
        perQuery.append(.object(object))
      }
      classesJSON.append(
        (
          cls.rawValue,
          .object([
            ("description", .string(cls.summary)), ("mode", .string(modeName(mode(cls)))),
            ("queries", .int(live.count)), ("errors", .int(figures.count - live.count)),
            ("runs", .int(latency.count)), ("p50_us", .number(latency.median * 1e6)),
            ("p95_us", .number(latency.percentile(0.95) * 1e6)),
            ("p99_us", .number(latency.percentile(0.99) * 1e6)),
            ("max_us", .number(latency.max * 1e6)), ("qps", .number(qps)),
            ("avg_total", .number(avgTotal)), ("avg_postings_decoded", .number(avgPostings)),
            ("postings_decoded", .int(outcomes.reduce(0) { $0 + $1.postings })),
            ("documents_scored", .int(outcomes.reduce(0) { $0 + $1.scored })),
            ("scan_runs", .int(scanLatency.count)),
            ("scan_p50_us", .number(scanLatency.median * 1e6)),
            ("scan_p95_us", .number(scanLatency.percentile(0.95) * 1e6)),
            ("scan_qps", .number(scanQPS)), ("speedup_p50", .number(speedup)),
            ("scan_compared", .int(compared)), ("scan_agreed", .int(agreed)),
            ("per_query", .array(perQuery)),
          ])
        ))
    }
    table.notes.append(
      "p50/p95/p99 over every timed run of every query of the class (round-robin); q/s = runs ÷ "
        + "their summed time; avg total: + marks .any totals that are lower bounds")
    table.notes.append(
      "speed-up = scan p50 ÷ index p50; scan = index counts the queries whose words are all Han "
        + "(the scan's substring semantics equal the index's .all semantics) and agree")
    if mismatches.isEmpty {
      table.notes.append("scan vs index: no mismatches")
    } else {
      table.notes.append("scan vs index: \(mismatches.count) mismatch(es):")
      table.notes.append(contentsOf: mismatches.map { "  " + $0 })
    }
    report.add(table)
    let suffix = options.modes.count > 1 ? "_" + modeName(options.mode) : ""
    report.add("queries" + suffix, .object(classesJSON))
    report.add("scan_mismatches" + suffix, .array(mismatches.map { .string($0) }))
    return mismatches.count
  }
}
