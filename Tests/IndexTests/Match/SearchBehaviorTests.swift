import TestSupport
import Testing

@testable import Index

/// Matching semantics on small handmade corpora: adjacency, lone characters, OR, exclusions.
@Suite struct SearchBehaviorTests {
  func matches(_ texts: [String], _ query: String, mode: MatchMode = .all) throws -> [Int] {
    let searcher = try makeSearcher(documents(texts))
    let results = try searcher.search(query, options: SearchOptions(limit: 100, mode: mode))
    #expect(results.total == results.hits.count)
    #expect(results.totalIsExact)
    return results.hits.map(\.document).sorted()
  }

  @Test func aWordMatchesOnlyWhereItsCharactersAreAdjacent() throws {
    let texts = ["教育的质量很重要", "我们要提高教育质量", "质量教育", "育质量教"]
    #expect(try matches(texts, "教育质量") == [1])
    #expect(try matches(texts, "教育 质量") == [0, 1, 2])
    // A quoted phrase keeps the gap the space makes.
    #expect(try matches(["教育，质量", "教育质量"], "\"教育 质量\"") == [0])
  }

  @Test func aSingleCharacterFindsEveryOccurrence() throws {
    let texts = ["中国共产党", "党", "政党制度", "无关的文字"]
    #expect(try matches(texts, "党") == [0, 1, 2])
    #expect(try matches(texts, "-党 文字") == [3])
    // The shortest document ranks first.
    let searcher = try makeSearcher(documents(texts))
    #expect(try searcher.search("党", options: SearchOptions(mode: .all)).hits.first?.document == 1)
  }

  @Test func aCharacterGluedToAWordMatchesOnlyGlued() throws {
    let texts = ["2020年度报告", "2020 年", "2020，今年", "2021年", "2020", "12020年", "2020年"]
    #expect(try matches(texts, "2020年") == [0, 6])
    #expect(try matches(texts, "2020年", mode: .any) == [0, 1, 2, 3, 4, 5, 6])
    // 第 ends its run right before the number, even inside a longer run.
    let ranks = ["次第1名", "第1名", "第 1", "第二1", "1第", "次第1"]
    #expect(try matches(ranks, "第1") == [0, 1, 5])
    #expect(try matches(ranks, "次第1名") == [0])
    // Glued on both sides: the character is a run of its own between two words.
    #expect(try matches(["a年b", "a年 b", "a 年b", "a年度b", "xa年b"], "a年b") == [0])
    // No lone character: a word and a bigram keep matching across a break.
    #expect(try matches(["K12教育", "k12 教育", "K12，教育", "K12教育学"], "K12教育") == [0, 1, 2, 3])
  }

  @Test func aLoneCharacterNotGluedAcceptsBigramsStartingWithIt() throws {
    let texts = ["2020年度报告", "2020 年", "2020，今年", "2021年", "2020年"]
    // Quoted with a space, 年 is not glued: any lone 年 or bigram 年· two positions on.
    #expect(try matches(texts, "\"2020 年\"") == [0, 1, 4])
    #expect(try matches(["教育，年度", "教育年度", "教育 年"], "\"教育 年\"") == [0, 2])
  }

  @Test func exclusionsAndOr() throws {
    #expect(try matches(["教育质量", "教育考试", "教育"], "教育 -考试") == [0, 2])
    #expect(try matches(["教育质量", "教育考试", "教育"], "教育 -\"教育考试\"") == [0, 2])
    let texts = ["学校 教师", "学校 学生", "学校", "教师 学生"]
    #expect(try matches(texts, "学校 教师 OR 学生") == [0, 1])
    #expect(try matches(texts, "教师 OR 学生 学校") == [0, 1])
    #expect(try matches(texts, "教师 OR 学生") == [0, 1, 3])
    #expect(try matches(texts, "教师 OR 学生 -学校") == [3])
    #expect(try matches(texts, "学校 教师", mode: .any) == [0, 1, 2, 3])
    #expect(try matches(texts, "学校 教师 -学生", mode: .any) == [0, 2])
  }

  @Test func absentTermsMatchNothing() throws {
    #expect(try matches(["教育"], "不存在") == [])
    #expect(try matches(["教育"], "教育 不存在") == [])
    #expect(try matches(["教育"], "教育 不存在", mode: .any) == [0])
    #expect(try matches(["教育"], "教育 -不存在") == [0])
    #expect(try matches(["教育"], "不存在 OR 教育") == [0])
  }

  @Test func hitsCarryIdsTitlesMatchesAndTieOrder() throws {
    let docs = [
      Document(id: "a", title: "教育标题", text: "正文没有"),
      Document(id: "b", text: "教育教育质量"),
      Document(id: "c", text: "教育教育质量"),
    ]
    let searcher = try makeSearcher(docs)
    let results = try searcher.search("教育", options: SearchOptions(mode: .all))
    #expect(results.hits.map(\.id) == ["b", "c", "a"])
    #expect(results.hits[0].score == results.hits[1].score)
    #expect(results.hits.map(\.occurrences) == [2, 2, 1])
    #expect(results.hits[2].title == "教育标题")
    #expect(results.hits[0].title == nil)
    // The match is in the title only: the snippet is the start of the text, unmarked.
    #expect(results.hits[2].snippet == Snippet(text: "正文没有", highlights: [], documentRange: 0..<12))
    #expect(
      try searcher.search("教育", options: SearchOptions(mode: .all, snippets: false)).hits[0].snippet
        == nil)
    let none = try searcher.search("教育", options: SearchOptions(limit: 0, mode: .all))
    #expect(none.hits.isEmpty && none.total == 3 && none.totalIsExact)
  }

  /// Intersection skips: a rare term drives, the common one is advanced to its few documents.
  @Test func conjunctionsSkipLongLists() throws {
    var texts = Array(repeating: "教育发展", count: 5000)
    for d in stride(from: 7, to: 5000, by: 1000) { texts[d] = "教育质量" }
    let searcher = try makeSearcher(documents(texts))
    let results = try searcher.search("教育 质量", options: SearchOptions(mode: .all, snippets: false))
    #expect(results.total == 5)
    #expect(results.statistics.documentsScored == 5)
    #expect(results.statistics.postingsDecoded < 40)
    // The word 教育质量 needs positions of candidates only.
    let word = try searcher.search("教育质量", options: SearchOptions(mode: .all, snippets: false))
    #expect(word.total == 5)
    #expect(word.statistics.postingsDecoded < 60)
  }

  /// MaxScore: with k = 1, documents holding only the frequent term are not all scored.
  @Test func anyModePrunes() throws {
    var texts: [String] = []
    for d in 0..<4000 {
      texts.append(d % 500 == 3 ? "学校 教育 教育 质量" : "学校 发展 工作 学生 \(d)")
    }
    let searcher = try makeSearcher(documents(texts))
    let results = try searcher.search(
      "学校 质量", options: SearchOptions(limit: 1, mode: .any, snippets: false))
    #expect(results.hits.count == 1)
    #expect(results.hits[0].document == 3)
    #expect(results.statistics.documentsScored < 1000)
    #expect(!results.totalIsExact)
    #expect(results.total <= 4000)
    let all = try searcher.search(
      "学校 质量", options: SearchOptions(limit: 10_000, mode: .any, snippets: false))
    #expect(all.total == 4000 && all.totalIsExact)
  }
}
