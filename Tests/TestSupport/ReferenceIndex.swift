import Index
import Tokenize

/// The postings of every term, computed the obvious way: tokenize each document and collect.
package struct ReferenceIndex {
  package struct Posting: Equatable {
    package var document: UInt32
    package var positions: [UInt32]

    package init(document: UInt32, positions: [UInt32]) {
      self.document = document
      self.positions = positions
    }
  }
  package var postings: [[UInt8]: [Posting]] = [:]
  package var lengths: [UInt32] = []

  package init(_ docs: [Document]) {
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
