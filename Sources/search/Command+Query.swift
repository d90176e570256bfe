import Foundation
import Index

extension Command {
  /// `search query [-i FILE] [-k N] [--all | --any] [--json] [--k1 X] [--b X] QUERY`, or
  /// `--batch`.
  static func runQuery<O: TextOutputStream, E: TextOutputStream>(
    _ args: inout Arguments, output: inout O, errors: inout E, environment: Environment
  ) throws -> Int32 {
    let path = try args.value("-i", "--index") ?? defaultIndexPath
    let limit = try args.number("-k", "--limit", in: 1...1_000_000) ?? 10
    // Results offset+1 ... offset+limit: the next page.
    let offset = try args.number("--offset", in: 0...1_000_000) ?? 0
    let any = args.flag("--any")
    let all = args.flag("--all")
    if any && all { throw UsageError("--all and --any exclude each other") }
    let json = args.flag("--json")
    let k1 = try args.number("--k1", in: 0.0...100.0) ?? 1.2
    let b = try args.number("--b", in: 0.0...1.0) ?? 0.75
    let batch = try args.value("--batch")
    if batch != nil && json {
      throw UsageError("--batch writes a TREC run; it does not take --json")
    }
    let tag = try args.value("--tag") ?? "search"
    let colour = try useColour(&args, environment: environment)
    let words = try args.positionals(excluding: "query")
    let reader = try openIndex(path)
    let searcher = Searcher(reader: reader)
    var options = SearchOptions(
      limit: limit + offset, mode: any ? .any : all ? .all : .ranked, k1: k1, b: b)

    if let batch {
      guard words.isEmpty else { throw UsageError("--batch takes its queries from the file only") }
      options.snippets = false
      return try runBatch(
        batch, searcher: searcher, options: options, offset: offset, tag: tag, output: &output,
        errors: &errors)
    }
    guard !words.isEmpty else { throw UsageError("query needs the words to search for") }
    let query = words.joined(separator: " ")
    let started = ContinuousClock.now
    var results = try searcher.search(query, options: options)
    let took = Format.microseconds(ContinuousClock.now - started)
    results.hits = Array(results.hits.dropFirst(offset))
    if json {
      output.write(
        jsonResults(query: query, results: results, mode: options.mode, tookMicroseconds: took)
          + "\n")
      return 0
    }
    if let shortened = results.shortenedQuery {
      output.write(
        "note: the query is too long; only its first \(shortened.keptCharacters) of "
          + "\(shortened.characters) characters were searched (at most "
          + "\(Searcher.maximumQueryCharacters) characters and \(Searcher.maximumQueryTerms) terms)\n"
      )
    }
    if results.hits.isEmpty {
      output.write(
        "no results for \(query.unicodeScalars.count > 200 ? String(query.prefix(200)) + "…" : query)\n"
      )
      return 0
    }
    output.write(
      "\(totalLine(results, mode: options.mode)) for \(shown(query, results)) (\(totalCounts(options.mode)); "
        + "engine \(took) µs), "
        + (offset == 0
          ? "top \(results.hits.count):\n\n"
          : "results \(offset + 1)–\(offset + results.hits.count):\n\n")
    )
    for (rank, hit) in results.hits.enumerated() {
      let title = hit.title.map { "  \($0)" } ?? ""
      output.write("\(offset + rank + 1). \(hit.id)\(title)  (score \(Format.score(hit.score)))\n")
      if let snippet = hit.snippet {
        output.write("   \(marked(snippet, colour: colour))\n")
      }
      output.write("\n")
    }
    return 0
  }

  /// The query as far as it was searched (a query cut short ends with "…").
  static func shown(_ query: String, _ results: SearchResults) -> String {
    guard let shortened = results.shortenedQuery else { return query }
    var kept = String.UnicodeScalarView()
    kept.append(contentsOf: query.unicodeScalars.prefix(shortened.keptCharacters))
    return String(kept) + "…"
  }

  /// `--color auto|always|never`: auto colours a terminal unless NO_COLOR is set or TERM=dumb.
  static func useColour(_ args: inout Arguments, environment: Environment) throws -> Bool {
    switch try args.choice("--color", among: ["auto", "always", "never"]) ?? "auto" {
    case "always": return true
    case "never": return false
    default:
      return environment.outputIsTerminal && !environment.noColor && environment.term != "dumb"
    }
  }

  /// The total, "at least" when pruning cut the count short.
  static func totalLine(_ results: SearchResults, mode: MatchMode) -> String {
    let count = results.totalIsExact ? "\(results.total)" : "at least \(results.total)"
    return "\(count) result\(results.total == 1 ? "" : "s")"
  }

