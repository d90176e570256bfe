import TestSupport
import Testing

@testable import Tokenize

/// Traditional → Simplified folding: exact terms, offsets of the original text, and the same
/// tokens as tokenizing the text folded character by character beforehand.
struct ScriptFoldingTests {
  typealias Row = (term: String, start: Int, end: Int, position: Int, kind: Token.Kind)

  static func rows(_ text: String, folds: Bool, characters: Bool = false) -> [Row] {
    var rows: [Row] = []
    Tokenizer(emitsCharacters: characters, foldsToSimplified: folds).tokenize(text) {
      token, term in
      rows.append(
        (String(decoding: term, as: UTF8.self), token.start, token.end, token.position, token.kind))
    }
    return rows
  }

  /// The slow fold: each scalar through a dictionary made from the generated pairs.
  static let map: [UInt32: UInt32] = {
    var map: [UInt32: UInt32] = [:]
    let pairs = ScriptFoldingTable.pairs
    for i in stride(from: 0, to: pairs.count, by: 2) { map[pairs[i]] = pairs[i + 1] }
    return map
  }()

  static func folded(_ text: String) -> String {
    var view = String.UnicodeScalarView()
    for s in text.unicodeScalars { view.append(Unicode.Scalar(map[s.value] ?? s.value)!) }
    return String(view)
  }

  @Test func traditionalTermsFoldWithOriginalOffsets() {
    let rows = Self.rows("台灣大學", folds: true, characters: true)
    #expect(rows.map(\.term) == ["台湾", "台", "湾大", "湾", "大学", "大", "学"])
    #expect(rows.map(\.start) == [0, 0, 3, 3, 6, 6, 9])
    #expect(rows.map(\.end) == [6, 3, 9, 6, 12, 9, 12])
    #expect(rows.map(\.position) == [0, 0, 1, 1, 2, 2, 3])
    // Off, the terms are Lucene's, untouched.
    #expect(Self.rows("台灣大學", folds: false).map(\.term) == ["台灣", "灣大", "大學"])
    // A lone character, a character mapped beyond the BMP, and one beyond it mapped within.
    #expect(Self.rows("體", folds: true).map(\.term) == ["体"])
    #expect(Self.rows("㑮", folds: true).map(\.term) == ["𫝈"])
    #expect(Self.rows("𠁞", folds: true).map(\.term) == ["𠀾"])
    // Simplified text and other scripts are unchanged.
    #expect(
      Self.rows("台湾 iPhone15 ひらがな", folds: true).map(\.term)
        == Self.rows("台湾 iPhone15 ひらがな", folds: false).map(\.term))
  }

  @Test func foldingIsIdempotentAndMapsHanToHan() {
    let pairs = ScriptFoldingTable.pairs
    #expect(pairs.count == 2 * 5119)
    for i in stride(from: 0, to: pairs.count, by: 2) {
      #expect(Self.map[pairs[i + 1]] == nil, "target \(pairs[i + 1]) folds again")
      if i > 0 { #expect(pairs[i - 2] < pairs[i]) }
      #expect(ScriptFolding.searchPairs(pairs[i]) == pairs[i + 1])
    }
  }

  @Test func randomTextsTokenizeAsTheirFoldedText() {
    var g = SeededGenerator(seed: 77)
    let traditional = ["灣", "學", "體", "後", "藴", "㑮", "𠁞", "國", "語", "臺", "說", "乾"]
    for _ in 0..<3_000 {
      var text = InvariantTests.randomText(&g)
      for _ in 0..<Int.random(in: 0..<6, using: &g) {
        let at = Int.random(in: 0...text.unicodeScalars.count, using: &g)
        var scalars = Array(text.unicodeScalars)
        scalars.insert(
          contentsOf: traditional.randomElement(using: &g)!.unicodeScalars, at: at)
        text = String(String.UnicodeScalarView(scalars))
      }
      for characters in [false, true] {
        let direct = Self.rows(text, folds: true, characters: characters)
        let before = Self.rows(Self.folded(text), folds: false, characters: characters)
        let plain = Self.rows(text, folds: false, characters: characters)
        #expect(direct.map(\.term) == before.map(\.term), "\(text)")
        #expect(direct.map(\.position) == before.map(\.position))
        #expect(direct.map(\.kind) == plain.map(\.kind))
        #expect(direct.map(\.start) == plain.map(\.start) && direct.map(\.end) == plain.map(\.end))
      }
    }
  }
}
