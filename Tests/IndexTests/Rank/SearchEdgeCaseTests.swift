import TestSupport
import Testing

@testable import Index

/// Queries built by hand that the parser never produces: they return no match, never trap.
@Suite struct SearchEdgeCaseTests {
  let texts = ["教育质量很重要", "我们要提高教育质量", "质量教育", "考试"]
  let modes: [MatchMode] = [.all, .any, .ranked]

  /// A phrase with no terms, quoted or not.
  func emptyPhrase(quoted: Bool) -> QueryPhrase {
    QueryPhrase(text: "", isQuoted: quoted, terms: [])
  }

  func search(_ query: Query, mode: MatchMode) throws -> SearchResults {
    let searcher = try makeSearcher(documents(texts))
    return try searcher.search(query, options: SearchOptions(limit: 10, mode: mode))
  }

  @Test func aQueryWithoutClausesMatchesNothing() throws {
    let word = try makeSearcher(documents(texts)).parse("考试").clauses[0][0]
    for mode in modes {
      for query in [Query(clauses: []), Query(clauses: [], exclusions: [word])] {
        let results = try search(query, mode: mode)
        #expect(results.total == 0)
        #expect(results.totalIsExact)
        #expect(results.hits.isEmpty)
      }
    }
  }

  @Test func aPhraseWithoutTermsMatchesNothing() throws {
    for mode in modes {
      for quoted in [false, true] {
        let results = try search(Query(clauses: [[emptyPhrase(quoted: quoted)]]), mode: mode)
        #expect(results.total == 0)
        #expect(results.hits.isEmpty)
      }
    }
  }

  @Test func aPhraseWithoutTermsBesideOthersChangesNothing() throws {
    let searcher = try makeSearcher(documents(texts))
    let parsed = try searcher.parse("教育 OR 考试")
    for mode in modes {
      let options = SearchOptions(limit: 10, mode: mode)
      let expected = try searcher.search(parsed, options: options)
      // As one more alternative of the OR clause, and as an exclusion.
      var alternative = parsed
      alternative.clauses[0].append(emptyPhrase(quoted: true))
      var excluded = parsed
      excluded.exclusions.append(emptyPhrase(quoted: false))
      for query in [alternative, excluded] {
        let results = try searcher.search(query, options: options)
        #expect(results.total == expected.total)
        #expect(results.hits.map(\.document) == expected.hits.map(\.document))
        #expect(results.hits.map(\.score) == expected.hits.map(\.score))
      }
    }
    // As a required clause of `.all` mode beside a real one: nothing matches it.
    let required = Query(clauses: parsed.clauses + [[emptyPhrase(quoted: false)]])
    let results = try searcher.search(required, options: SearchOptions(mode: .all))
    #expect(results.total == 0)
    #expect(results.hits.isEmpty)
  }
}
