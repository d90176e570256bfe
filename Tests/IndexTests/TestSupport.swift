import Index
import Tokenize

/// A small, fast, seeded generator (SplitMix64), so random tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Random Chinese-like documents drawn from a small alphabet, so that terms repeat.
func randomCorpus(seed: UInt64, documents: Int, maxLength: Int = 80) -> [Document] {
  var rng = SeededGenerator(seed: seed)
  let han = Array("教育质量学校发展工作中国人民政府建设教师学生")
  let other = ["，", "。", " ", "2020", "年", "AI", "5G", "k12", "、", "！", "STEAM"]
  var docs: [Document] = []
  for d in 0..<documents {
    var text = ""
    let length = Int.random(in: 0...maxLength, using: &rng)
    for _ in 0..<length {
      if Int.random(in: 0..<5, using: &rng) == 0 {
        text += other.randomElement(using: &rng)!
      } else {
        text.append(han.randomElement(using: &rng)!)
      }
    }
    let title: String? = Int.random(in: 0..<4, using: &rng) == 0 ? "标题\(d % 7)" : nil
    docs.append(Document(id: "doc-\(d)", title: title, text: text))
  }
  return docs
}

/// The postings of every term, computed the obvious way: tokenize each document and collect.
struct ReferenceIndex {
  struct Posting: Equatable {
    var document: UInt32
    var positions: [UInt32]
  }
  var postings: [[UInt8]: [Posting]] = [:]
  var lengths: [UInt32] = []

  init(_ docs: [Document]) {
    let tokenizer = Tokenizer(emitsCharacters: true)
    for (d, doc) in docs.enumerated() {
      var length: UInt32 = 0
      var found: [[UInt8]: [UInt32]] = [:]
      var base = 0
      for (part, text) in [doc.title ?? "", doc.text].enumerated()
      where !(part == 0 && text.isEmpty) {
        var tokens: [(Token, [UInt8])] = []
        tokenizer.tokenize(text) { token, term in tokens.append((token, Array(term))) }
        let characterPositions = Set(tokens.filter { $0.0.kind == .character }.map(\.0.position))
        let wordEnds = Set(tokens.filter { $0.0.kind == .word }.map(\.0.end))
        let wordStarts = Set(tokens.filter { $0.0.kind == .word }.map(\.0.start))
        for (token, term) in tokens {
          let position = UInt32(base + token.position)
          if token.kind == .character {
            found[[IndexFormat.characterTermMarker] + term, default: []].append(position)
            if !characterPositions.contains(token.position - 1) && wordEnds.contains(token.start) {
              found[[IndexFormat.attachedAfterWordMarker] + term, default: []].append(position)
            }
            if !characterPositions.contains(token.position + 1) && wordStarts.contains(token.end) {
              found[[IndexFormat.attachedBeforeWordMarker] + term, default: []].append(position)
            }
          } else {
            found[term, default: []].append(position)
            length += 1
          }
        }
        if part == 0 { base = (tokens.map(\.0.position).max() ?? -2) + 2 }
      }
      for (term, positions) in found {
        let isCharacter = term.first == IndexFormat.characterTermMarker
        postings[term, default: []].append(
          Posting(
            document: UInt32(d),
            positions: isCharacter
              ? Array(repeating: 0, count: positions.count) : positions.sorted()))
      }
      lengths.append(length)
    }
  }
}
