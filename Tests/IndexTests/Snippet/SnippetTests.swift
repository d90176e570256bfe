import TestSupport
import Testing

@testable import Index

/// Snippets: the chosen passage, its cuts and the merged highlight ranges, to the byte.
@Suite struct SnippetTests {
  func snippet(_ text: String, _ query: String, mode: MatchMode = .all) throws -> Snippet? {
    let searcher = try makeSearcher(documents(["占位"]))
    let units = searcher.snippetUnits(try searcher.parse(query), mode)
    return SnippetBuilder(units: units).snippet(for: text)
  }

  @Test func aWordIsOneHighlight() throws {
    #expect(
      try snippet("我们要提高教育质量。", "教育质量")
        == Snippet(text: "我们要提高教育质量。", highlights: [15..<27], documentRange: 0..<30))
    // Adjacent words merge too.
    #expect(try snippet("提高教育质量", "教育 质量")?.highlights == [6..<18])
    // Only where the whole word matches.
    #expect(try snippet("教育的质量和教育质量", "教育质量")?.highlights == [18..<30])
  }

  @Test func charactersAndLoneCharacters() throws {
    #expect(try snippet("中国共产党的党员", "党")?.highlights == [12..<15, 18..<21])
    #expect(try snippet("党党", "党")?.highlights == [0..<6])
    #expect(try snippet("2020年度报告", "2020年")?.highlights == [0..<7])
    #expect(try snippet("2020年度报告", "2020年", mode: .any)?.highlights == [0..<4])
  }

  @Test func blanksAreTrimmedAndEmptyTextsHaveNoSnippet() throws {
    #expect(
      try snippet("  教育质量 \n", "教育")
        == Snippet(text: "教育质量", highlights: [0..<6], documentRange: 2..<14))
    #expect(try snippet("", "教育") == nil)
    #expect(try snippet(" \n ", "教育") == nil)
  }

  @Test func passagesAreWholeSentences() throws {
    let filler = String(repeating: "天", count: 29) + "。"
    let match = String(repeating: "天", count: 10) + "教育质量" + String(repeating: "天", count: 15) + "。"
    let text = filler + filler + filler + match + filler + filler
    // The passage starts at the sentence with the match and runs to the end (90 characters).
    #expect(
      try snippet(text, "教育质量")
        == Snippet(text: match + filler + filler, highlights: [30..<42], documentRange: 270..<540))
    // With no match in the text, the passage is the beginning, cut after a sentence.
    #expect(
      try snippet(text, "学校")
        == Snippet(
          text: filler + filler + filler + match, highlights: [], documentRange: 0..<360))
  }

  @Test func longSentencesAreCutAroundTheMatchOnCharacterBoundaries() throws {
    let text = String(repeating: "😀", count: 100) + "教育质量" + String(repeating: "😀", count: 50)
    let expected = String(repeating: "😀", count: 66) + "教育质量" + String(repeating: "😀", count: 50)
    #expect(
      try snippet(text, "教育质量")
        == Snippet(text: expected, highlights: [264..<276], documentRange: 136..<612))
  }

  @Test func theBestPassageHasTheMostDistinctTerms() throws {
    let filler = String(repeating: "天", count: 39) + "。"
    let one = String(repeating: "天", count: 20) + "学校学校学校" + String(repeating: "天", count: 13) + "。"
    let both = String(repeating: "天", count: 20) + "学校教师" + String(repeating: "天", count: 15) + "。"
    let text = one + filler + filler + filler + both + filler + filler + filler
    let result = try #require(try snippet(text, "学校 教师"))
    #expect(result.text.hasPrefix(both))
    #expect(result.highlights == [60..<72])
  }

  @Test func searchResultsCarrySnippets() throws {
    let searcher = try makeSearcher(documents(["我们要提高教育质量。", "别的"]))
    let hit = try #require(
      try searcher.search("教育质量", options: SearchOptions(mode: .all)).hits.first)
    #expect(hit.snippet?.highlights == [15..<27])
  }
}

/// Snippets of long and hostile texts: the match is found wherever it is, and control
/// characters never reach the snippet.
@Suite struct SnippetLongTextTests {
  func snippet(_ text: String, _ query: String, mode: MatchMode = .ranked) throws -> Snippet? {
    let searcher = try makeSearcher(documents(["占位", text]))
    let results = try searcher.search(query, options: SearchOptions(mode: mode))
    return results.hits.first { $0.document == 1 }?.snippet
  }

  @Test func aMatchAtTheEndOfAOneSentenceMegabyteIsHighlighted() throws {
    // 1.2 MB without a sentence end: one sentence, commas only.
    let filler = String(repeating: "今天天气很好，我们一起去公园散步，", count: 24_000)
    let text = filler + "最后一句话是关于教育的"
    let got = try #require(try snippet(text, "教育"))
    let marked = got.highlights.map {
      String(decoding: Array(got.text.utf8)[$0], as: UTF8.self)
    }
    #expect(marked == ["教育"])
    #expect(got.text.hasSuffix("最后一句话是关于教育的"))
    #expect(got.documentRange.upperBound == text.utf8.count)
    #expect(got.text.unicodeScalars.count <= 120)
  }

  @Test func manyMatchesInOneLongSentenceStillPickTheBestPassage() throws {
    let filler =
      String(repeating: "教育，", count: 100_000) + "教育质量，" + String(repeating: "教育，", count: 1_000)
    let got = try #require(try snippet(filler, "教育质量", mode: .all))
    #expect(got.highlights.count == 1)
    let marked = String(decoding: Array(got.text.utf8)[got.highlights[0]], as: UTF8.self)
    #expect(marked == "教育质量")
  }

  @Test func controlCharactersBecomeSpaces() throws {
    let got = try #require(try snippet("第一行教育\r\n第二行\t质量\u{7}\r\n", "教育 质量"))
    #expect(got.text == "第一行教育  第二行 质量 ")
    #expect(!got.text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
    let marked = got.highlights.map {
      String(decoding: Array(got.text.utf8)[$0], as: UTF8.self)
    }
    #expect(marked == ["教育", "质量"])
  }

  @Test func aLatinWordInALongRunWithoutBreaksIsFound() throws {
    // No space or Chinese punctuation anywhere: every window reaches its limit.
    let text = String(repeating: String(repeating: "ab", count: 500) + "教育x2020年", count: 300)
    let got = try #require(try snippet(text, "x2020"))
    let marked = got.highlights.map {
      String(decoding: Array(got.text.utf8)[$0], as: UTF8.self)
    }
    #expect(marked == ["x2020"])
  }
}
