import TestSupport
import Testing

@testable import Index

/// `ScoredKeys` and the one derivation of a bigram's characters (`Searcher.characters(ofTerm:)`):
/// the characters are the bigram's two scalars, the bag's keys are the query's weighted keys in
/// either bag mode, and dropping keys renumbers `implied` as recomputing it on what is left.
@Suite struct ScoredKeysTests {
  typealias Key = QueryPlanner.LookupKey

  /// Random queries over a few CJK characters, one outside the BMP, and a letter.
  static func randomQuery(_ rng: inout SeededGenerator) -> String {
    let characters = ["教", "育", "质", "量", "𠀀", "a"]
    return (0..<1 + rng.below(4)).map { _ in
      (0..<1 + rng.below(3)).map { _ in characters[rng.below(characters.count)] }.joined()
    }.joined(separator: " ")
  }

  /// Every CJK bigram of a corpus yields its two scalars, in order; a word yields none.
  @Test func aBigramsCharactersAreItsTwoScalars() {
    let reference = ReferenceIndex(randomCorpus(seed: 1701, documents: 200))
    var failures: [String] = []
    var bigrams = 0
    var words = 0
    for term in reference.postings.keys where !IndexFormat.isAuxiliaryTerm(firstByte: term.first) {
      let text = String(decoding: term, as: UTF8.self)
      let scalars = Array(text.unicodeScalars)
      let isCJK = scalars.map { $0.value >= 0x4E00 && $0.value <= 0x9FFF }
      let got = Searcher.characters(ofTerm: text)
      if scalars.count == 2 && isCJK.allSatisfy({ $0 }) {
        bigrams += 1
        if got != scalars.map({ Array(String($0).utf8) }) { failures.append(text) }
      } else if !isCJK.contains(true) {
        words += 1
        if !got.isEmpty { failures.append(text) }
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(5))")
    #expect(bigrams > 200)
    #expect(words > 4)
  }

  /// Without characters to score, the bag is the query's weighted keys, as `.all` counts them
  /// but by the mode's rule for lone characters.
  @Test func theBagIsTheWeightedKeysWithoutCharacterWeight() throws {
    let searcher = try makeSearcher(documents(["教育质量"]))
    var rng = SeededGenerator(seed: 1702)
    for _ in 0..<500 {
      let query = try searcher.parse(Self.randomQuery(&rng))
      for (mode, weight) in [(MatchMode.any, 0.3), (.ranked, 0), (.all, 0.3)] {
        var options = SearchOptions()
        options.mode = mode
        options.characterWeight = weight
        let bag = searcher.scoredKeys(query, options)
        let want = searcher.weightedKeys(query, mode)
        #expect(bag.keys.map(\.0) == want.map(\.0))
        #expect(bag.keys.map(\.1) == want.map { Double($0.1) })
        #expect(bag.implied.count == bag.keys.count)
        if mode == .all { #expect(bag.implied.allSatisfy { $0.isEmpty }) }
      }
    }
  }

  /// Dropping keys (absent from the index, or characters too common to score) gives the
  /// `implied` of the keys left, as the floor read it when it was derived from them.
  @Test func keepingRenumbersImplied() throws {
    let searcher = try makeSearcher(documents(["教育质量"]))
    var rng = SeededGenerator(seed: 1703)
    var failures: [String] = []
    var impliedKept = 0
    for round in 0..<2000 {
      let text = Self.randomQuery(&rng)
      var options = SearchOptions()
      options.mode = rng.below(2) == 0 ? .any : .ranked
      let bag = searcher.scoredKeys(try searcher.parse(text), options)
      let kept = bag.keys.map { _ in rng.below(4) != 0 }
      let left = bag.keys.indices.filter { kept[$0] }.map { bag.keys[$0].0 }
      let want = ImpliedCharactersTests.slowImplied(left)
      impliedKept += want.filter { !$0.isEmpty }.count
      let smaller = bag.keeping(kept)
      if bag.implied(keeping: kept) != want || smaller.implied != want
        || smaller.keys.map(\.0) != left
      {
        failures.append("round \(round): \(text) keeping \(kept)")
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(5))")
    #expect(impliedKept > 100)
    // Hand-checked: 教育 implies 教 (3) and 育 (2), 质量 nothing (no 质 key); dropping 质量
    // renumbers them to 2 and 1; dropping 育 leaves 教育 implying nothing.
    let keys: [(Key, Double)] = [
      (Key(bytes: Array("教育".utf8), isCharacter: false), 1),
      (Key(bytes: Array("质量".utf8), isCharacter: false), 1),
      (Key(bytes: Array("育".utf8), isCharacter: true), 1),
      (Key(bytes: Array("教".utf8), isCharacter: true), 1),
    ]
    let bag = ScoredKeys(
      keys,
      bigrams: [
        (0, [Array("教".utf8), Array("育".utf8)]), (1, [Array("质".utf8), Array("量".utf8)]),
      ])
    #expect(bag.implied == [[3, 2], [], [], []])
    #expect(bag.implied(keeping: [true, false, true, true]) == [[2, 1], [], []])
    #expect(bag.keeping([true, false, true, true]).implied == [[2, 1], [], []])
    #expect(bag.implied(keeping: [true, true, false, true]) == [[], [], []])
    #expect(bag.keeping([true, true, true, true]).implied == [[3, 2], [], [], []])
  }
}
