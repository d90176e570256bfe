import TestSupport
import Testing

@testable import Index

/// `QueryPlanner.impliedTerms`: inside a run of bigrams at offsets s…e, those at s + 1,
/// s + 3, … (but e) need no position check. Checked two ways: against the rule computed by
/// splitting the term offsets into runs, and by its purpose, that dropping the implied terms'
/// position checks matches exactly the documents the whole phrase matches.
@Suite struct ImpliedTermsTests {
  /// The rule, the slow way: sort the `.term` offsets, cut them into runs of consecutive
  /// offsets, and mark every second one from each run's start, never its last; nothing when
  /// two terms share an offset or there are fewer than three terms.
  static func slowImplied(_ terms: [QueryTerm]) -> [Bool] {
    var implied = [Bool](repeating: false, count: terms.count)
    let offsets = terms.filter { $0.kind == .term }.map(\.position)
    guard terms.count >= 3, Set(offsets).count == offsets.count else { return implied }
    var runs: [[Int]] = []
    for offset in offsets.sorted() {
      if let last = runs.last?.last, last + 1 == offset {
        runs[runs.count - 1].append(offset)
      } else {
        runs.append([offset])
      }
    }
    var marked = Set<Int>()
    for run in runs where run.count >= 3 {
      for k in stride(from: 1, to: run.count - 1, by: 2) { marked.insert(run[k]) }
    }
    for (i, term) in terms.enumerated() where term.kind == .term && marked.contains(term.position) {
      implied[i] = true
    }
    return implied
  }

  @Test func impliedTermsFollowTheRunRule() {
    var rng = SeededGenerator(seed: 1501)
    let kinds: [QueryTerm.Kind] = [.term, .term, .term, .loneCharacter, .character]
    var failures: [String] = []
    var impliedSeen = 0
    for round in 0..<3000 {
      let terms = (0..<rng.below(9)).map { _ in
        QueryTerm(
          text: "词", position: rng.below(10), kind: kinds[rng.below(rng.below(3) == 0 ? 5 : 3)])
      }
      let got = QueryPlanner.impliedTerms(terms)
      let want = Self.slowImplied(terms)
      impliedSeen += want.filter { $0 }.count
      if got != want { failures.append("round \(round): \(terms): \(got) != \(want)") }
    }
    #expect(failures.isEmpty, "\(failures.prefix(5))")
    #expect(impliedSeen == 177)
    // Hand-checked: a run of five bigrams 0…4 implies 1 and 3; a run of two implies nothing.
    let run = (0..<5).map { QueryTerm(text: "词", position: $0, kind: .term) }
    #expect(QueryPlanner.impliedTerms(run) == [false, true, false, true, false])
    #expect(QueryPlanner.impliedTerms(Array(run.prefix(4))) == [false, true, false, false])
    #expect(QueryPlanner.impliedTerms(Array(run.prefix(2))) == [false, false])
  }

  /// Whether the terms stand at their offsets from one start in `doc`, by brute force.
  static func standTogether(_ terms: [QueryTerm], in doc: Int, _ oracle: BruteForceSearch)
    -> Bool
  {
    let sets = terms.map { oracle.positions(of: $0, in: doc) }
    return sets[0].contains { p in
      let start = p - terms[0].position
      return zip(terms, sets).allSatisfy { $1.contains(start + $0.position) }
    }
  }

  /// Over random documents and phrases cut from them, checking only the terms that are not
  /// implied finds the same documents as checking every term.
  @Test func droppingImpliedChecksMatchesTheSameDocuments() throws {
    let docs = randomCorpus(seed: 1502, documents: 300, maxLength: 60)
    let searcher = try makeSearcher(docs)
    let oracle = BruteForceSearch(docs)
    var rng = SeededGenerator(seed: 1503)
    var failures: [String] = []
    var phrasesWithImplied = 0
    var matches = 0
    for _ in 0..<400 {
      let scalars = Array(docs[rng.below(docs.count)].text.unicodeScalars)
      guard scalars.count > 3 else { continue }
      let start = rng.below(scalars.count - 3)
      var text = String.UnicodeScalarView()
      text.append(contentsOf: scalars[start..<min(scalars.count, start + 3 + rng.below(8))])
      guard let query = try? searcher.parse(String(text)) else { continue }
      for phrase in query.positivePhrases where phrase.terms.count >= 3 {
        let implied = QueryPlanner.impliedTerms(phrase.terms)
        guard implied.contains(true) else { continue }
        phrasesWithImplied += 1
        let checked = zip(phrase.terms, implied).filter { !$1 }.map(\.0)
        for d in 0..<docs.count {
          let all = Self.standTogether(phrase.terms, in: d, oracle)
          if all { matches += 1 }
          if all != Self.standTogether(checked, in: d, oracle) {
            failures.append("\(phrase) in doc \(d): all terms \(all)")
          }
        }
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(5))")
    #expect(phrasesWithImplied > 100)
    #expect(matches > 100)
  }
}
