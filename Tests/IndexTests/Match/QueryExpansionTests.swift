import TestSupport
import Testing

@testable import Index

/// Prefix words and glued numbers: `comput*` and `iphone` find the index's longer words, with
/// the most frequent expansions first and a cap, and `AND`/`NOT` filter in every mode.
@Suite struct QueryExpansionTests {
  let docs = documents([
    "iPhone15 发布", "iPhone 与 iPhone15Pro", "iPhone14 降价", "computer science", "computing power",
    "compute 教育", "华为 Mate60", "mate 同伴", "苹果 华为", "苹果 手机", "华为 5G 网络", "网络 教育",
  ])

  func ids(_ query: String, _ mode: MatchMode = .ranked) throws -> [String] {
    try makeSearcher(docs).search(query, options: SearchOptions(limit: 20, mode: mode)).hits.map(
      \.id
    )
    .sorted()
  }

  @Test func aBareWordAlsoFindsItGluedToANumber() throws {
    #expect(try ids("iphone") == ["0", "1", "2"])
    #expect(try ids("iPhone", .all) == ["0", "1", "2"])
    #expect(try ids("mate") == ["6", "7"])
    // Quoted it is exact; `.any` mode stays Lucene's bag of terms; a word with letters and a
    // number after it is not expanded (`iphone15` does not find `iphone15pro`).
    #expect(try ids("\"iphone\"") == ["1"])
    #expect(try ids("iphone", .any) == ["1"])
    #expect(try ids("iphone15") == ["0"])
    // Letters after the word are not a glued number: `comput` finds nothing by itself.
    #expect(try ids("comput") == [])
  }

  @Test func aPrefixFindsLongerWords() throws {
    #expect(try ids("comput*") == ["3", "4", "5"])
    #expect(try ids("comput*", .any) == ["3", "4", "5"])
    #expect(try ids("iphone15*") == ["0", "1"])
    #expect(try ids("教育 -comput*") == ["11"])
  }

  @Test func theExpansionIsTheSameAsTypingTheAlternatives() throws {
    let searcher = try makeSearcher(docs)
    for mode in [MatchMode.ranked, .all] {
      let options = SearchOptions(limit: 20, mode: mode)
      let expanded = try searcher.search("iphone", options: options).hits
      // The alternatives in order of frequency, ties by bytes.
      let typed = try searcher.search(
        "iphone OR iphone14 OR iphone15 OR iphone15pro", options: options
      )
      .hits
      #expect(expanded.map(\.id) == typed.map(\.id))
      #expect(zip(expanded, typed).allSatisfy { $0.score == $1.score })
    }
  }

  @Test func theMostFrequentExpansionsAreKept() throws {
    // 20 glued forms: ab1 in 20 documents, ab2 in 19, … ab20 in 1; only the first 16 are kept.
    var texts: [String] = []
    for n in 1...20 {
      for _ in 0..<(21 - n) { texts.append("ab\(n) 教育") }
    }
    texts.append("ab")
    let searcher = try makeSearcher(documents(texts))
    let query = try searcher.parse("ab")
    let expanded = try QueryExpansion(segments: searcher.reader.segments, expandsGlued: true)
      .expand(query)
    #expect(
      expanded.clauses[0].map(\.text)
        == ["ab"] + (1...QueryExpansion.maximumGluedTerms).map { "ab\($0)" })
    let total = try searcher.search("ab", options: SearchOptions(limit: 1000)).total
    #expect(total == 1 + (1...16).reduce(0) { $0 + 21 - $1 })
  }

  @Test func andAndNotFilterInEveryMode() throws {
    for mode in [MatchMode.ranked, .any, .all] {
      #expect(try ids("苹果 AND 华为", mode) == ["8"])
      #expect(try ids("+苹果 手机", mode) == (mode == .all ? ["9"] : ["8", "9"]))
      #expect(try ids("网络 NOT 5G", mode) == ["11"])
      #expect(try ids("网络 !5g", mode) == ["11"])
    }
    #expect(try ids("苹果 华为") == ["10", "6", "8", "9"])
  }
}
