import TestSupport
import Testing

@testable import Index

/// The pruned paths (one-term block-max, `.any` block-max MaxScore, mixed words, phrases)
/// agree with the brute-force oracle on corpora whose terms span many 128-document blocks.
@Suite struct SearchPruningOracleTests {
  /// Queries aimed at the fast paths: every single character and many bigrams (one-term
  /// queries), bags of terms (`.any`), lone characters beside Latin/digits, and phrases.
  static func queries(_ rng: inout SeededGenerator) -> [String] {
    let han = Array("教育质量学校发展工作中国人民政府建设教师学生")
    var out: [String] = han.map { String($0) }
    for _ in 0..<40 {
      out.append(String([han.randomElement(using: &rng)!, han.randomElement(using: &rng)!]))
    }
    out += ["2020", "ai", "AI", "5g", "k12", "steam", "标题3", "年"]
    out += ["2020年", "年教", "5G教", "AI发展", "k12学", "2020年教", "ai 年", "STEAM学生"]
    out += ["年2020", "学ai", "5g年k12", "\"2020 年\"", "2020年 -年ai", "ai年 OR 年ai"]
    for _ in 0..<30 {
      let words = (0..<Int.random(in: 2...4, using: &rng)).map { _ -> String in
        let n = Int.random(in: 1...3, using: &rng)
        return String((0..<n).map { _ in han.randomElement(using: &rng)! })
      }
      out.append(words.joined(separator: " "))
    }
    for _ in 0..<15 {
      out.append("\"" + String((0..<3).map { _ in han.randomElement(using: &rng)! }) + "\"")
    }
    out += ["教育 -学校", "2020年 -教育", "教 OR 育 质量"]
    // Natural queries: one long run of characters, as people type them (the ranked default).
    for _ in 0..<20 {
      let n = Int.random(in: 5...12, using: &rng)
      out.append(String((0..<n).map { _ in han.randomElement(using: &rng)! }))
    }
    out += ["教育，质量", "学校、教师；学生", "\"学校\" 教育发展", "教育发展 -\"学校\""]
    return out
  }

  @Test(arguments: [(UInt64(31), 3000, 60), (32, 1200, 200)])
  func prunedPathsMatchBruteForce(seed: UInt64, documents: Int, maxLength: Int) throws {
    let docs = randomCorpus(seed: seed, documents: documents, maxLength: maxLength)
    let searcher = try makeSearcher(docs)
    let oracle = BruteForceSearch(docs)
    var rng = SeededGenerator(seed: seed &* 104_729)
    let parameters: [(Double, Double)] = [(1.2, 0.75), (0.9, 0.4), (2.0, 1.0), (1.2, 0.0)]
    var failures: [String] = []
    var searched = 0
    for text in Self.queries(&rng) {
      let query = try searcher.parse(text)
      let (k1, b) = parameters.randomElement(using: &rng)!
      // Ranked twice: with the default share limit, and scoring every character.
      for (mode, share) in [(MatchMode.all, 1.0), (.any, 1.0), (.ranked, 0.25), (.ranked, 1.0)] {
        let expected = oracle.search(
          query, mode: mode, k1: k1, b: b, characterShareLimit: share, characterFrequencyFloor: 0)
        for k in [1, 10, 100] {
          var options = SearchOptions(limit: k, mode: mode, k1: k1, b: b, snippets: k == 1)
          options.characterShareLimit = share
          options.characterFrequencyFloor = 0
          let results = try searcher.search(query, options: options)
          searched += 1
          failures += SearchOracleTests.compare(
            results, expected, k: k, mode: mode, label: "\(text) \(mode) k=\(k) k1=\(k1) b=\(b)")
        }
      }
    }
    if !failures.isEmpty {
      Issue.record(
        "\(failures.count) differences, e.g. \(failures.prefix(8).joined(separator: "; "))")
    }
    #expect(searched > 500)
  }

  /// A one-term query reports its document frequency as an exact total while scoring only
  /// the blocks that can reach the top k (here: the few blocks holding short documents that
  /// repeat the character).
  @Test func singleTermTotalIsDocumentFrequencyAndPrunes() throws {
    var rng = SeededGenerator(seed: 33)
    let filler = Array("育质量学校发展工作")
    var docs: [Document] = []
    for d in 0..<3000 {
      let text =
        d % 400 == 7
        ? String(repeating: "教", count: Int.random(in: 2...6, using: &rng))
        : "教"
          + String(
            (0..<Int.random(in: 20...60, using: &rng)).map { _ in
              filler.randomElement(using: &rng)!
            })
      docs.append(Document(id: "doc-\(d)", text: text))
    }
    let searcher = try makeSearcher(docs)
    let oracle = BruteForceSearch(docs)
    for (text, k) in [("教", 1), ("教", 5), ("教", 10), ("教教", 3)] {
      let query = try searcher.parse(text)
      let expected = oracle.search(query, mode: .all, k1: 1.2, b: 0.75)
      let results = try searcher.search(
        query, options: SearchOptions(limit: k, mode: .all, snippets: false))
      #expect(results.total == expected.count && results.totalIsExact)
      #expect(results.hits.map(\.document) == expected.prefix(k).map(\.document))
      #expect(zip(results.hits, expected).allSatisfy { scoresAgree($0.score, $1.score) })
      if k <= 5 && text == "教" {
        #expect(results.statistics.documentsScored < expected.count / 2, "\(text) k=\(k)")
      }
    }
  }
}
