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

  /// The distinct scored keys of a query with their weights, less the characters of bigrams
  /// found in more than `options.characterShareLimit` of the documents (and in more than
  /// `options.characterFrequencyFloor` documents: a small index scores every character, since its
  /// lists cost nothing).
  func scoredKeys(_ query: Query, _ options: SearchOptions, planner: SearchPlanner)
    throws(IndexError) -> [(SearchPlanner.LookupKey, Double)]
  {
    let keys = scoredKeys(query, options)
    guard options.mode == .ranked, options.characterShareLimit < 1 else { return keys }
    // Characters typed alone are words of the query: always scored.
    var typed: [[UInt8]] = []
    for phrase in query.positivePhrases {
      for term in phrase.terms where term.kind != .term { typed.append(term.bytes) }
    }
    let limit = max(
      options.characterShareLimit * Double(reader.documentCount),
      Double(options.characterFrequencyFloor))
    var kept: [(SearchPlanner.LookupKey, Double)] = []
    for (key, weight) in keys {
      if key.isCharacter && !typed.contains(key.bytes), let info = try planner.info(key),
        Double(info.documentFrequency) > limit
      {
        continue
      }
      kept.append((key, weight))
    }
    return kept
  }

  /// The distinct scored keys of a query with their weights (query frequency, times the
  /// character weight for the characters of bigrams), in query order.
  func scoredKeys(_ query: Query, _ options: SearchOptions) -> [(SearchPlanner.LookupKey, Double)] {
    guard options.mode == .ranked else {
      return weightedKeys(query, options.mode).map { ($0.0, Double($0.1)) }
    }
    var keys: [(SearchPlanner.LookupKey, Double)] = []
    func add(_ key: SearchPlanner.LookupKey, _ weight: Double) {
      // A query has at most `QueryParser.maximumTerms` terms: a linear search stays cheap.
      if let i = keys.firstIndex(where: { $0.0 == key }) {
        keys[i].1 += weight
      } else {
        keys.append((key, weight))
      }
    }
    let characterWeight = options.characterWeight
    for phrase in query.positivePhrases {
      // Each character of the phrase's bigrams once, by its position in the phrase: the
      // overlapping bigrams 教育, 育质 share 育.
      var characterAt: [Int: [UInt8]] = [:]
      for term in phrase.terms {
        switch term.kind {
        case .term:
          add(SearchPlanner.LookupKey(bytes: term.bytes, isCharacter: false), 1)
          guard characterWeight > 0 else { continue }
          var index = 0
          Self.characterTokenizer.tokenize(term.text) { token, bytes in
            guard token.kind == .character else { return }
            characterAt[term.position + index] = Array(bytes)
            index += 1
          }
        case .loneCharacter, .character:
          add(SearchPlanner.LookupKey(bytes: term.bytes, isCharacter: true), 1)
        }
      }
      for position in characterAt.keys.sorted() {
        add(
          SearchPlanner.LookupKey(bytes: characterAt[position]!, isCharacter: true), characterWeight
        )
      }
    }
    return keys
  }

  /// The clauses a document must still satisfy in the bag-of-terms modes: those whose every
  /// alternative is a quoted phrase (a phrase typed in quotes is meant as written, whatever
  /// the mode). `.all` requires every clause and returns none here.
  func requiredClauses(_ query: Query, _ mode: MatchMode) -> [[QueryPhrase]] {
    guard mode != .all else { return [] }
    return query.clauses.filter { clause in clause.allSatisfy(\.isQuoted) }
  }
}

extension Searcher {
  /// The most characters of a query that are searched; a longer query is cut (and says so).
  package static var maximumQueryCharacters: Int { QueryParser.maximumCharacters }
  /// The most terms a query keeps (over its words, phrases and exclusions).
  package static var maximumQueryTerms: Int { QueryParser.maximumTerms }
}
