import TestSupport
import Testing

@testable import Index

/// `ScoredKeys.implied`: for each key of a query's bag, the character keys of a bigram's two
/// characters (a document holding the bigram f times holds each of them at least f times, so
/// the `.any` threshold floor may add their share). Checked against the rule computed from
/// Unicode scalars on the bags of random queries, and the premise checked on the reference
/// postings of a random corpus.
@Suite struct ImpliedCharactersTests {
  typealias Key = QueryPlanner.LookupKey

  /// The rule, the slow way: a plain (not character, not attached) key of exactly two scalars
  /// whose two characters both have a character key implies those keys (first of each, once).
  static func slowImplied(_ keys: [Key]) -> [[Int]] {
    keys.map { key in
      guard !key.isCharacter, key.attached == nil else { return [] }
      let scalars = Array(String(decoding: key.bytes, as: UTF8.self).unicodeScalars)
      guard scalars.count == 2 else { return [] }
      var found: [Int] = []
      for scalar in scalars {
        let bytes = Array(String(scalar).utf8)
        guard let c = keys.indices.first(where: { keys[$0].isCharacter && keys[$0].bytes == bytes })
        else { return [] }
        if !found.contains(c) { found.append(c) }
      }
      return found
    }
  }

  @Test func impliedCharactersFollowTheRule() throws {
    let searcher = try makeSearcher(documents(["教育质量"]))
    var rng = SeededGenerator(seed: 1601)
    let characters = ["教", "育", "质", "量", "𠀀", "a"]
    var failures: [String] = []
    var impliedSeen = 0
    for round in 0..<3000 {
      let text = (0..<1 + rng.below(4)).map { _ in
        (0..<1 + rng.below(3)).map { _ in characters[rng.below(characters.count)] }.joined()
      }.joined(separator: " ")
      var options = SearchOptions()
      options.mode = rng.below(2) == 0 ? .any : .ranked
      options.characterWeight = rng.below(3) == 0 ? 0 : 0.3
      let bag = searcher.scoredKeys(try searcher.parse(text), options)
      let want = Self.slowImplied(bag.keys.map(\.0))
      impliedSeen += want.filter { !$0.isEmpty }.count
      if bag.implied != want {
        failures.append("round \(round): \(text): \(bag.implied) != \(want)")
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(5))")
    #expect(impliedSeen == 1800)
    // Hand-checked (`.any` mode: the one-character words are character keys): 教育 with both
    // characters; 教教 with one; 质量 lacking 量.
    var options = SearchOptions()
    options.mode = .any
    let bag = searcher.scoredKeys(try searcher.parse("教育 育 教 教教 质量 质"), options)
    let keys = [
      Key(bytes: Array("教育".utf8), isCharacter: false),
      Key(bytes: Array("育".utf8), isCharacter: true),
      Key(bytes: Array("教".utf8), isCharacter: true),
      Key(bytes: Array("教教".utf8), isCharacter: false),
      Key(bytes: Array("质量".utf8), isCharacter: false),
      Key(bytes: Array("质".utf8), isCharacter: true),
    ]
    #expect(bag.keys.map(\.0) == keys)
    #expect(bag.implied == [[2, 1], [], [], [2], [], []])
  }

  /// The premise: in every document, each character of a bigram occurs at least as often as
  /// the bigram.
  @Test func aBigramsCharactersOccurAtLeastAsOften() {
    let reference = ReferenceIndex(randomCorpus(seed: 1602, documents: 400))
    var failures: [String] = []
    var checked = 0
    for (term, postings) in reference.postings
    where !IndexFormat.isAuxiliaryTerm(firstByte: term.first) {
      let scalars = Array(String(decoding: term, as: UTF8.self).unicodeScalars)
      guard scalars.count == 2, scalars.allSatisfy({ $0.value >= 0x4E00 && $0.value <= 0x9FFF })
      else { continue }
      for scalar in scalars {
        let key = [IndexFormat.characterTermMarker] + Array(String(scalar).utf8)
        var frequency: [UInt32: Int] = [:]
        for posting in reference.postings[key] ?? [] {
          frequency[posting.document] = posting.positions.count
        }
        for posting in postings {
          checked += 1
          if frequency[posting.document, default: 0] < posting.positions.count {
            failures.append("\(String(decoding: term, as: UTF8.self)) in \(posting.document)")
          }
        }
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(5))")
    #expect(checked > 10_000)
  }
}
