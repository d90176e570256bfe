import TestSupport
import Testing

@testable import Index
@testable import Tokenize

/// The snippet builder, which tokenizes only windows around candidate sites, against the old
/// builder that tokenized whole texts (`SnippetOracle`): equal snippets, to the byte.
@Suite struct SnippetOracleTests {
  /// Pieces of text that stress the tokenizer around the builder's breaks and anchors: Han
  /// words, sentence punctuation, full-width forms, digits, Latin, Kana (half-width too), marks
  /// that attach to what precedes them, emoji, and mid-word punctuation.
  static let pieces: [String] = [
    "教育", "质量", "教育质量", "提高", "经济", "发展", "经济发展", "党", "年", "度", "中国", "共产党",
    "新冠", "疫情", "人工智能", "北京", "哈哈哈", "的", "㐀", "鿿",
    "。", "，", "、", "；", "：", "！", "？", "…", "—", "“", "”", "‘", "’", "（", "）", "《", "》",
    "「", "」", "【", "】", " ", "\n", "\r\n", "\t", "\u{3000}",
    "2020", "2020年", "２０２０", "1，000", "3.5", "12", ",", ".", ":", ";", "'", "\"", "_", "#", "*",
    "abc", "ABC", "ｅｄｕ", "iPhone", "İ", "K", "covid",
    "カタカナ", "ｶﾞｷﾞ", "ﾃﾚﾋﾞ", "ひらがな", "한국어", "ไทย",
    "\u{0301}", "\u{200D}", "\u{FE0F}", "\u{20E3}", "😀", "👍🏽", "🇨🇳", "❤️",
  ]

  static let queries: [String] = [
    "教育质量", "教育", "质量", "党", "年", "2020年", "2020", "经济发展", "中国 经济", "\"教育 质量\"",
    "哈哈", "哈哈哈", "人工智能 发展", "新冠疫情", "共产党", "abc", "ｅｄｕ", "カタカナ", "ガ", "ひら", "한국",
    "度", "年度", "1，000", "㐀", "北京 OR 教育", "教育 -质量", "iphone 2020", "疫情。", "中国共产党",
  ]

  func randomText(_ g: inout SeededGenerator, pieces: Int) -> String {
    var text = ""
    for _ in 0..<pieces {
      // Mostly Han words and punctuation, as in news; sometimes anything.
      let piece = Self.pieces[g.below(g.below(4) == 0 ? Self.pieces.count : 46)]
      text += piece
    }
    return text
  }

  func expectSame(
    _ units: [[QueryTerm]], _ text: String, maxCharacters: Int = 120, minCharacters: Int = 60,
    _ context: @autoclosure () -> String
  ) {
    let builder = SnippetBuilder(
      units: units, maxCharacters: maxCharacters, minCharacters: minCharacters)
    let oracle = SnippetOracle(
      units: units, maxCharacters: maxCharacters, minCharacters: minCharacters)
    let got = builder.snippet(for: text)
    let want = oracle.snippet(for: text)
    #expect(got == want, "\(context()) text: \(text.debugDescription)")
  }

  @Test func randomTextsAndQueries() throws {
    let searcher = try makeSearcher(documents(["占位"]))
    var g = SeededGenerator(seed: 20_240_611)
    for round in 0..<3000 {
      let text = randomText(&g, pieces: 1 + g.below(g.below(5) == 0 ? 400 : 60))
      let query = Self.queries[g.below(Self.queries.count)]
      let mode: MatchMode = g.below(3) == 0 ? .any : .all
      let units = searcher.snippetUnits(try searcher.parse(query), mode)
      let maxCharacters = g.below(4) == 0 ? 1 + g.below(60) : 120
      let minCharacters = g.below(4) == 0 ? g.below(80) : 60
      expectSame(
        units, text, maxCharacters: maxCharacters, minCharacters: minCharacters,
        "round \(round) query \(query) \(mode)")
    }
  }

  /// Queries made of pieces of the text itself, so most have many matches.
  @Test func queriesFromTheText() throws {
    let searcher = try makeSearcher(documents(["占位"]))
    var g = SeededGenerator(seed: 7)
    for round in 0..<1500 {
      let text = randomText(&g, pieces: 1 + g.below(120))
      let scalars = Array(text.unicodeScalars)
      var words: [String] = []
      for _ in 0..<1 + g.below(3) {
        let start = g.below(scalars.count)
        let end = min(scalars.count, start + 1 + g.below(5))
        var word = String.UnicodeScalarView()
        word.append(contentsOf: scalars[start..<end])
        words.append(String(word))
      }
      let query = words.joined(separator: " ")
      guard let parsed = try? searcher.parse(query) else { continue }
      for mode in [MatchMode.all, .any] {
        expectSame(
          searcher.snippetUnits(parsed, mode), text, "round \(round) query \(query) \(mode)")
      }
    }
  }

