/// Rewrites a query's prefix words and bare Latin words into `OR` groups of the index's terms.
///
/// Two things a user expects that exact terms cannot give:
/// - a prefix (`comput*`) matches the index's words that start with it (`computer`,
///   `computing`), as Lucene's `PrefixQuery` does;
/// - a word matches where the text glues a number to it: Lucene's tokenizer keeps `iPhone15`
///   and `Mate60` as one word each, so `iphone` and `mate` alone would never find them.
///
/// Each expansion becomes an alternative of the word's clause (or one more exclusion), so
/// matching, scoring and snippets treat it as a word typed with `OR`: the alternatives are
/// scored each with its own idf (Lucene's scoring rewrite). The expansions are the terms with
/// the most live documents (ties by bytes), counted over every segment less the deleted
/// documents, so that an index with segments and deletions expands exactly as a freshly
/// built one. The cost is one scan of the dictionary range of each prefix per segment.
package struct QueryExpansion {
  /// The most terms a prefix (`comput*`) expands to.
  package static let maximumPrefixTerms = 64
  /// The most glued terms (`iphone15`, `iphone14`) a bare word expands to.
  package static let maximumGluedTerms = 16

  let segments: [IndexSegment]
  /// Whether bare words also match their glued forms (not in `.any` mode, which stays
  /// Lucene's bag of terms for comparisons).
  let expandsGlued: Bool

  /// `query` with its expansions; the query itself when nothing expands.
  func expand(_ query: Query) throws(IndexError) -> Query {
    var budget = QueryParser.maximumTerms
    for phrase in query.positivePhrases + query.exclusions { budget -= phrase.terms.count }
    var expanded = query
    for c in expanded.clauses.indices {
      var alternatives: [QueryPhrase] = []
      for phrase in expanded.clauses[c] {
        alternatives.append(phrase)
        alternatives += try expansions(of: phrase, besides: expanded.clauses[c], budget: &budget)
      }
      expanded.clauses[c] = alternatives
    }
    var exclusions: [QueryPhrase] = []
    for phrase in expanded.exclusions {
      exclusions.append(phrase)
      exclusions += try expansions(of: phrase, besides: query.exclusions, budget: &budget)
    }
    expanded.exclusions = exclusions
    return expanded
  }

  /// The alternatives `phrase` expands to, at most `budget` (which they use up), less the
  /// words typed `besides` it (`iphone OR iphone15` does not score `iphone15` twice).
  private func expansions(
    of phrase: QueryPhrase, besides typed: [QueryPhrase], budget: inout Int
  ) throws(IndexError) -> [QueryPhrase] {
    guard !phrase.isQuoted, phrase.terms.count == 1, phrase.terms[0].kind == .term, budget > 0
    else { return [] }
    let word = phrase.terms[0].bytes
    let limit: Int
    let accepts: (UnsafeBufferPointer<UInt8>) -> Bool
    if phrase.isPrefix {
      limit = Self.maximumPrefixTerms
      accepts = { $0.count > word.count }
    } else if expandsGlued, word.allSatisfy(Self.isLatinLetter) {
      limit = Self.maximumGluedTerms
      accepts = { $0.count > word.count && Self.isDigit($0[word.count]) }
    } else {
      return []
    }
    var frequencies = try liveFrequencies(withPrefix: word, accepts)
    for other in typed where other.terms.count == 1 && other.terms[0].kind == .term {
      frequencies[other.terms[0].bytes] = nil
    }
    let chosen = Self.mostFrequent(frequencies, count: min(limit, budget))
    budget -= chosen.count
    return chosen.map { term in
      let text = String(decoding: term, as: UTF8.self)
      var alternative = QueryPhrase(
        text: text, terms: [QueryTerm(text: text, position: 0, kind: .term)])
      alternative.isRequired = phrase.isRequired
      return alternative
    }
  }

  /// The live document frequency of every term that starts with `prefix` and `accepts`.
  private func liveFrequencies(
    withPrefix prefix: [UInt8], _ accepts: (UnsafeBufferPointer<UInt8>) -> Bool
  ) throws(IndexError) -> [[UInt8]: Int] {
    var frequencies: [[UInt8]: Int] = [:]
    for segment in segments where segment.liveCount > 0 {
      let reader = segment.reader
      try reader.withRawBytes(prefix) { (p) throws(IndexError) in
        try reader.forEachTerm(withPrefix: p) { (term, info) throws(IndexError) in
          guard accepts(term) else { return }
          var live = info.documentFrequency
          if segment.deleted != nil {
            live -= try segment.deletedFrequency(of: UnsafeRawBufferPointer(term))
          }
          frequencies[Array(term), default: 0] += live
        }
      }
    }
    return frequencies
  }

  /// The `count` terms with the highest frequency above zero, ties broken by bytes.
  private static func mostFrequent(_ frequencies: [[UInt8]: Int], count: Int) -> [[UInt8]] {
    let ranked = frequencies.filter { $0.value > 0 }.sorted { a, b in
      a.value != b.value ? a.value > b.value : a.key.lexicographicallyPrecedes(b.key)
    }
    return ranked.prefix(count).map(\.key)
  }

  private static func isLatinLetter(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
  private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
