import TestSupport
import Testing

@testable import Index

/// The JSON-lines parser: the fast scanner against Foundation's parse, which is its oracle.
@Suite struct JSONLineTests {
  /// An outcome with its strings as UTF-8 bytes, so that equal means the same scalars (not
  /// just canonically equivalent strings, which `String`'s `==` would accept).
  enum Shape: Equatable, CustomStringConvertible {
    case blank
    case document(id: [UInt8], title: [UInt8]?, text: [UInt8])
    case problem(String)

    init(_ outcome: JSONLine.Outcome) {
      switch outcome {
      case .blank: self = .blank
      case .problem(let problem): self = .problem(problem)
      case .document(let d):
        self = .document(
          id: Array(d.id.utf8), title: d.title.map { Array($0.utf8) }, text: Array(d.text.utf8))
      }
    }

    /// A document's shape from strings.
    static func doc(_ id: String, _ text: String, title: String? = nil) -> Shape {
      .document(id: Array(id.utf8), title: title.map { Array($0.utf8) }, text: Array(text.utf8))
    }

    var description: String {
      switch self {
      case .blank: return "blank"
      case .problem(let problem): return "problem(\(problem))"
      case .document(let id, let title, let text):
        func show(_ bytes: [UInt8]) -> String {
          String(decoding: bytes, as: UTF8.self).debugDescription
        }
        return "document(id: \(show(id)), title: \(title.map(show) ?? "nil"), text: \(show(text)))"
      }
    }
  }

  static let notObject = Shape.problem("not a JSON object")
  static let noText = Shape.problem("no \"text\" string")
  static let noId = Shape.problem("no \"id\"")