  /// Invalid UTF-8 (stored texts are raw bytes) gives the same snippets too.
  @Test func invalidUTF8() throws {
    let searcher = try makeSearcher(documents(["占位"]))
    var g = SeededGenerator(seed: 99)
    let junk: [[UInt8]] = [
      [0xFF], [0x80], [0xE4, 0xB8], [0xF0, 0x9F], [0xC0, 0x8A], [0xE0, 0x80, 0x8A],
    ]
    for round in 0..<1000 {
      var bytes = Array(randomText(&g, pieces: 1 + g.below(80)).utf8)
      for _ in 0..<1 + g.below(4) {
        bytes.insert(contentsOf: junk[g.below(junk.count)], at: g.below(bytes.count + 1))
      }
      let query = Self.queries[g.below(Self.queries.count)]
      let units = searcher.snippetUnits(try searcher.parse(query), .all)
      let got = bytes.withUnsafeBytes { SnippetBuilder(units: units).snippet(for: $0) }
      let want = bytes.withUnsafeBytes { SnippetOracle(units: units).snippet(for: $0) }
      #expect(got == want, "round \(round) query \(query) bytes \(bytes)")
    }
  }

  /// The properties of the tokenizer's character tables the builder relies on.
  @Test func breaksAnchorsAndRunCharactersHoldInTheTables() {
    let props = UnicodeTables.classProps
    // `folds` only says how a character is folded inside a token.
    let anyToken: UInt32 = ~CharProp.folds
    let tokenProps: UInt32 =
      anyToken & ~(CharProp.midLetter | CharProp.midNum | CharProp.singleQuote)
    let text: [UInt8] = [0]
    text.withUnsafeBufferPointer { buffer in
      props.withUnsafeBufferPointer { classProps in
        let cursor = TextCursor(
          base: buffer.baseAddress!, count: 1, classProps: classProps.baseAddress!)
        // Breaks: in no token (no word-break property); `，：；` only mid-word punctuation.
        for v: UInt32 in [
          0x09, 0x0A, 0x0D, 0x20, 0x3000, 0x3001, 0x3002, 0x300A, 0x300B, 0x300C, 0x300D, 0x300E,
          0x300F, 0x3010, 0x3011, 0xFF01, 0xFF08, 0xFF09, 0xFF1F, 0x201C, 0x201D, 0x2014, 0x2026,
        ] {
          #expect(cursor.props(v) & anyToken == 0, "U+\(String(v, radix: 16))")
        }
        for v: UInt32 in [0xFF0C, 0xFF1A, 0xFF1B] {
          #expect(cursor.props(v) & tokenProps == 0, "U+\(String(v, radix: 16))")
        }
        // Run characters: start or continue a run, fold to themselves, attach to nothing.
        for v: UInt32 in Array(0x3400...0x4DBF) + Array(0x4E00...0x9FFF) {
          let p = cursor.props(v)
          #expect(p & CharProp.runChar != 0 && p & (CharProp.folds | CharProp.ext) == 0)
        }
      }
    }
  }

  /// No character other than an anchorable one itself folds to an anchorable character.
  @Test func anchorableCharactersAreTheirOnlyFoldedForm() {
    let tokenizer = Tokenizer(emitsCharacters: true)
    var wrong: [UInt32] = []
    for v in UInt32(0x80)...0x10FFFF {
      guard let scalar = Unicode.Scalar(v) else { continue }
      let text = String(Character(scalar))
      tokenizer.tokenize(text) { _, term in
        for folded in String(decoding: term, as: UTF8.self).unicodeScalars
        where SnippetMatcher.isAnchorable(folded.value) && folded.value != v {
          wrong.append(v)
        }
      }
    }
    #expect(wrong.isEmpty)
  }

  /// A text where a query word occurs more than `maximumDirectSites` times is snippeted as its
  /// part before the next site: the same snippet as the oracle's for that prefix, to the byte,
  /// though the whole text holds a better passage (both words) further on.
  @Test func aTextOfVeryManyOccurrencesIsSnippetedInItsPrefix() throws {
    let searcher = try makeSearcher(documents(["占位"]))
    let units = searcher.snippetUnits(try searcher.parse("教育质量 学生"), .any)
    let limit = SnippetMatcher.maximumDirectSites
    let repeated = "今年的教育质量很重要。"
    let text = String(repeating: repeated, count: limit + 500) + "教育质量和学生都好。"
    let builder = SnippetBuilder(units: units)
    let oracle = SnippetOracle(units: units)
    // The site where the matcher stops: the (limit + 1)-th 教育质量.
    let stop = limit * repeated.utf8.count + "今年的".utf8.count
    let prefix = String(decoding: Array(text.utf8)[..<stop], as: UTF8.self)
    let got = builder.snippet(for: text)
    #expect(got == oracle.snippet(for: prefix))
    #expect(got == builder.snippet(for: prefix))
    #expect(got?.text.hasPrefix("今年的教育质量很重要。") == true)
    #expect(got?.text.contains("学生") == false)
    #expect((got?.documentRange.upperBound ?? .max) <= stop)
    #expect(oracle.snippet(for: text)?.text.contains("学生") == true)
    // One site fewer, and the whole text is searched: the passage with both words wins.
    let fewer = String(repeating: repeated, count: limit - 1) + "教育质量和学生都好。"
    #expect(builder.snippet(for: fewer) == oracle.snippet(for: fewer))
    #expect(builder.snippet(for: fewer)?.text.contains("学生") == true)
  }
}
