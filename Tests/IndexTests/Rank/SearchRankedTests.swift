import Foundation
import TestSupport
import Testing

@testable import Index

/// The default `.ranked` mode: natural queries rank every document that shares a term or a
/// character with them, quoted phrases and exclusions still filter, punctuation separates
/// words, and a query is capped so that pasted text costs no more than a long question.
@Suite struct SearchRankedTests {
  static let texts = [
    "七点常识教你如何有效的预防白癜风",
    "如何有效预防白癜风的方法",
    "白癜风患者的饮食",
    "预防感冒的常识",
    "今天天气很好",
    "如何有效预防白癜风，如何有效预防白癜风",
  ]

  /// Ids and scores of `query` against the oracle, in `mode`.
  func check(_ query: String, _ mode: MatchMode, k: Int = 10) throws -> [Int] {
    let docs = Self.texts.enumerated().map { Document(id: "doc-\($0.offset)", text: $0.element) }
    let searcher = try makeSearcher(docs)
    let parsed = try searcher.parse(query)
    let expected = BruteForceSearch(docs).search(parsed, mode: mode, k1: 1.2, b: 0.75)
    let results = try searcher.search(
      parsed, options: SearchOptions(limit: k, mode: mode, snippets: false))
    #expect(results.hits.map(\.document) == expected.prefix(k).map(\.document), "\(query)")
    #expect(
      zip(results.hits, expected).allSatisfy { scoresAgree($0.score, $1.score) }, "\(query)")
    return results.hits.map(\.document)
  }

  @Test func aNaturalQueryRanksWhatStrictModeMisses() throws {
    // Strict: only the texts holding the run as written.
    #expect(try check("如何有效预防白癜风", .all) == [5, 1])
    // Ranked: every text sharing a term or character; the ones holding it as written first,
    // then the title with 的 inside the run, then those with parts of it.
    #expect(try check("如何有效预防白癜风", .ranked) == [5, 1, 0, 2, 3])
    // Lucene's bag of bigrams: no character terms, so 今天天气很好 and 预防感冒 rank by
    // their bigrams alone.
    #expect(try check("如何有效预防白癜风", .any) == [5, 1, 0, 2, 3])
  }

  @Test func charactersRankDocumentsWithoutTheBigrams() throws {
    // 白风 is no bigram of any text; its characters still find 白癜风 texts.
    #expect(try check("白风", .ranked).count == 4)
    #expect(try check("白风", .any) == [])
    #expect(try check("白风", .all) == [])
  }

  @Test func quotedPhrasesAndExclusionsStillFilter() throws {
    #expect(try check("\"预防白癜风\" 方法", .ranked) == [1, 5, 0])
    #expect(try check("\"预防白癜风\" 方法", .any) == [1, 5, 0])
    #expect(try check("白癜风 -饮食", .ranked) == [5, 1, 0])
    #expect(try check("白癜风 -\"有效预防\"", .ranked) == [2, 0])
    #expect(try check("\"不存在的\" 白癜风", .ranked) == [])
  }

  @Test func orKeepsWorkingInEveryMode() throws {
    #expect(try check("感冒 OR 饮食", .all).sorted() == [2, 3])
    #expect(try check("感冒 OR 饮食", .ranked).prefix(2).sorted() == [2, 3])
    #expect(try check("\"感冒\" OR \"饮食\"", .ranked).sorted() == [2, 3])
  }

  @Test func chinesePunctuationSeparatesWords() throws {
    let parser = QueryParser()
    let spaced = try parser.parse("教育 质量")
    for text in [
      "教育，质量", "教育、质量", "教育；质量", "教育。质量", "教育！质量", "教育？质量", "教育：质量",
      "《教育》质量", "教育,质量", "教育;质量",
    ] {
      #expect(
        try parser.parse(text).clauses.map { $0.map(\.terms) }
          == spaced.clauses.map {
            $0.map(\.terms)
          }, "\(text)")
    }
    // A comma inside a number is part of it.
    #expect(try parser.parse("1,000元").clauses.count == 1)
    // Inside quotes, punctuation does not split the phrase.
    #expect(try parser.parse("\"教育，质量\"").clauses.count == 1)
    #expect(try check("预防，白癜风", .all) == [5, 1, 0])
  }

  @Test func aLongQueryIsCutAndSaysWhere() throws {
    let parser = QueryParser()
    // One run of 300 characters: 299 bigrams, of which the first 128 are kept, which end
    // with the 129th character.
    let han = Array("教育质量学校发展工作中国人民政府建设教师学生")
    let run = String((0..<300).map { han[$0 % han.count] })
    let query = try parser.parse(run)
    #expect(query.positivePhrases.flatMap(\.terms).count == QueryParser.maximumTerms)
    #expect(query.shortened == Query.Shortening(keptCharacters: 129, characters: 300))
    #expect(query.positivePhrases[0].text == String(run.prefix(129)))
    // Words after the budget are dropped; the cut is where the last kept word ends.
    let words = (0..<200).map { "w\($0)" }.joined(separator: " ")
    let cut = try parser.parse(words)
    #expect(cut.positivePhrases.count == QueryParser.maximumTerms)
    #expect(cut.shortened?.keptCharacters == (0..<128).map { "w\($0)".count + 1 }.reduce(0, +) - 1)
    // Of a query of 100,004 characters, 1,000 are read.
    let spaced = "教育" + String(repeating: " ", count: 100_000) + "质量"
    let parsed = try parser.parse(spaced)
    #expect(parsed.shortened == Query.Shortening(keptCharacters: 1_000, characters: 100_004))
    #expect(parsed.positivePhrases.map(\.text) == ["教育"])
    // A query within the caps is not marked.
    #expect(try parser.parse("教育质量").shortened == nil)
  }

  @Test func aHugeQueryStillAnswers() throws {
    let docs = Self.texts.enumerated().map { Document(id: "doc-\($0.offset)", text: $0.element) }
    let searcher = try makeSearcher(docs)
    let huge = String(repeating: "如何有效预防白癜风", count: 12_000)
    let results = try searcher.search(huge)
    #expect(results.shortenedQuery == Query.Shortening(keptCharacters: 129, characters: 108_000))
    #expect(results.hits.map(\.document).first == 5)
  }
}
