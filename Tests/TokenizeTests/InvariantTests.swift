import TestSupport
import Testing

@testable import Tokenize

/// Invariants on random mixed-script strings.
struct InvariantTests {
  static let pieces: [[String]] = [
    ["a", "B", "z", "Q", "x", "1", "9", "0", "_", "'", ".", ",", ":", "-", " ", " ", "#", "*"],
    ["中", "国", "人", "〇", "々", "𠀀", "𪜀", "龘", "〡"],
    ["ひ", "ら", "が", "な", "ゝ", "カ", "タ", "ー", "ア", "ヴ", "ㇰ"],
    ["한", "국", "어", "ᄀ", "ᅡ"],
    ["Ａ", "ｚ", "１", "＿", "．", "，", "ｶ", "ﾞ", "ﾟ", "ﾊ", "ｰ", "･", "！"],
    ["，", "。", "、", "“", "”", "《", "》", "…", "—", "\n", "\t"],
    [
      "😀", "👍", "🏽", "\u{200D}", "\u{FE0F}", "\u{20E3}", "🇨", "🇳", "©", "★", "👨", "\u{E0067}",
      "\u{E007F}",
    ],
    ["\u{301}", "\u{308}", "\u{FE00}", "\u{200B}", "\u{AD}", "\u{16FF0}"],
    ["א", "ב", "\"", "ก", "ข", "\u{E34}", "Σ", "İ", "Ǆ", "Ⅻ", "Ⓐ", "ß"],
  ]

  static func randomText(_ g: inout SeededGenerator) -> String {
    var s = ""
    let n = Int.random(in: 0..<60, using: &g)
    for _ in 0..<n {
      let group = pieces[Int.random(in: 0..<pieces.count, using: &g)]
      s += group[Int.random(in: 0..<group.count, using: &g)]
    }
    return s
  }

  /// Width folding of a byte range (as CJKWidthFilter does within one token).
  static func widthFold(_ text: ArraySlice<UInt8>) -> String {
    var out: [UInt32] = []
    for scalar in String(decoding: text, as: UTF8.self).unicodeScalars {
      let c = scalar.value
      if c >= 0xFF01 && c <= 0xFF5E {
        out.append(c - 0xFEE0)
      } else if c >= 0xFF65 && c <= 0xFF9F {
        if c == 0xFF9E || c == 0xFF9F, let last = out.last,
          let composed = TokenScanner.compose(last, c)
        {
          out[out.count - 1] = composed
        } else {
          out.append(UInt32(UnicodeTables.kanaNorm[Int(c - 0xFF65)]))
        }
      } else {
        out.append(c)
      }
    }
    var s = ""
    s.unicodeScalars.append(contentsOf: out.map { Unicode.Scalar($0)! })
    return s
  }

  @Test func randomInvariants() {
    var g = SeededGenerator(seed: 0x5EED)
    for characters in [false, true] {
      let tokenizer = Tokenizer(emitsCharacters: characters)
      for _ in 0..<3000 {
        let text = Self.randomText(&g)
        let bytes = Array(text.utf8)
        let toks = tokenizer.tokens(text)
        var lastStart = 0
        var lastPosition = -1
        var lastMainPosition = -1
        for t in toks {
          let tk = t.token
          #expect(
            tk.start >= 0 && tk.start < tk.end && tk.end <= bytes.count, "\(text.debugDescription)")
          #expect(tk.start >= lastStart || tk.kind == .character, "\(text.debugDescription)")
          #expect(tk.position >= lastPosition, "\(text.debugDescription)")
          if tk.kind != .character {
            #expect(tk.position > lastMainPosition, "\(text.debugDescription)")
            #expect(tk.start >= lastStart, "\(text.debugDescription)")
            lastMainPosition = tk.position
            lastStart = tk.start
          }
          lastPosition = tk.position
          #expect(!t.term.isEmpty)
          if tk.kind != .word {
            #expect(
              Self.widthFold(bytes[tk.start..<tk.end]) == t.term,
              "\(text.debugDescription) \(tk) \(t.term.debugDescription)")
          }
        }
        if !characters {
          #expect(toks.allSatisfy { $0.token.kind != .character })
        } else {
          // removing the characters gives exactly the plain output
          let plain = Tokenizer().tokens(text)
          #expect(toks.filter { $0.token.kind != .character } == plain)
          // every single/bigram position has its character
          let charPositions = Set(toks.filter { $0.token.kind == .character }.map(\.token.position))
          #expect(
            toks.filter { $0.token.kind == .bigram || $0.token.kind == .single }
              .allSatisfy { charPositions.contains($0.token.position) })
        }
      }
    }
  }

  /// Random bytes never trap, and give the same terms and positions as the repaired string.
  @Test func randomBytes() {
    var g = SeededGenerator(seed: 42)
    let tokenizer = Tokenizer(emitsCharacters: true)
    for _ in 0..<3000 {
      var bytes: [UInt8] = []
      let valid = Array(Self.randomText(&g).utf8)
      for b in valid {
        let r = Int.random(in: 0..<20, using: &g)
        if r == 0 { bytes.append(UInt8.random(in: 0x80...0xFF, using: &g)) }
        if r == 1 { continue }  // drop a byte (truncates sequences)
        bytes.append(b)
      }
      let fromBytes = tokenizer.tokens(utf8: bytes)
      let fromString = tokenizer.tokens(String(decoding: bytes, as: UTF8.self))
      #expect(fromBytes.map(\.term) == fromString.map(\.term))
      #expect(fromBytes.map(\.token.position) == fromString.map(\.token.position))
      #expect(fromBytes.allSatisfy { $0.token.end <= bytes.count })
    }
  }
}