  /// What `total` counts, for JSON.
  static func totalCounts(_ mode: MatchMode) -> String {
    switch mode {
    case .all: return "documents matching every word"
    case .any: return "documents with a query term"
    case .ranked: return "documents with a query term or character"
    }
  }

  /// The snippet with its highlights marked: ANSI bold red on a terminal, brackets otherwise.
  static func marked(_ snippet: Snippet, colour: Bool) -> String {
    snippet.marked(open: colour ? "\u{1B}[1;31m" : "[", close: colour ? "\u{1B}[0m" : "]")
      .replacingOccurrences(of: "\n", with: " ")
  }

  static func jsonResults(
    query: String, results: SearchResults, mode: MatchMode, tookMicroseconds: Int
  ) -> String {
    let hits = results.hits.map { hit -> String in
      var fields = [
        "\"id\":\(Format.json(hit.id))",
        "\"title\":\(hit.title.map(Format.json) ?? "null")",
        "\"score\":\(Format.score(hit.score))",
        "\"matches\":\(hit.occurrences)",
        "\"document\":\(hit.document)",
      ]
      if let snippet = hit.snippet {
        fields.append("\"snippet\":\(Format.json(snippet.text))")
        func ranges(_ list: [Range<Int>]) -> String {
          "[" + list.map { "[\($0.lowerBound),\($0.upperBound)]" }.joined(separator: ",") + "]"
        }
        fields.append("\"highlights\":\(ranges(snippet.highlights))")
        fields.append("\"highlights_scalars\":\(ranges(snippet.scalarHighlights))")
        fields.append("\"highlights_utf16\":\(ranges(snippet.utf16Highlights))")
        fields.append(
          "\"snippet_range\":[\(snippet.documentRange.lowerBound),\(snippet.documentRange.upperBound)]"
        )
      } else {
        fields.append("\"snippet\":null")
        fields.append("\"highlights\":[],\"highlights_scalars\":[],\"highlights_utf16\":[]")
      }
      return "{" + fields.joined(separator: ",") + "}"
    }
    let modeName = mode == .all ? "all" : mode == .any ? "any" : "ranked"
    var shortened = "null"
    if let s = results.shortenedQuery {
      shortened = "{\"kept_characters\":\(s.keptCharacters),\"characters\":\(s.characters)}"
    }
    return "{\"query\":\(Format.json(query)),\"mode\":\"\(modeName)\","
      + "\"query_shortened\":\(shortened),\"total\":\(results.total),"
      + "\"total_is_exact\":\(results.totalIsExact),"
      + "\"total_counts\":\(Format.json(totalCounts(mode))),\"took_us\":\(tookMicroseconds),"
      + "\"postings_decoded\":\(results.statistics.postingsDecoded),"
      + "\"documents_scored\":\(results.statistics.documentsScored),"
      + "\"hits\":[\(hits.joined(separator: ","))]}"
  }

  static func runBatch<O: TextOutputStream, E: TextOutputStream>(
    _ path: String, searcher: Searcher, options: SearchOptions, offset: Int, tag: String,
    output: inout O, errors: inout E
  ) throws -> Int32 {
    guard let data = FileManager.default.contents(atPath: path),
      let text = String(data: data, encoding: .utf8)
    else { throw ToolError("\(path): cannot read the queries (a UTF-8 qid<TAB>query file)") }
    var failures = 0
    // Split on the byte: as Characters, "\r\n" is one grapheme and no "\n" would match it.
    let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    for (number, bytes) in lines.enumerated() {
      let line = bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes[...]
      let trimmed = String(decoding: line, as: UTF8.self)
      if trimmed.isEmpty { continue }
      guard let tab = trimmed.firstIndex(of: "\t") else {
        errors.write("search: \(path):\(number + 1): skipped (no tab between qid and query)\n")
        failures += 1
        continue
      }
      let qid = String(trimmed[..<tab])
      let query = String(trimmed[trimmed.index(after: tab)...])
      do {
        let results = try searcher.search(query, options: options)
        for (rank, hit) in results.hits.enumerated() where rank >= offset {
          output.write("\(qid) Q0 \(hit.id) \(rank + 1) \(Format.score(hit.score)) \(tag)\n")
        }
      } catch {
        errors.write("search: \(path):\(number + 1): \(qid): \(error)\n")
        failures += 1
      }
    }
    return failures == 0 ? 0 : 1
  }
}
