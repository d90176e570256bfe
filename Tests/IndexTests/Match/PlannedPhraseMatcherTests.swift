import TestSupport
import Testing

@testable import Index

/// The phrase matchers the planner builds for parsed phrases (words, bigram chains, lone
/// characters matched through the union of their variants, characters glued to words), each
/// asked at every document, against the brute-force searcher's phrase matching.
@Suite struct PlannedPhraseMatcherTests {
  /// Quoted and unquoted phrases of Han pieces and the corpus's other tokens, with spaces so
  /// that lone characters stand beside words.
  static func randomQuery(_ rng: inout SeededGenerator) -> String {
    let han = Array("教育质量学校发展工作中国人民")
    let other = ["2020", "年", "AI", "5G", "k12"]
    let pieces = (0..<1 + rng.below(3)).map { _ -> String in
      if rng.below(4) == 0 { return other[rng.below(other.count)] }
      return String((0..<1 + rng.below(3)).map { _ in han[rng.below(han.count)] })
    }
    let glue = rng.below(3) == 0 ? "" : " "
    let text = pieces.joined(separator: glue)
    return rng.below(2) == 0 ? "\"\(text)\"" : text
  }

  @Test func plannedMatchersAgreeWithBruteForce() throws {
    let docs = randomCorpus(seed: 1305, documents: 400, maxLength: 60)
    let searcher = try makeSearcher(docs)
    let oracle = BruteForceSearch(docs)
    var rng = SeededGenerator(seed: 1306)
    var failures: [String] = []
    var kinds = (term: 0, character: 0, single: 0, matched: 0)
    for _ in 0..<300 {
      guard let query = try? searcher.parse(Self.randomQuery(&rng)) else { continue }
      for phrase in query.positivePhrases {
        let planner = QueryPlanner(
          reader: searcher.reader.segments[0].reader, counters: WorkCounters())
        var pool = QueryPlanner.SourcePool()
        let want = (0..<docs.count).filter { oracle.phraseMatches(phrase, $0) }
        guard let matcher = try planner.matcher(for: phrase, in: &pool) else {
          // Nil only when some term is absent from the index: nothing can match.
          if !want.isEmpty { failures.append("\(phrase): no matcher, expected \(want)") }
          continue
        }
        for slot in matcher.slots {
          switch slot {
          case .term: kinds.term += 1
          case .character: kinds.character += 1
          case .loneCharacter: kinds.single += 1
          }
        }
        var got: [Int] = []
        for d in 0..<docs.count where try matcher.matches(at: UInt32(d)) { got.append(d) }
        kinds.matched += got.count
        if got != want { failures.append("\(phrase): \(got) != \(want)") }
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(5))")
    // Every kind of slot was exercised (the counts of these seeds).
    #expect([kinds.term, kinds.character, kinds.single, kinds.matched] == [616, 59, 60, 23642])
  }
}
