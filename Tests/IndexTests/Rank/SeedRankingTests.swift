import Foundation
import TestSupport
import Testing

@testable import Index

/// Rankings on the five seed documents for a table of queries.
///
/// The expected documents and scores were worked out independently of this package:
/// `scripts/seeds_expected.py` decides matches on the raw text (a Chinese word must occur
/// contiguously; an excluded word must not occur) and scores with Lucene's BM25 over the
/// tokens of the executable Lucene model, counting characters in the raw text for
/// one-character words. Documents are named by their three-digit prefix.
@Suite struct SeedRankingTests {
  static let expected: [(query: String, ranking: [(String, Double)])] = [
    (
      "教育质量",
      [
        ("003", 0.2349241004766613), ("000", 0.23009050171188491), ("001", 0.22916554043696977),
        ("002", 0.22412573350576317), ("004", 0.22403402535842365),
      ]
    ),
    (
      "党",
      [
        ("002", 0.084448270441636), ("000", 0.0843223729560291), ("004", 0.08196093204879078),
        ("003", 0.07998417236098528), ("001", 0.07811157805741292),
      ]
    ),
    (
      "学",
      [
        ("003", 0.08658117235333025), ("001", 0.08651849410300502), ("000", 0.08647291387021032),
        ("002", 0.08643932745467589), ("004", 0.08640481371911982),
      ]
    ),
    (
      "立德树人",
      [
        ("000", 0.1932462111764926), ("004", 0.19057468625588564), ("003", 0.1587520846938611),
        ("002", 0.13883428976255585), ("001", 0.12887818556923672),
      ]
    ),
    ("双减", [("004", 1.0120998811462472)]),
    (
      "学前教育 普惠",
      [
        ("003", 0.4877816675925792), ("000", 0.48355122272357026), ("004", 0.4738291201782414),
        ("002", 0.463421596015505),
      ]
    ),
    ("德智体美劳", [("002", 1.7898962495467077), ("004", 1.2221039392429514)]),
    (
      "控辍保学",
      [
        ("002", 0.6219567819619847), ("000", 0.5654951723483542), ("003", 0.4388894644242335),
        ("004", 0.4091890189934042),
      ]
    ),
    ("智慧校园", [("000", 1.154984767201076)]),
    ("乡村教师", [("003", 0.515386440820948), ("001", 0.44074289650389076)]),
    ("人工智能", [("003", 1.3123400826596447), ("000", 1.1157587994583742)]),
    ("Adobe Flash", [("001", 2.206845633583665)]),
    (
      "2020年",
      [("002", 0.566637660895076), ("000", 0.5277232565133839), ("001", 0.3478849349159394)]
    ),
    ("IPV6", [("003", 0.4726760299122405)]),
    ("37.53KB", [("003", 0.4726760299122405)]),
    ("docx", [("003", 0.9346544506017368)]),
    ("2017年", [("001", 0.7786012177388179)]),
    ("营养改善计划", [("000", 1.248411336884031), ("004", 1.206610957512399)]),
    ("特殊教育 家庭教育", [("001", 0.9711656593196081), ("003", 0.9106810436801037)]),
    ("课后服务 -集团化办学", [("004", 0.584535943836201)]),
    (
      "智慧校园 OR 乡村教师",
      [("000", 1.2383411217692732), ("003", 1.0196612400701357), ("001", 0.5203346373008635)]
    ),
    ("区块链 元宇宙", []),
    ("Python 编程", []),
    ("5G 人工智能", []),
    ("STEAM教育", []),
  ]

  static let searcher: Searcher = try! makeSearcher(SeedCorpus.documents())

  @Test(arguments: expected.indices)
  func rankingMatchesIndependentComputation(_ i: Int) throws {
    let (query, ranking) = Self.expected[i]
    let results = try Self.searcher.search(query, options: SearchOptions(limit: 10, mode: .all))
    #expect(results.total == ranking.count, "\(query)")
    #expect(results.hits.map { String($0.id.prefix(3)) } == ranking.map(\.0), "\(query)")
    for (hit, (_, score)) in zip(results.hits, ranking) {
      #expect(
        abs(hit.score - score) <= 1e-9 * score, "\(query): \(hit.id) \(hit.score) vs \(score)")
    }
  }

  /// Every seed contains 教育 and 质量 apart as well as together; a made-up corpus shows
  /// that apart alone does not match.
  @Test func wordsApartDoNotMatchAWord() throws {
    let writer = IndexWriter()
    writer.add(Document(id: "apart", text: "教育工作要讲质量。"))
    writer.add(Document(id: "comma", text: "教育，质量"))
    writer.add(Document(id: "together", text: "提高教育质量"))
    let searcher = Searcher(reader: try IndexReader(bytes: try writer.build()))
    let results = try searcher.search("教育质量", options: SearchOptions(mode: .all))
    #expect(results.hits.map(\.id) == ["together"])
    let any = try searcher.search("教育质量", options: SearchOptions(mode: .any))
    #expect(Set(any.hits.map(\.id)) == ["apart", "comma", "together"])
  }
}
