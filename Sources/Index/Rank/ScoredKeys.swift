/// The bag of a `.any` or `.ranked` query: its distinct keys with their weights, and which of
/// them each key implies, so that the threshold floor needs no second look at a bigram's bytes.
///
/// A document holding the bigram `教育` f times holds `教` and `育` at least f times each, so a
/// floor read from the bigram's documents may add the characters' share at frequency f. The
/// characters are those `Searcher.characters(ofTerm:)` finds once, as the bag is built; the
/// same ones `.ranked` scores.
struct ScoredKeys {
  /// The distinct keys with their weights (query frequency, times the character weight for
  /// the characters of bigrams), in query order.
  let keys: [(QueryPlanner.LookupKey, Double)]
  /// For each key, the indices in `keys` of the character keys it implies: a bigram's two
  /// characters (once each: `教教` implies `教` once) when the bag holds both, else none.
  private(set) var implied: [[Int]]

  /// A bag whose keys imply nothing (`.all` mode scores no characters and has no floor).
  init(_ keys: [(QueryPlanner.LookupKey, Double)]) {
    self.keys = keys
    implied = [[Int]](repeating: [], count: keys.count)
  }

  /// A bag whose `bigrams` are the keys at `key`, each with its two `characters`; a bigram
  /// implies the character keys of both, if the bag holds both.
  init(_ keys: [(QueryPlanner.LookupKey, Double)], bigrams: [(key: Int, characters: [[UInt8]])]) {
    self.init(keys)
    // A query has at most `QueryParser.maximumTerms` terms: a linear search stays cheap.
    resolving: for (key, characters) in bigrams {
      assert(!keys[key].0.isCharacter && keys[key].0.attached == nil && characters.count == 2)
      var found: [Int] = []
      for character in characters {
        guard let c = keys.firstIndex(where: { $0.0.isCharacter && $0.0.bytes == character })
        else { continue resolving }
        if !found.contains(c) { found.append(c) }
      }
      implied[key] = found
    }
  }

  private init(keys: [(QueryPlanner.LookupKey, Double)], implied: [[Int]]) {
    self.keys = keys
    self.implied = implied
  }

  /// The bag less the keys whose `kept` is false.
  func keeping(_ kept: [Bool]) -> ScoredKeys {
    assert(kept.count == keys.count)
    guard kept.contains(false) else { return self }
    return ScoredKeys(
      keys: keys.indices.filter { kept[$0] }.map { keys[$0] }, implied: implied(keeping: kept))
  }

  /// `implied` over the keys whose `kept` is true, renumbered among them: a key that implies a
  /// dropped character implies nothing (its bigram no longer brings both characters' share).
  func implied(keeping kept: [Bool]) -> [[Int]] {
    assert(kept.count == keys.count)
    guard kept.contains(false) else { return implied }
    var renumbered = [Int](repeating: -1, count: keys.count)
    var next = 0
    for i in kept.indices where kept[i] {
      renumbered[i] = next
      next += 1
    }
    var result: [[Int]] = []
    result.reserveCapacity(next)
    for i in implied.indices where kept[i] {
      let mapped = implied[i].map { renumbered[$0] }
      result.append(mapped.contains(-1) ? [] : mapped)
    }
    return result
  }
}
