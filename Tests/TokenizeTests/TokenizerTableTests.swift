import Testing

@testable import Tokenize

/// The required behaviour table and exact ranges/positions.
struct TokenizerTableTests {
  let tokenizer = Tokenizer()
  let withCharacters = Tokenizer(emitsCharacters: true)

  @Test(arguments: [
    ("我是中国人", ["我是", "是中", "中国", "国人"]),
    ("中", ["中"]),
    ("2020年", ["2020", "年"]),
    ("K12教育", ["k12", "教育"]),
    ("5G网络", ["5g", "网络"]),
    ("ＡＢＣ１２３", ["abc123"]),
    ("２０２０年", ["2020", "年"]),
    ("中国，美国", ["中国", "美国"]),
    ("中、美", ["中", "美"]),
    ("ひらがな", ["ひら", "らが", "がな"]),
    ("ｶﾀｶﾅ", ["カタ", "タカ", "カナ"]),
    ("東京タワー", ["東京", "京タ", "タワ", "ワー"]),
    ("한국어", ["한국", "국어"]),
    ("Hello, World!", ["hello", "world"]),
    ("37.53KB", ["37.53kb"]),
    ("1,000", ["1,000"]),
    ("2.0", ["2.0"]),
    ("COVID-19", ["covid", "19"]),
    ("STEAM教育", ["steam", "教育"]),
    ("the cat is on a mat", ["the", "cat", "is", "on", "a", "mat"]),
  ])
  func requiredTable(text: String, expected: [String]) {
    #expect(tokenizer.terms(text) == expected)
  }

  /// (start, end, position, kind, term)
  typealias Row = (Int, Int, Int, Token.Kind, String)

  func rows(_ t: Tokenizer, _ text: String) -> [Row] {
    t.tokens(text).map {
      ($0.token.start, $0.token.end, $0.token.position, $0.token.kind, $0.term)
    }
  }

