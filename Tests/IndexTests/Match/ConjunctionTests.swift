import TestSupport
import Testing

@testable import Index

/// The generic leapfrog conjunction and the union, on their own: the documents they yield.
@Suite struct SearchConjunctionTests {
  let texts = ["教育质量", "质量教育考试", "考试", "教育考试质量", "无关", "教育"]

  /// The documents an iterator yields from the start, in order.
  func yielded<I: DocIterator>(_ iterator: I) throws -> [UInt32] {
    var found: [UInt32] = []
    try iterator.advance(to: 0)
    while iterator.document != PostingsCursor.end {
      found.append(iterator.document)
      try iterator.advance(to: iterator.document + 1)
    }
    return found
  }

  /// The term sources of the bigrams `words`, from one planner.
  func sources(_ words: [String], _ planner: QueryPlanner) throws -> [TermIterator] {
    var pool = QueryPlanner.SourcePool()
    return try words.map { word throws -> TermIterator in
      let key = QueryPlanner.LookupKey(bytes: Array(word.utf8), isCharacter: false)
      return try #require(try planner.source(key, in: &pool))
    }
  }

  /// The documents whose text holds every word.
  func holding(_ words: [String]) -> [UInt32] {
    texts.indices.filter { i in words.allSatisfy { texts[i].contains($0) } }.map { UInt32($0) }
  }

  @Test func aConjunctionYieldsTheDocumentsHoldingEveryLeg() throws {
    let searcher = try makeSearcher(documents(texts))
    for words in [["教育"], ["教育", "质量"], ["考试", "教育", "质量"], ["质量", "考试"]] {
      let planner = QueryPlanner(
        reader: searcher.reader.segments[0].reader, counters: WorkCounters())
      let conjunction = try TermConjunction(try sources(words, planner))
      #expect(try yielded(conjunction) == holding(words))
    }
  }

  @Test func mixedLegsAndUnionsAgreeWithSets() throws {
    let searcher = try makeSearcher(documents(texts))
    let planner = QueryPlanner(reader: searcher.reader.segments[0].reader, counters: WorkCounters())
    let terms = try sources(["教育", "质量", "考试"], planner)
    // 教育 AND (质量 OR 考试)
    let union = try Disjunction([
      try TermConjunction([terms[1]]), try TermConjunction([terms[2]]),
    ])
    let mixed = try Conjunction([ConjunctionLeg(terms[0]), ConjunctionLeg(union)])
    let expected = Set(holding(["教育", "质量"]) + holding(["教育", "考试"])).sorted()
    #expect(try yielded(mixed) == expected)
  }

  @Test func noLegsAndNoPartsYieldNothing() throws {
    #expect(try TermConjunction([]).document == PostingsCursor.end)
    #expect(try Conjunction([ConjunctionLeg]()).document == PostingsCursor.end)
    #expect(try Disjunction<TermConjunction>([]).document == PostingsCursor.end)
  }
}
