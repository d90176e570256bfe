import Tokenize

/// What `.ranked` and `.any` score and require: the weighted term keys of a query and the
/// clauses that stay filters (quoted phrases).
///
/// `.ranked` scores a query's Lucene terms (bigrams, words) with weight 1 and, beside them,
/// each CJK character of its bigrams with `SearchOptions.characterWeight`, through the
/// character terms the index keeps anyway: a document that holds `预防` and `白癜风`'s
/// characters but not every bigram of `如何有效预防白癜风` still ranks, and one holding more
/// of the query ranks higher. A lone character (`年` in `2020年`) is scored as its character
/// term with weight 1, as in `.all` mode.
extension Searcher {
  /// Tokenizes a bigram's text into its two characters (a Lucene term has no character tokens
  /// unless it is a bigram).
  private static let characterTokenizer = Tokenizer(emitsCharacters: true)

  /// The CJK characters of a Lucene term, in order: a bigram's two, none for a word.
  ///
  /// The one derivation of a bigram's characters: `.ranked` scores them, and the threshold
  /// floor adds their share to the bigram's (`ScoredKeys.implied`).
  static func characters(ofTerm text: String) -> [[UInt8]] {
    var characters: [[UInt8]] = []
    characterTokenizer.tokenize(text) { token, bytes in
      if token.kind == .character { characters.append(Array(bytes)) }
    }
    return characters
  }

  /// `bag` (the query's `scoredKeys`) less the characters of bigrams found in more than
  /// `options.characterShareLimit` of the documents (and in more than
  /// `options.characterFrequencyFloor` documents: a small index scores every character, since its
  /// lists cost nothing), by the collection's frequencies.
  func keepingInformative(
    _ bag: ScoredKeys, _ query: Query, _ options: SearchOptions, statistics: CollectionStatistics
  ) -> ScoredKeys {
    guard options.mode == .ranked, options.characterShareLimit < 1 else { return bag }
    // Characters typed alone are words of the query: always scored.
    var typed: [[UInt8]] = []
    for phrase in query.positivePhrases {
      for term in phrase.terms where term.kind != .term { typed.append(term.bytes) }
    }
    let limit = max(
      options.characterShareLimit * Double(statistics.documentCount),
      Double(options.characterFrequencyFloor))
    var kept: [Bool] = []
    kept.reserveCapacity(bag.keys.count)
    for (key, _) in bag.keys {
      let frequency = statistics.frequencies[key] ?? 0
      kept.append(!(key.isCharacter && !typed.contains(key.bytes) && Double(frequency) > limit))
    }
    return bag.keeping(kept)
  }

  /// The distinct scored keys of a query with their weights (query frequency, times the
  /// character weight for the characters of bigrams), in query order, and the character keys
  /// each bigram implies.
  func scoredKeys(_ query: Query, _ options: SearchOptions) -> ScoredKeys {
    let mode = options.mode
    guard mode != .all else {
      return ScoredKeys(weightedKeys(query, mode).map { ($0.0, Double($0.1)) })
    }
    let characterWeight = options.characterWeight
    let scoresCharacters = mode == .ranked && characterWeight > 0
    let phrases = query.positivePhrases
    // A bigram's characters matter to the floor only if the bag has character keys.
    let derives =
      scoresCharacters
      || phrases.contains { phrase in phrase.terms.contains { Self.isCharacterKey($0.kind, mode) } }
    var keys: [(QueryPlanner.LookupKey, Double)] = []
    var bigrams: [(key: Int, characters: [[UInt8]])] = []
    // Adds `weight` to `key`'s; returns whether the key is new.
    func add(_ key: QueryPlanner.LookupKey, _ weight: Double) -> Bool {
      // A query has at most `QueryParser.maximumTerms` terms: a linear search stays cheap.
      if let i = keys.firstIndex(where: { $0.0 == key }) {
        keys[i].1 += weight
        return false
      }
      keys.append((key, weight))
      return true
    }
    for phrase in phrases {
      // Each character of the phrase's bigrams once, by its position in the phrase: the
      // overlapping bigrams 教育, 育质 share 育.
      var characterAt: [Int: [UInt8]] = [:]
      for term in phrase.terms {
        let key = QueryPlanner.LookupKey(
          bytes: term.bytes, isCharacter: Self.isCharacterKey(term.kind, mode))
        let isNew = add(key, 1)
        guard term.kind == .term, scoresCharacters || (derives && isNew) else { continue }
        let characters = Self.characters(ofTerm: term.text)
        if isNew && characters.count == 2 { bigrams.append((keys.count - 1, characters)) }
        guard scoresCharacters else { continue }
        for (index, character) in characters.enumerated() {
          characterAt[term.position + index] = character
        }
      }
      for position in characterAt.keys.sorted() {
        _ = add(
          QueryPlanner.LookupKey(bytes: characterAt[position]!, isCharacter: true), characterWeight
        )
      }
    }
    return ScoredKeys(keys, bigrams: bigrams)
  }

  /// The clauses a document must still satisfy in the bag-of-terms modes: those whose every
  /// alternative is a quoted phrase or required (`+word`, `a AND b`): they are meant as
  /// written, whatever the mode. `.all` requires every clause and returns none here.
  func requiredClauses(_ query: Query, _ mode: MatchMode) -> [[QueryPhrase]] {
    guard mode != .all else { return [] }
    return query.clauses.filter { clause in clause.allSatisfy(\.mustMatch) }
  }
}

extension Searcher {
  /// The most characters of a query that are searched; a longer query is cut (and says so).
  package static var maximumQueryCharacters: Int { QueryParser.maximumCharacters }
  /// The most terms a query keeps (over its words, phrases and exclusions).
  package static var maximumQueryTerms: Int { QueryParser.maximumTerms }
}
