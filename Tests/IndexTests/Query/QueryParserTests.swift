import TestSupport
import Testing

@testable import Index

/// The query language: words, quoted phrases, exclusions, OR, separators and the errors.
@Suite struct QueryParserTests {
  let parser = QueryParser()

  func word(_ text: String, quoted: Bool = false, _ terms: [(String, Int, QueryTerm.Kind)])
    -> QueryPhrase
  {
    QueryPhrase(
      text: text, isQuoted: quoted,
      terms: terms.map { QueryTerm(text: $0.0, position: $0.1, kind: $0.2) })
  }

  func simple(_ text: String) -> QueryPhrase { word(text, [(text.lowercased(), 0, .term)]) }

  @Test func aWordIsItsBigramsAtConsecutivePositions() throws {
    #expect(
      try parser.parse("教育质量")
        == Query(clauses: [[word("教育质量", [("教育", 0, .term), ("育质", 1, .term), ("质量", 2, .term)])]]))
  }

  @Test func quotesMakeOnePhraseAcrossWords() throws {
    let expected = word("教育 质量", quoted: true, [("教育", 0, .term), ("质量", 3, .term)])
    #expect(try parser.parse("\"教育 质量\"") == Query(clauses: [[expected]]))
    #expect(try parser.parse("“教育 质量”") == Query(clauses: [[expected]]))
    // An unclosed quote runs to the end.
    #expect(try parser.parse("\"教育 质量") == Query(clauses: [[expected]]))
  }

  @Test func minusExcludes() throws {
    #expect(
      try parser.parse("教育 -考试")
        == Query(clauses: [[simple("教育")]], exclusions: [simple("考试")]))
    #expect(
      try parser.parse("-\"教育 质量\" 学校")
        == Query(
          clauses: [[simple("学校")]],
          exclusions: [word("教育 质量", quoted: true, [("教育", 0, .term), ("质量", 3, .term)])]))
    // A hyphen inside a word is not an exclusion.
    #expect(try parser.parse("a-b").exclusions.isEmpty)
  }

  @Test func orBindsTighterThanAnd() throws {
    let (a, b, c, d) = (simple("a"), simple("b"), simple("c"), simple("d"))
    #expect(try parser.parse("a b OR c") == Query(clauses: [[a], [b, c]]))
    #expect(try parser.parse("a OR b OR c d") == Query(clauses: [[a, b, c], [d]]))
    #expect(try parser.parse("a OR b").description == "(a@0 OR b@0)")
    // Lowercase `or` and a quoted "OR" are words.
    #expect(try parser.parse("a or b") == Query(clauses: [[a], [simple("or")], [b]]))
    #expect(try parser.parse("a \"OR\" b").clauses.count == 3)
  }

  @Test func danglingOrIsIgnored() throws {
    let (a, b, c) = (simple("a"), simple("b"), simple("c"))
    #expect(try parser.parse("OR a") == Query(clauses: [[a]]))
    #expect(try parser.parse("a OR") == Query(clauses: [[a]]))
    #expect(try parser.parse("a OR OR b") == Query(clauses: [[a, b]]))
    #expect(try parser.parse("a OR -b c") == Query(clauses: [[a], [c]], exclusions: [b]))
    // Punctuation-only words vanish before OR groups are formed.
    #expect(try parser.parse("a OR ， OR b") == Query(clauses: [[a, b]]))
  }

  @Test func andAndPlusRequireWords() throws {
    var (a, b, c) = (simple("a"), simple("b"), simple("c"))
    #expect(try parser.parse("a b").clauses.allSatisfy { !$0[0].isRequired })
    a.isRequired = true
    b.isRequired = true
    #expect(try parser.parse("a AND b c") == Query(clauses: [[a], [b], [c]]))
    #expect(try parser.parse("a && b c") == Query(clauses: [[a], [b], [c]]))
    #expect(try parser.parse("+a +b c") == Query(clauses: [[a], [b], [c]]))
    #expect(try parser.parse("a AND b").description == "+a@0 +b@0")
    // `AND` after an `OR` group requires the group; an alternative joins its clause's rule.
    var required = Query(clauses: [[a, b], [c]])
    required.clauses[1][0].isRequired = true
    #expect(try parser.parse("a OR b AND c") == required)
    #expect(try parser.parse("c AND a OR b") == Query(clauses: [required.clauses[1], [a, b]]))
    // Lowercase `and`, a quoted "AND", and a dangling AND are not operators.
    #expect(try parser.parse("a and b").clauses.count == 3)
    #expect(try parser.parse("a \"AND\" b").clauses.count == 3)
    #expect(try parser.parse("AND c") == Query(clauses: [[simple("c")]]))
    #expect(try parser.parse("c AND") == Query(clauses: [[c]]))
    // `++` and a lone `+` mark nothing.
    #expect(try parser.parse("c++").clauses[0][0].isRequired == false)
  }

  @Test func notAndBangExclude() throws {
    let (a, b) = (simple("a"), simple("b"))
    #expect(try parser.parse("a NOT b") == Query(clauses: [[a]], exclusions: [b]))
    #expect(try parser.parse("a !b") == Query(clauses: [[a]], exclusions: [b]))
    #expect(try parser.parse("!b a") == Query(clauses: [[a]], exclusions: [b]))
    #expect(
      try parser.parse("a AND NOT b") == Query(clauses: [[a]], exclusions: [b]).requiringAll())
    #expect(try parser.parse("a || b") == Query(clauses: [[a, b]]))
    // `!` glued after a word, or alone, is punctuation.
    #expect(try parser.parse("a!b") == Query(clauses: [[a], [b]]))
    #expect(try parser.parse("a ! b") == Query(clauses: [[a], [b]]))
    #expect(throws: SearchError.onlyExclusions) { try parser.parse("NOT a") }
  }

  @Test func aTrailingStarOnALatinWordIsAPrefix() throws {
    let prefix = try parser.parse("comput*")
    #expect(prefix.clauses[0][0].isPrefix)
    #expect(prefix.clauses[0][0].terms == [QueryTerm(text: "comput", position: 0, kind: .term)])
    #expect(prefix.description == "comput@0*")
    #expect(try parser.parse("Comput＊").clauses[0][0].isPrefix)
    #expect(try parser.parse("x -comput*").exclusions[0].isPrefix)
    // Quoted, after CJK, or without a star: no prefix.
    #expect(try !parser.parse("\"comput*\"").clauses[0][0].isPrefix)
    #expect(try !parser.parse("机器*").clauses[0][0].isPrefix)
    #expect(try !parser.parse("comput").clauses[0][0].isPrefix)
    #expect(try !parser.parse("comput* x").clauses[1][0].isPrefix)
  }

  @Test func spacesSeparateWords() throws {
    let expected = Query(clauses: [[simple("教育")], [simple("质量")]])
    #expect(try parser.parse("教育　质量") == expected)  // U+3000
    #expect(try parser.parse(" 教育\t质量\n") == expected)
    #expect(try parser.parse("教育 ， 质量") == expected)
  }

  @Test func lonelyCharactersAndMixedWords() throws {
    #expect(try parser.parse("党") == Query(clauses: [[word("党", [("党", 0, .character)])]]))
    #expect(
      try parser.parse("\"党\"")
        == Query(clauses: [[word("党", quoted: true, [("党", 0, .character)])]]))
    let glued = { (text: String, offset: Int, attachment: QueryTerm.Attachment) in
      QueryTerm(text: text, position: offset, kind: .loneCharacter, attachment: attachment)
    }
    #expect(
      try parser.parse("2020年").clauses
        == [
          [QueryPhrase(text: "2020年", terms: [simple("2020").terms[0], glued("年", 2, .afterWord)])]
        ])
    #expect(
      try parser.parse("第1").clauses[0][0].terms
        == [glued("第", 0, .beforeWord), QueryTerm(text: "1", position: 2, kind: .term)])
    #expect(
      try parser.parse("a年b").clauses[0][0].terms[1] == glued("年", 2, [.afterWord, .beforeWord]))
    // Not glued: a space (in quotes) or punctuation between them.
    #expect(try parser.parse("\"2020 年\"").clauses[0][0].terms[1] == glued("年", 2, []))
    #expect(try parser.parse("2020-年").clauses[0][0].terms[1] == glued("年", 2, []))
    #expect(try parser.parse("2020年").description == "[2020@0 年@2(single<)]")
    #expect(try parser.parse("5G").clauses == [[word("5G", [("5g", 0, .term)])]])
    #expect(try parser.parse("AI").clauses == [[word("AI", [("ai", 0, .term)])]])
  }

  @Test func emptyQueriesAreErrors() {
    for text in ["", "   ", "\u{3000}", "，。！", "\"\"", "-", "OR", "\" \""] {
      #expect(throws: SearchError.emptyQuery, "\(text)") { try parser.parse(text) }
    }
    #expect(SearchError.emptyQuery.description == "the query is empty: type one or more words")
  }

  @Test func onlyExclusionsIsAnError() {
    for text in ["-教育", "-教育 -\"质量 学校\"", "-教育 OR", "-a OR -b", "-教育 ，"] {
      #expect(throws: SearchError.onlyExclusions, "\(text)") { try parser.parse(text) }
    }
    #expect(
      SearchError.onlyExclusions.description
        == "the query only excludes words: add at least one word to search for (e.g. 教育 -考试)")
  }

  @Test func searcherParsesLikeTheParser() throws {
    let searcher = try makeSearcher(documents(["教育"]))
    #expect(try searcher.parse("教育 -考试 a OR b") == parser.parse("教育 -考试 a OR b"))
    #expect(throws: SearchError.emptyQuery) { try searcher.search("  ") }
    #expect(throws: SearchError.onlyExclusions) { try searcher.search("-教育") }
  }
}

extension Query {
  /// The query with every clause's alternatives required.
  fileprivate func requiringAll() -> Query {
    var query = self
    for c in query.clauses.indices {
      for a in query.clauses[c].indices { query.clauses[c][a].isRequired = true }
    }
    return query
  }
}