  func check(_ got: [Row], _ want: [Row], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(got.count == want.count, sourceLocation: sourceLocation)
    for (g, w) in zip(got, want) {
      #expect(
        g.0 == w.0 && g.1 == w.1 && g.2 == w.2 && g.3 == w.3 && g.4 == w.4,
        "got \(g) want \(w)", sourceLocation: sourceLocation)
    }
  }

  @Test func bigramsWithCharacters() {
    check(
      rows(withCharacters, "我是中国人"),
      [
        (0, 6, 0, .bigram, "我是"), (0, 3, 0, .character, "我"),
        (3, 9, 1, .bigram, "是中"), (3, 6, 1, .character, "是"),
        (6, 12, 2, .bigram, "中国"), (6, 9, 2, .character, "中"),
        (9, 15, 3, .bigram, "国人"), (9, 12, 3, .character, "国"),
        (12, 15, 4, .character, "人"),
      ])
    check(
      rows(tokenizer, "我是中国人"),
      [
        (0, 6, 0, .bigram, "我是"), (3, 9, 1, .bigram, "是中"), (6, 12, 2, .bigram, "中国"),
        (9, 15, 3, .bigram, "国人"),
      ])
  }

  @Test func numberThenSingle() {
    check(rows(tokenizer, "2020年"), [(0, 4, 0, .word, "2020"), (4, 7, 2, .single, "年")])
    check(
      rows(withCharacters, "2020年"),
      [(0, 4, 0, .word, "2020"), (4, 7, 2, .single, "年"), (4, 7, 2, .character, "年")])
    check(
      rows(withCharacters, "中、美"),
      [
        (0, 3, 0, .single, "中"), (0, 3, 0, .character, "中"), (6, 9, 2, .single, "美"),
        (6, 9, 2, .character, "美"),
      ])
  }

  @Test func positionsAcrossBreaks() {
    check(
      rows(tokenizer, "Hello World 中国 abc 年"),
      [
        (0, 5, 0, .word, "hello"), (6, 11, 2, .word, "world"), (12, 18, 4, .bigram, "中国"),
        (19, 22, 7, .word, "abc"), (23, 26, 9, .single, "年"),
      ])
  }

  @Test func halfWidthKatakana() {
    // ｶﾞ and ｷﾞ compose: two units, each covering two half-width code points (6 bytes)
    check(
      rows(withCharacters, "ｶﾞｷﾞ"),
      [(0, 12, 0, .bigram, "ガギ"), (0, 6, 0, .character, "ガ"), (6, 12, 1, .character, "ギ")])
    check(
      rows(withCharacters, "ｶﾀ"),
      [(0, 6, 0, .bigram, "カタ"), (0, 3, 0, .character, "カ"), (3, 6, 1, .character, "タ")])
    check(rows(tokenizer, "ﾊﾟ"), [(0, 6, 0, .single, "パ")])
  }

  @Test func fourByteScalars() {
    check(
      rows(withCharacters, "𠀀𠀁"),
      [(0, 8, 0, .bigram, "𠀀𠀁"), (0, 4, 0, .character, "𠀀"), (4, 8, 1, .character, "𠀁")])
  }

  @Test func combiningMarkInRun() {
    // the model bigrams code points: the mark is a unit of the run
    check(
      rows(withCharacters, "中\u{301}国"),
      [
        (0, 5, 0, .bigram, "中\u{301}"), (0, 3, 0, .character, "中"),
        (3, 8, 1, .bigram, "\u{301}国"), (3, 5, 1, .character, "\u{301}"),
        (5, 8, 2, .character, "国"),
      ])
  }

  @Test func fullWidthAndCase() {
    check(
      rows(tokenizer, "ＡＢＣ１２３ İstanbul"),
      [(0, 18, 0, .word, "abc123"), (19, 28, 2, .word, "istanbul")])
  }

  @Test func emptyAndPunctuation() {
    #expect(tokenizer.tokens("").isEmpty)
    #expect(withCharacters.tokens("，。！？、……「」 ...!!! ---").isEmpty)
    #expect(tokenizer.tokens("   \n\t").isEmpty)
  }

  @Test func emoji() {
    check(
      rows(tokenizer, "😀教育 👍🏽"),
      [(0, 4, 0, .word, "😀"), (4, 10, 2, .bigram, "教育"), (11, 19, 5, .word, "👍🏽")])
    #expect(
      tokenizer.terms("👨\u{200D}👩\u{200D}👧 #️⃣ 🇨🇳")
        == ["👨\u{200D}👩\u{200D}👧", "#️⃣", "🇨🇳"])
  }

  @Test func maxTokenLength() {
    let text = String(repeating: "x", count: 300) + "中"
    check(
      rows(tokenizer, text),
      [
        (0, 255, 0, .word, String(repeating: "x", count: 255)),
        (255, 300, 2, .word, String(repeating: "x", count: 45)), (300, 303, 4, .single, "中"),
      ])
    // 255 UTF-16 units: astral characters count twice
    let astral = String(repeating: "𝐀", count: 200)  // MATHEMATICAL BOLD CAPITAL A (ALetter)
    let got = rows(tokenizer, astral)
    #expect(got.map { $0.1 - $0.0 } == [127 * 4, 73 * 4])
  }

  /// Long pathological runs finish (the scanner bounds its lookahead and skips failed runs).
  @Test func pathologicalInputs() {
    let n = 200_000
    #expect(tokenizer.tokens(String(repeating: "_", count: n)).isEmpty)
    #expect(tokenizer.tokens(String(repeating: "\u{200D}", count: n)).isEmpty)
    let word = tokenizer.tokens(String(repeating: "a", count: n))
    #expect(word.count == (n + 254) / 255)
    #expect(word.allSatisfy { $0.token.end - $0.token.start <= 255 })
    let thai = tokenizer.tokens(String(repeating: "ก", count: 3000))
    #expect(thai.count == (3000 + 254) / 255)
  }

  @Test func longRun() {
    let han = Array("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就年")
    var s = ""
    for i in 0..<10_000 { s.append(han[(i * 7) % han.count]) }
    let toks = tokenizer.tokens(s)
    #expect(toks.count == 9_999)
    #expect(toks.allSatisfy { $0.token.kind == .bigram })
    #expect(toks.last?.token.position == 9_998)
    #expect(toks.last?.token.range == 29_994..<30_000)
    let chars = withCharacters.tokens(s)
    #expect(chars.count == 19_999)
    #expect(chars.filter { $0.token.kind == .character }.map(\.token.position) == Array(0..<10_000))
  }

  @Test func mixedScripts() {
    #expect(
      tokenizer.terms("中文English混合123数字カタカナ한국어ひらがなΣΑΣ")
        == [
          "中文", "english", "混合", "123", "数字", "字カ", "カタ", "タカ", "カナ", "ナ한", "한국", "국어", "어ひ",
          "ひら", "らが", "がな", "σασ",
        ])
  }

  @Test func invalidUTF8() {
    let t = tokenizer
    // a lone 0xFF breaks the word; ranges stay in the original bytes
    let r1 = t.tokens(utf8: [0x61, 0xFF, 0x62])
    #expect(r1.map(\.term) == ["a", "b"])
    #expect(r1.map(\.token.range) == [0..<1, 2..<3])
    #expect(r1.map(\.token.position) == [0, 2])
    // a truncated 中 (E4 B8) between two Han characters breaks the run
    let r2 = t.tokens(utf8: Array("中".utf8) + [0xE4, 0xB8] + Array("国".utf8))
    #expect(r2.map(\.term) == ["中", "国"])
    #expect(r2.map(\.token.range) == [0..<3, 5..<8])
    // overlong, surrogate, out-of-range and truncated 4-byte sequences
    let bad: [UInt8] = [
      0xC0, 0x80, 0x41, 0xED, 0xA0, 0x80, 0x42, 0xF4, 0x90, 0x80, 0x80, 0x43, 0xF0, 0x9F,
    ]
    #expect(t.tokens(utf8: bad).map(\.term) == ["a", "b", "c"])
    #expect(t.tokens(utf8: [0xE4]).isEmpty)
    #expect(t.tokens(utf8: [0x80, 0x80, 0x80]).isEmpty)
  }

  @Test func asciiSkipAgreesWithTables() {
    let startMask =
      CharProp.runChar | CharProp.emojiStart | CharProp.wordStart | CharProp.complex
      | CharProp.han | CharProp.hiragana
    UnicodeTables.classProps.withUnsafeBufferPointer { cp in
      let byte: [UInt8] = [0]
      byte.withUnsafeBufferPointer { buf in
        let cursor = TextCursor(base: buf.baseAddress!, count: 1, classProps: cp.baseAddress!)
        for c in 0..<128 {
          let canStart = cursor.props(UInt32(c)) & startMask != 0
          #expect(TextCursor.asciiSkip(UInt8(c)) == !canStart, "U+\(String(c, radix: 16))")
        }
      }
    }
  }
}