  /// Hand-picked lines, their outcomes, and whether the fast path must take them.
  static let cases: [(line: [UInt8], shape: Shape, fast: Bool)] = [
    (Array(#"{"id": "a-1", "text": "正文"}"#.utf8), .doc("a-1", "正文"), true),
    (Array(#"{"id": 12, "text": "x"}"#.utf8), .doc("12", "x"), true),
    (Array(#"{"id": -3, "text": "x"}"#.utf8), .doc("-3", "x"), true),
    (Array(#"{"id": 0, "text": "x"}"#.utf8), .doc("0", "x"), true),
    (Array(#"{"id": 123456789012345, "text": "x"}"#.utf8), .doc("123456789012345", "x"), true),
    (Array(#"{"id": 1234567890123456, "text": "x"}"#.utf8), .doc("1234567890123456", "x"), false),
    (Array(#"{"id": -0, "text": "x"}"#.utf8), .doc("0", "x"), false),
    (Array(#"{"id": 1.5, "text": "x"}"#.utf8), .doc("1.5", "x"), false),
    (Array(#"{"id": true, "text": "x"}"#.utf8), .doc("1", "x"), false),
    (Array(#"{"id": null, "text": "x"}"#.utf8), noId, false),
    (Array(#"{"text": "x"}"#.utf8), noId, true),
    (Array(#"{"id": "a"}"#.utf8), noText, true),
    (Array(#"{}"#.utf8), noText, true),
    (Array(#"{"id": "a", "text": 5}"#.utf8), noText, true),
    (Array(#"{"id": "a", "text": null}"#.utf8), noText, true),
    (Array(#"{"id": "a", "text": ["x"]}"#.utf8), noText, true),
    (
      Array(#"{"id":"e","text":"\"\\\/\b\f\n\r\t\u00e9\u4E2D\uD83D\uDE00"}"#.utf8),
      .doc("e", "\"\\/\u{8}\u{C}\n\r\té中😀"), true
    ),
    (Array(#"{"id":"z","text":"a\u0000b"}"#.utf8), .doc("z", "a\u{0}b"), true),
    (Array(#"{"id":"d","text":"e\u0301"}"#.utf8), .doc("d", "e\u{301}"), true),
    (Array(#"{"id":"s","text":"\uD83D"}"#.utf8), notObject, false),
    (Array(#"{"id":"s","text":"\uDE00\uD83D"}"#.utf8), notObject, false),
    (Array(#"{"id":"s","text":"\uD83Dx"}"#.utf8), notObject, false),
    (Array(#"{"id":"s","text":"\x"}"#.utf8), notObject, false),
    (
      Array(#"{"id":"n","x":[1,-2.5,{"k":[true,false,null,{}]},[]],"y":{},"text":"t"}"#.utf8),
      .doc("n", "t"), true
    ),
    (Array(#"{"id":"t","text":"x","title":"标题"}"#.utf8), .doc("t", "x", title: "标题"), true),
    (Array(#"{"id":"t","text":"x","title":null}"#.utf8), .doc("t", "x"), true),
    (Array(#"{"id":"t","text":"x","title":7}"#.utf8), .doc("t", "x"), true),
    (Array(#"{"id":"t","text":"x","title":""}"#.utf8), .doc("t", "x", title: ""), true),
    (Array(#"{"t\u0065xt":"x","\u0069d":"k"}"#.utf8), .doc("k", "x"), true),
    (Array(" \t\r{ \"id\" :\n\"w\" ,\"text\":\"x\" }\r\t ".utf8), .doc("w", "x"), true),
    (Array(#"{"id":"a","text":"x","text":"y"}"#.utf8), .doc("a", "y"), false),
    (Array(#"{"id":"a","text":"x","z":1,"z":2}"#.utf8), .doc("a", "x"), true),
    (Array(#"{"id":"a","text":"x",}"#.utf8), .doc("a", "x"), false),
    (Array(#"{"id":"a","text":"x","n":1e400}"#.utf8), notObject, false),
    (Array(#"{"id":"a","text":"x","n":01}"#.utf8), notObject, false),
    (Array("{\"id\":\"a\",\"text\":\"x\ty\"}".utf8), notObject, false),
    (Array("{\"id\":\"a\",\"text\":\"x\u{7F}\"}".utf8), .doc("a", "x\u{7F}"), true),
    ([0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D], notObject, false),
    ([0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x22, 0xE4, 0xB8, 0x22, 0x7D], notObject, false),
    ([0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D], notObject, false),
    (Array(#"{"id": "a", "text": "正文"#.utf8), notObject, false),
    (Array(#"{"id": "a", "text": "正文"}x"#.utf8), notObject, false),
    (Array(#"[1]"#.utf8), notObject, false),
    (Array(#""s""#.utf8), notObject, false),
    (Array(" \t\r".utf8), .blank, false),
    ([], .blank, false),
  ]

  @Test func handPickedLinesHaveExactOutcomes() {
    for (line, shape, fast) in Self.cases {
      let text = String(decoding: line, as: UTF8.self)
      #expect(Shape(JSONLine.parse(line[...])) == shape, "\(text)")
      #expect(Shape(JSONLine.foundationParse(line[...])) == shape, "oracle: \(text)")
      let quick = JSONLine.fastParse(line[...])
      #expect((quick != nil) == fast, "fast path taken: \(text)")
      if let quick { #expect(Shape(quick) == shape, "fast: \(text)") }
    }
  }

  /// The speed-up stays: a corpus line of the usual shape never reaches Foundation.
  @Test func fastPathTakesTypicalLines() {
    let lines = [
      #"{"id": "crud-011-0001", "text": "人民网柏林7月28日电 （记者刘仲华、张慧中）7月27日晚，中国驻德国大使馆举行招待会。"}"#,
      #"{"id": 7, "title": "标题", "text": "正文\n第二段 \"引号\" 𠀀"}"#,
      #"{"id":"x","text":"t","meta":{"tags":["a","b"],"score":0.75,"ok":true,"none":null}}"#,
    ]
    for line in lines { #expect(JSONLine.fastParse(Array(line.utf8)[...]) != nil, "\(line)") }
  }

  /// Random lines, well formed and damaged: the fast path's outcome (when it takes the line)
  /// is Foundation's, byte for byte, and it takes nearly every well-formed one.
  @Test func fastPathAgreesWithFoundation() {
    var rng = SeededGenerator(seed: 0x4A53_4F4E)
    var taken = 0
    var wellFormed = 0
    var takenDamaged = 0
    for round in 0..<20000 {
      var line = RandomLine.object(&rng)
      let mutated = round % 2 == 1
      if mutated { RandomLine.damage(&line, &rng) } else { wellFormed += 1 }
      let oracle = Shape(JSONLine.foundationParse(line[...]))
      #expect(Shape(JSONLine.parse(line[...])) == oracle, "\(line)")
      if let quick = JSONLine.fastParse(line[...]) {
        #expect(Shape(quick) == oracle, "\(String(decoding: line, as: UTF8.self))")
        if !mutated { taken += 1 } else { takenDamaged += 1 }
      }
    }
    // The generator makes some lines on purpose that go to Foundation (lone surrogates,
    // exponents, duplicate names, ids that are not strings or integers); most it does not
    // (about 73%). Damage mostly breaks the grammar, but some damaged lines stay sure ones
    // (about 630), with problems or changed strings.
    #expect(taken * 2 > wellFormed, "fast path took \(taken) of \(wellFormed)")
    #expect(takenDamaged > 200, "fast path took \(takenDamaged) damaged lines")
  }
}

/// Random JSON-lines objects for the differential test, and damage to them.
enum RandomLine {
  static func object(_ rng: inout SeededGenerator) -> [UInt8] {
    var out: [UInt8] = []
    space(&out, &rng)
    out.append(0x7B)
    // Mostly names that do not repeat "id", "text" or "title"; now and then one that does.
    let names =
      rng.below(6) == 0
      ? [#""id""#, #""text""#, #""title""#, #""t\u0065xt""#, #""\u0069d""#]
      : [#""title""#, #""x""#, #""""#, #""名""#, #""ti\u0074les""#]
    var members: [String] = [#""id""#, #""text""#]
    for _ in 0..<rng.below(3) { members.append(names[rng.below(names.count)]) }
    if rng.below(8) == 0 { members.removeFirst() }
    if rng.below(8) == 0 { members.remove(at: members.count - 1) }
    members.shuffle(using: &rng)
    for (k, name) in members.enumerated() {
      if k > 0 { out.append(0x2C) }
      space(&out, &rng)
      out += Array(name.utf8)
      space(&out, &rng)
      out.append(0x3A)
      space(&out, &rng)
      let pick = rng.below(6)
      if name == #""text""# && pick != 0 || name == #""id""# && pick < 3 {
        string(&out, &rng)
      } else if name == #""id""# && pick < 5 {
        number(&out, &rng)
      } else {
        value(&out, &rng, depth: 0)
      }
      space(&out, &rng)
    }
    out.append(0x7D)
    space(&out, &rng)
    return out
  }

  /// One of the damages a line may suffer: a byte changed, deleted or inserted, or the end cut.
  static func damage(_ line: inout [UInt8], _ rng: inout SeededGenerator) {
    let specials: [UInt8] = [
      0x22, 0x5C, 0x2C, 0x7D, 0x7B, 0x5B, 0x5D, 0x3A, 0x00, 0x09, 0x80, 0xBF, 0xC0, 0xE4, 0xED,
      0xF0, 0xFF, 0x75, 0x30, 0x2D, 0x65,
    ]
    for _ in 0..<(1 + rng.below(2)) where !line.isEmpty {
      let at = rng.below(line.count)
      let byte = rng.below(2) == 0 ? specials[rng.below(specials.count)] : UInt8(rng.below(256))
      switch rng.below(4) {
      case 0: line[at] = byte
      case 1: line.remove(at: at)
      case 2: line.insert(byte, at: at)
      default: line.removeSubrange(at...)
      }
    }
  }

  static func space(_ out: inout [UInt8], _ rng: inout SeededGenerator) {
    guard rng.below(3) == 0 else { return }
    let spaces: [UInt8] = [0x20, 0x20, 0x09, 0x0D, 0x0A]
    for _ in 0..<(1 + rng.below(2)) { out.append(spaces[rng.below(spaces.count)]) }
  }

  static func value(_ out: inout [UInt8], _ rng: inout SeededGenerator, depth: Int) {
    switch rng.below(depth < 3 ? 8 : 6) {
    case 0, 1: string(&out, &rng)
    case 2: number(&out, &rng)
    case 3: out += Array(["true", "false", "null"][rng.below(3)].utf8)
    case 4: out += Array(["0.5", "-12.25", "1e3", "2E-2", "0", "-0", "3.0"][rng.below(7)].utf8)
    case 5: number(&out, &rng)
    case 6:
      out.append(0x5B)
      for k in 0..<rng.below(4) {
        if k > 0 { out.append(0x2C) }
        space(&out, &rng)
        value(&out, &rng, depth: depth + 1)
      }
      out.append(0x5D)
    default:
      out.append(0x7B)
      for k in 0..<rng.below(4) {
        if k > 0 { out.append(0x2C) }
        string(&out, &rng)
        out.append(0x3A)
        value(&out, &rng, depth: depth + 1)
      }
      out.append(0x7D)
    }
  }

  static func number(_ out: inout [UInt8], _ rng: inout SeededGenerator) {
    let digits = rng.below(12) == 0 ? 14 + rng.below(8) : 1 + rng.below(6)
    var text = rng.below(4) == 0 ? "-" : ""
    text += String(1 + rng.below(9))
    for _ in 1..<digits { text += String(rng.below(10)) }
    if rng.below(10) == 0 { text = "0" }
    out += Array(text.utf8)
  }

  /// A string: ASCII, CJK, astral and other scalars raw or escaped, every short escape, and
  /// now and then a lone surrogate.
  static func string(_ out: inout [UInt8], _ rng: inout SeededGenerator) {
    out.append(0x22)
    let pieces = rng.below(3) == 0 ? rng.below(60) : rng.below(8)
    for _ in 0..<pieces {
      switch rng.below(12) {
      case 0, 1, 2: out += Array(["a", "Z", " ", "0", "~", "\u{7F}", "/"][rng.below(7)].utf8)
      case 3, 4: out += Array(String(UnicodeScalar(UInt32(0x4E00 + rng.below(0x5000)))!).utf8)
      case 5:
        out += Array(["é", "e\u{301}", "𠀀", "😀", "\u{FFFD}", "\u{10FFFF}", "ß"][rng.below(7)].utf8)
      case 6:
        out += Array(
          [#"\""#, #"\\"#, #"\/"#, #"\b"#, #"\f"#, #"\n"#, #"\r"#, #"\t"#][rng.below(8)].utf8)
      case 7, 8:
        let scalars: [UInt32] = [0x0, 0x1F, 0x41, 0xE9, 0x4E2D, 0xFFFF, 0xFFFE, 0x7FF, 0x800]
        let hex = String(scalars[rng.below(scalars.count)], radix: 16, uppercase: rng.below(2) == 0)
        out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
      case 9:
        let scalar = 0x10000 + UInt32(rng.below(0x100000))
        let high = 0xD800 + (scalar - 0x10000) >> 10
        let low = 0xDC00 + (scalar - 0x10000) & 0x3FF
        out += Array(
          ("\\u" + String(high, radix: 16) + "\\u" + String(low, radix: 16, uppercase: true)).utf8)
      case 10:
        if rng.below(64) == 0 {
          out += Array(["\\uD83D", "\\uDE00", "\\uDE00\\uD83D"][rng.below(3)].utf8)
        }
      default: out += Array("中文文本，标点。".utf8)
      }
    }
    out.append(0x22)
  }
}
