import TestSupport
import Testing

@testable import Index

/// The searcher agrees with a brute-force oracle on random queries over random corpora.
@Suite struct SearchOracleTests {
  /// A random query drawn mostly from the corpus itself, so that most queries match something.
  static func randomQuery(_ rng: inout SeededGenerator, _ docs: [Document]) -> String {
    let han = Array("教育质量学校发展工作中国人民政府建设教师学生")
    let fixed = [
      "2020年", "5G", "AI", "ai", "k12", "steam", "年", "标题3", "不存在", "xyz", "2020", "年2020",
      "5g年ai", "教AI", "\"2020 年\"", "ai*", "st*", "k*", "+教育", "教育 AND 学校", "质量 && 学生",
      "NOT 学校", "!学校", "steam", "\"ai\"",
    ]
    func word() -> String {
      switch Int.random(in: 0..<10, using: &rng) {
      case 0..<6:
        let text = Array(docs.randomElement(using: &rng)!.text.unicodeScalars)
        guard !text.isEmpty else { return "教育" }
        let start = Int.random(in: 0..<text.count, using: &rng)
        let end = min(text.count, start + Int.random(in: 1...4, using: &rng))
        var view = String.UnicodeScalarView()
        view.append(contentsOf: text[start..<end].filter { $0 != " " && $0 != "\"" })
        return String(view)
      case 6: return String(han.randomElement(using: &rng)!)
      case 7, 8: return fixed.randomElement(using: &rng)!
      default:
        return String(
          (0..<Int.random(in: 2...3, using: &rng)).map { _ in han.randomElement(using: &rng)! })
      }
    }
    var parts: [String] = []
    for _ in 0..<Int.random(in: 1...3, using: &rng) {
      switch Int.random(in: 0..<10, using: &rng) {
      case 0, 1: parts.append("\"\(word()) \(word())\"")
      case 2, 3: parts.append("\(word()) OR \(word())")
      default: parts.append(word())
      }
    }
    if Int.random(in: 0..<4, using: &rng) == 0 {
      parts.insert("-\(word())", at: Int.random(in: 0...parts.count, using: &rng))
    }
    return parts.joined(separator: Bool.random(using: &rng) ? " " : "\u{3000}")
  }

  @Test(arguments: [
    (UInt64(21), 60, 80), (22, 700, 80), (23, 2500, 30),
  ])
  func randomQueriesMatchBruteForce(seed: UInt64, documents: Int, maxLength: Int) throws {
    let docs = randomCorpus(seed: seed, documents: documents, maxLength: maxLength)
    let searcher = try makeSearcher(docs)
    let oracle = BruteForceSearch(docs)
    var rng = SeededGenerator(seed: seed &* 7919)
    let parameters: [(Double, Double)] = [(1.2, 0.75), (0.9, 0.4), (2.0, 1.0), (1.2, 0.0)]
    var failures: [String] = []
    var searched = 0
    var nonEmpty = 0
    for _ in 0..<250 {
      let text = Self.randomQuery(&rng, docs)
      guard let query = try? searcher.parse(text) else { continue }
      let (k1, b) = parameters.randomElement(using: &rng)!
      for mode in [MatchMode.all, .any, .ranked] {
        let w = [0.5, 0.1, 1.0].randomElement(using: &rng)!
        let share = [0.25, 1.0, 0.05].randomElement(using: &rng)!
        let expected = oracle.search(
          query, mode: mode, k1: k1, b: b, characterWeight: w, characterShareLimit: share,
          characterFrequencyFloor: 0)
        if !expected.isEmpty { nonEmpty += 1 }
        for k in [1, 10, 1000] {
          var options = SearchOptions(
            limit: k, mode: mode, k1: k1, b: b, snippets: k == 10, characterWeight: w)
          options.characterShareLimit = share
          options.characterFrequencyFloor = 0
          let results = try searcher.search(query, options: options)
          searched += 1
          failures += Self.compare(
            results, expected, k: k, mode: mode, label: "\(text) \(mode) k=\(k) k1=\(k1) b=\(b)")
          // The same query gives the same results and statistics.
          if k == 10 { #expect(try searcher.search(query, options: options) == results) }
        }
      }
    }
    if !failures.isEmpty {
      Issue.record(
        "\(failures.count) differences, e.g. \(failures.prefix(8).joined(separator: "; "))")
    }
    #expect(searched > 1500)
    #expect(nonEmpty > 200)
  }

  /// Differences between the searcher's results and the oracle's (empty when they agree).
  static func compare(
    _ results: SearchResults, _ expected: [BruteForceSearch.Result], k: Int, mode: MatchMode,
    label: String
  ) -> [String] {
    var failures: [String] = []
    let hits = results.hits
    if hits.count != min(k, expected.count) {
      failures.append("\(label): \(hits.count) hits, expected \(min(k, expected.count))")
    }
    if mode == .all || results.totalIsExact {
      if results.total != expected.count || !results.totalIsExact && mode == .all {
        failures.append("\(label): total \(results.total), expected \(expected.count)")
      }
    } else if results.total > expected.count || results.total < hits.count {
      failures.append("\(label): total \(results.total) not a lower bound of \(expected.count)")
    }
    let byDocument = Dictionary(uniqueKeysWithValues: expected.map { ($0.document, $0) })
    for (i, hit) in hits.enumerated() where i < expected.count {
      let want = expected[i]
      if !scoresAgree(hit.score, want.score) {
        failures.append("\(label): rank \(i) score \(hit.score), expected \(want.score)")
      }
      if hit.document != want.document {
        // Only a tie may swap documents.
        let other = byDocument[hit.document]?.score ?? .nan
        if !scoresAgree(other, want.score) {
          failures.append("\(label): rank \(i) doc \(hit.document), expected \(want.document)")
        }
      }
      if let reference = byDocument[hit.document], reference.matches != hit.occurrences {
        failures.append(
          "\(label): doc \(hit.document) matches \(hit.occurrences), expected \(reference.matches)")
      }
      if hit.id != "doc-\(hit.document)" { failures.append("\(label): id \(hit.id)") }
    }
    if Set(hits.map(\.document)).count != hits.count {
      failures.append("\(label): duplicate hits")
    }
    return failures
  }
}
