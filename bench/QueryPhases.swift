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
    let scanner = LinearScan(corpus: corpus, folds: searcher.reader.foldsToSimplified)
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
      let figures = queries.filter { $0.cls == cls }.map { QueryFigures(query: $0) }
      guard !figures.isEmpty else { continue }
      log("queries: \(cls.rawValue) (\(figures.count))…")
      let measured = measure(
        cls, figures, scanner: runScan ? scanner : nil, mismatches: &mismatches)
      table.add(measured.row)
      classesJSON.append((cls.rawValue, measured.json))
    }
    addNotes(to: &table, mismatches: mismatches)
    report.add(table)
    let suffix = options.modes.count > 1 ? "_" + modeName(options.mode) : ""
    report.add("queries" + suffix, .object(classesJSON))
    report.add("scan_mismatches" + suffix, .array(mismatches.map { .string($0) }))
    return mismatches.count
  }

  /// Measures one class: the warm-up, the timed index runs and, for an `.all` class when
  /// `scanner` is given, the scan baseline; a scan/index disagreement is logged and appended
  /// to `mismatches` as it is found.
  func measure(
    _ cls: QueryClass, _ queries: [QueryFigures], scanner: LinearScan?,
    mismatches: inout [String]
  ) -> ClassFigures {
    var figures = queries
    let searchOptions = searchOptions(cls)
    let (live, rounds) = warmUp(cls, &figures, options: searchOptions)
    let latency = timedRuns(cls, &figures, live: live, rounds: rounds, options: searchOptions)
    var scan = ScanFigures()
    if let scanner, !isAny(cls) {
      scan = scanBaseline(cls, &figures, scanner: scanner, mismatches: &mismatches)
    }
    return ClassFigures(
      cls: cls, modeName: modeName(mode(cls)), figures: figures, live: live, latency: latency,
      scan: scan)
  }

  /// The notes under the latency table: how its figures are computed, and the mismatches.
  func addNotes(to table: inout TextTable, mismatches: [String]) {
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
  }
}
