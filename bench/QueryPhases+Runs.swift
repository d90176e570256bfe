import Foundation
import Index

extension QueryPhases {
  /// Runs every query of a class `--query-warmup` times untimed; returns the queries that did
  /// not throw and the number of timed rounds that fit in `--query-budget`.
  ///
  /// The first run fixes each query's expected outcome (later runs are checked against it), and
  /// the whole warm-up estimates the cost of one round, so that slow classes get fewer rounds.
  func warmUp(
    _ cls: QueryClass, _ figures: inout [QueryFigures], options searchOptions: SearchOptions
  ) -> (live: [Int], rounds: Int) {
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
    return (live, rounds)
  }

  /// The timed index runs: `rounds` rounds over the `live` queries in round-robin order, each
  /// search timed alone and checked against the warm-up's outcome; returns every latency.
  ///
  /// Round-robin rather than one query at a time, so that a query is not timed right after
  /// itself with its own postings still hot. The loop is kept as tight as it was: `all` is
  /// reserved up front and nothing but the search sits between the two clock readings.
  func timedRuns(
    _ cls: QueryClass, _ figures: inout [QueryFigures], live: [Int], rounds: Int,
    options searchOptions: SearchOptions
  ) -> Samples {
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
    return Samples(all)
  }

  /// The scan baseline of an `.all` class: one untimed round that counts each query's matches
  /// and compares them with the index's exact totals, then timed rounds that must repeat it.
  ///
  /// The untimed round also estimates the cost of a round, so that `--scan-budget` bounds the
  /// timed ones; every disagreement is logged and appended to `mismatches` as it is found.
  func scanBaseline(
    _ cls: QueryClass, _ figures: inout [QueryFigures], scanner: LinearScan,
    mismatches: inout [String]
  ) -> ScanFigures {
    var scan = ScanFigures()
    for i in figures.indices { figures[i].scan = LinearScan.plan(figures[i].query.text) }
    let scanned = figures.indices.filter { figures[$0].scan != nil }
    let scanStart = monotonicNanos()
    for i in scanned {
      let matches = scanner.count(figures[i].scan!)
      figures[i].scanMatches = matches
      guard figures[i].scan!.comparable, scanner.foldsInPlace, let outcome = figures[i].outcome,
        outcome.exact
      else { continue }
      scan.compared += 1
      if outcome.total == matches {
        scan.agreed += 1
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
    scan.latency = timedScans(cls, &figures, scanned: scanned, rounds: scanRounds, scanner)
    return scan
  }

  /// The timed scan runs: `rounds` rounds over the `scanned` queries, each count timed alone
  /// and checked against the untimed round's; returns every latency.
  func timedScans(
    _ cls: QueryClass, _ figures: inout [QueryFigures], scanned: [Int], rounds: Int,
    _ scanner: LinearScan
  ) -> Samples {
    var scanAll: [Double] = []
    for run in 0..<rounds {
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
    return Samples(scanAll)
  }
}
