import TestSupport
import Testing

@testable import Index

/// `.any` seeds its threshold with the k-th best score a rare term gives alone; documents that
/// tie that score, or that hold only frequent terms, still rank as the brute force ranks them.
@Suite struct SearchAnyFloorTests {
  @Test func rareTermFloorKeepsTiesAndFrequentOnlyDocuments() throws {
    var rng = SeededGenerator(seed: 71)
    let filler = Array("育质量学校发展工作")
    var docs: [Document] = []
    for d in 0..<2000 {
      var text = String(
        (0..<Int.random(in: 5...40, using: &rng)).map { _ in filler.randomElement(using: &rng)! })
      // The rare term in 60 identical documents (all tie), spread over the corpus.
      if d % 33 == 5 { text = "稀罕 学校" }
      // Frequent terms only, repeated: these can outscore the rare term's documents.
      if d % 97 == 3 { text = String(repeating: "学校发展 ", count: 6) }
      docs.append(Document(id: "doc-\(d)", text: text))
    }
    let searcher = try makeSearcher(docs)
    let oracle = BruteForceSearch(docs)
    var failures: [String] = []
    for text in ["稀罕 学校", "稀罕 发展 工作", "学校 稀罕", "稀罕 质量"] {
      let query = try searcher.parse(text)
      for (k1, b) in [(1.2, 0.75), (2.0, 1.0), (1.2, 0.0)] {
        let expected = oracle.search(query, mode: .any, k1: k1, b: b)
        for k in [1, 10, 50, 64, 100] {
          let options = SearchOptions(limit: k, mode: .any, k1: k1, b: b, snippets: false)
          let results = try searcher.search(query, options: options)
          failures += SearchOracleTests.compare(
            results, expected, k: k, mode: .any, label: "\(text) k=\(k) k1=\(k1) b=\(b)")
        }
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(8))")
  }
}
