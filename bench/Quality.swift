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

  /// Runs every judged query in each mode and adds the Ranking quality table and the `quality`
  /// JSON member.
  ///
  /// Only queries with a relevant document are judged: a query without one would score 0
  /// whatever the engine returns, and only dilute the averages.
  func run(queriesPath: String, qrelsPath: String) throws {
    let queries = try Quality.loadQueries(queriesPath)
    let qrels = try Quality.loadQrels(qrelsPath)
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
      let figures = measure(judged, qrels: qrels, options: searchOptions(mode, k1: k1, b: b))
      table.add(figures.row(name))
      modesJSON.append((name, figures.json))
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

  /// The `qid<TAB>query` lines of `path`; lines without a tab are skipped.
  static func loadQueries(_ path: String) throws -> [(String, String)] {
    var queries: [(String, String)] = []
    for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
      let parts = line.split(separator: "\t", maxSplits: 1)
      guard parts.count == 2 else { continue }
      queries.append((String(parts[0]), String(parts[1])))
    }
    return queries
  }

  /// The grades of TREC qrels (`qid 0 docid grade`) by query and document; malformed lines
  /// are skipped.
  static func loadQrels(_ path: String) throws -> [String: [String: Int]] {
    var qrels: [String: [String: Int]] = [:]
    for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
      let parts = line.split(whereSeparator: \.isWhitespace)
      guard parts.count >= 4, let grade = Int(parts[3]) else { continue }
      qrels[String(parts[0]), default: [:]][String(parts[2])] = grade
    }
    return qrels
  }

  /// The search options of one mode: the top 100, the run's BM25 parameters and character
  /// settings, no snippets (only the ranking is judged).
  func searchOptions(_ mode: MatchMode, k1: Double, b: Double) -> SearchOptions {
    var searchOptions = SearchOptions(limit: 100, mode: mode, k1: k1, b: b, snippets: false)
    if let w = options.characterWeight { searchOptions.characterWeight = w }
    if let share = options.characterShare { searchOptions.characterShareLimit = share }
    return searchOptions
  }

  /// Runs up to 100 judged queries untimed (warm-up), then every judged query once, timing the
  /// search alone and scoring its hits against the grades after the clock has stopped.
  func measure(
    _ judged: [(String, String)], qrels: [String: [String: Int]],
    options searchOptions: SearchOptions
  ) -> ModeFigures {
    for (_, text) in judged.prefix(100) {
      _ = try? searcher.search(Quality.sanitize(text), options: searchOptions)
    }
    var figures = ModeFigures(judged: judged.count)
    for (qid, text) in judged {
      let grades = qrels[qid]!
      let query = Quality.sanitize(text)
      let start = monotonicNanos()
      let results: SearchResults
      do {
        results = try searcher.search(query, options: searchOptions)
      } catch SearchError.emptyQuery {
        figures.times.append(secondsSince(start))
        figures.addNoHits(query + " (empty query)")
        continue
      } catch {
        figures.errors += 1
        checks.fail("quality query \(qid) threw: \(error)")
        continue
      }
      figures.times.append(secondsSince(start))
      figures.add(results.hits.map(\.id), query: query, grades: grades)
    }
    return figures
  }
}
