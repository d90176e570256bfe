import Foundation
import Index
import Tokenize

/// A brute-force search engine for tests: matches and scores every document the obvious way.
///
/// It shares nothing with `Searcher` but the parsed `Query`: postings come from re-tokenizing
/// every document (`ReferenceIndex`), matching walks every position of every document, and
/// BM25 is written out again, so a bug in the engine's plans, cursors or pruning shows up as a
/// difference.
package struct BruteForceSearch {
  package struct Result: Equatable {
    package var document: Int
    package var score: Double
    package var matches: Int
  }

  package let documentCount: Int
  package let lengths: [UInt32]
  package let averageLength: Double
  /// term bytes → document → positions (character terms: marker + bytes, positions all 0).
  package var postings: [[UInt8]: [Int: [UInt32]]] = [:]

  /// Whether glued characters match by adjacency (format version 2) or as any lone character.
  package let attachedTerms: Bool
  /// For each glued character (side marker + bytes): document → positions where it is glued.
  package var glued: [[UInt8]: [Int: Set<Int>]] = [:]

  package init(_ docs: [Document], attachedTerms: Bool = true) {
    self.attachedTerms = attachedTerms
    let reference = ReferenceIndex(docs)
    documentCount = docs.count
    lengths = reference.lengths
    averageLength =
      docs.isEmpty ? 0 : Double(reference.lengths.reduce(0) { $0 + Int($1) }) / Double(docs.count)
    for (term, list) in reference.postings {
      var byDocument: [Int: [UInt32]] = [:]
      for posting in list { byDocument[Int(posting.document)] = posting.positions }
      postings[term] = byDocument
    }
    glued = Self.gluedCharacters(docs)
  }

  /// Where a CJK character touches a word in the stored text, found from byte ranges alone: a
  /// character whose first byte is where a word ends (after-word marker) or whose end is where
  /// a word starts (before-word marker). Touching a word, it is at the edge of its run.
  package static func gluedCharacters(_ docs: [Document]) -> [[UInt8]: [Int: Set<Int>]] {
    let tokenizer = Tokenizer(emitsCharacters: true)
    var glued: [[UInt8]: [Int: Set<Int>]] = [:]
    for (d, doc) in docs.enumerated() {
      var base = 0
      for (part, text) in [doc.title ?? "", doc.text].enumerated()
      where !(part == 0 && text.isEmpty) {
        var tokens: [(Token, [UInt8])] = []
        tokenizer.tokenize(text) { token, term in tokens.append((token, Array(term))) }
        let words = tokens.filter { $0.0.kind == .word }.map(\.0)
        for (token, term) in tokens where token.kind == .character {
          let position = base + token.position
          if words.contains(where: { $0.end == token.start }) {
            glued[[IndexFormat.attachedAfterWordMarker] + term, default: [:]][d, default: []]
              .insert(position)
          }
          if words.contains(where: { $0.start == token.end }) {
            glued[[IndexFormat.attachedBeforeWordMarker] + term, default: [:]][d, default: []]
              .insert(position)
          }
        }
        if part == 0 { base = (tokens.map(\.0.position).max() ?? -2) + 2 }
      }
    }
    return glued
  }

  package static func characterKey(_ text: String) -> [UInt8] {
    [IndexFormat.characterTermMarker] + Array(text.utf8)
  }

  /// Every term that can stand for lone character `c`: `c` itself or a bigram starting with it.
  package func variants(_ c: String) -> [[UInt8]] {
    if let cached = variantCache.values[c] { return cached }
    let bytes = Array(c.utf8)
    let found = postings.keys.filter { term in
      guard term.first != IndexFormat.characterTermMarker, term.starts(with: bytes) else {
        return false
      }
      let rest = String(decoding: term[bytes.count...], as: UTF8.self)
      return rest.isEmpty || rest.unicodeScalars.count == 1
    }
    variantCache.values[c] = found
    return found
  }

  /// Memoized `variants`, so that the oracle stays fast enough for hundreds of queries.
  final class VariantCache {
    var values: [String: [[UInt8]]] = [:]
  }
  let variantCache = VariantCache()

  /// The positions in `doc` where a query token can stand.
  package func positions(of term: QueryTerm, in doc: Int) -> Set<Int> {
    switch term.kind {
    case .term:
      return Set((postings[Array(term.text.utf8)]?[doc] ?? []).map(Int.init))
    case .loneCharacter where attachedTerms && !term.attachment.isEmpty:
      // Glued in the query: glued the same way in the document, on every glued side.
      var sets: [Set<Int>] = []
      if term.attachment.contains(.afterWord) {
        sets.append(
          glued[[IndexFormat.attachedAfterWordMarker] + Array(term.text.utf8)]?[doc] ?? [])
      }
      if term.attachment.contains(.beforeWord) {
        sets.append(
          glued[[IndexFormat.attachedBeforeWordMarker] + Array(term.text.utf8)]?[doc] ?? [])
      }
      return sets.dropFirst().reduce(sets[0]) { $0.intersection($1) }
    case .loneCharacter:
      var all = Set<Int>()
      for v in variants(term.text) { all.formUnion((postings[v]?[doc] ?? []).map(Int.init)) }
      return all
    case .character:
      return []
    }
  }

  package func phraseMatches(_ phrase: QueryPhrase, _ doc: Int) -> Bool {
    if phrase.terms.count == 1 {
      let term = phrase.terms[0]
      switch term.kind {
      case .character: return postings[Self.characterKey(term.text)]?[doc] != nil
      case .term: return postings[Array(term.text.utf8)]?[doc] != nil
      case .loneCharacter: return !positions(of: term, in: doc).isEmpty
      }
    }
    let sets = phrase.terms.map { positions(of: $0, in: doc) }
    for p in sets[0] {
      let start = p - phrase.terms[0].position
      if zip(phrase.terms, sets).allSatisfy({ $1.contains(start + $0.position) }) { return true }
    }
    return false
  }

  /// The characters of a phrase's bigrams that `.ranked` scores, one per position: found by
  /// tokenizing the phrase text again with character tokens, less those standing alone (a
  /// lone character is scored as itself, with weight 1).
  package static func bigramCharacters(_ phrase: QueryPhrase) -> [String] {
    var characters: [(range: Range<Int>, text: String)] = []
    var lone: Set<Range<Int>> = []
    Tokenizer(emitsCharacters: true).tokenize(phrase.text) { token, term in
      switch token.kind {
      case .character: characters.append((token.range, String(decoding: term, as: UTF8.self)))
      case .single: lone.insert(token.range)
      default: break
      }
    }
    return characters.filter { !lone.contains($0.range) }.map(\.text)
  }

  /// Every matching document, best first (ties: lower document first).
  package func search(
    _ query: Query, mode: MatchMode, k1: Double, b: Double,
    characterWeight: Double = SearchOptions.defaultCharacterWeight,
    characterShareLimit: Double = SearchOptions.defaultCharacterShareLimit,
    characterFrequencyFloor: Int = SearchOptions().characterFrequencyFloor
  ) -> [Result] {
    let query = expanded(query, mode: mode)
    // Scored keys with their query weights, in query order.
    var keys: [[UInt8]] = []
    var qtf: [[UInt8]: Double] = [:]
    func add(_ key: [UInt8], _ weight: Double) {
      if qtf[key] == nil { keys.append(key) }
      qtf[key, default: 0] += weight
    }
    for phrase in query.clauses.flatMap({ $0 }) {
      for term in phrase.terms {
        let character = mode == .any ? term.kind == .character : term.kind != .term
        add(character ? Self.characterKey(term.text) : Array(term.text.utf8), 1)
      }
      if mode == .ranked && characterWeight > 0 {
        for c in Self.bigramCharacters(phrase) { add(Self.characterKey(c), characterWeight) }
      }
    }
    if mode == .ranked {
      // Characters of bigrams in more than the share limit of the documents are not scored;
      // characters typed alone always are.
      var typed = Set<[UInt8]>()
      for phrase in query.clauses.flatMap({ $0 }) {
        for term in phrase.terms where term.kind != .term {
          typed.insert(Self.characterKey(term.text))
        }
      }
      keys.removeAll { key in
        guard key.first == IndexFormat.characterTermMarker, !typed.contains(key) else {
          return false
        }
        let df = postings[key]?.count ?? 0
        return Double(df) > characterShareLimit * Double(documentCount)
          && df > characterFrequencyFloor
      }
    }
    // Quoted clauses stay required in the bag-of-terms modes.
    let required =
      mode == .all ? [] : query.clauses.filter { $0.allSatisfy { $0.isQuoted || $0.isRequired } }
    var results: [Result] = []
    for doc in 0..<documentCount {
      let positive: Bool
      switch mode {
      case .all:
        positive = query.clauses.allSatisfy { $0.contains { phraseMatches($0, doc) } }
      case .any, .ranked:
        // A document matching the quoted phrases holds their terms, scored or not.
        positive =
          required.isEmpty
          ? keys.contains { postings[$0]?[doc] != nil }
          : required.allSatisfy { $0.contains { phraseMatches($0, doc) } }
      }
      guard positive, !query.exclusions.contains(where: { phraseMatches($0, doc) }) else {
        continue
      }
      var score = 0.0
      var matches = 0
      let n = Double(documentCount)
      let dl = Double(lengths[doc])
      for key in keys {
        guard let list = postings[key], let positions = list[doc] else { continue }
        let df = Double(list.count)
        let idf = Foundation.log(1 + (n - df + 0.5) / (df + 0.5))
        let tf = Double(positions.count)
        score += qtf[key]! * idf * tf / (tf + k1 * (1 - b + b * dl / averageLength))
        matches += positions.count
      }
      results.append(Result(document: doc, score: score, matches: matches))
    }
    return results.sorted { ($0.score, -$0.document) > ($1.score, -$1.document) }
  }

  /// `query` with prefix words (`ab*`) and, outside `.any` mode, bare Latin words (`ab`, also
  /// glued to a number: `ab12`) given the corpus's matching terms as alternatives: the ones in
  /// the most documents first (ties by bytes), as many as the limits and the term budget allow.
  func expanded(_ query: Query, mode: MatchMode) -> Query {
    let vocabulary = postings.keys.filter { $0.first.map { $0 > 0x03 } ?? false }
    var budget = 128
    for phrase in query.clauses.flatMap({ $0 }) + query.exclusions { budget -= phrase.terms.count }
    func alternatives(_ phrase: QueryPhrase, besides typed: [QueryPhrase]) -> [QueryPhrase] {
      guard !phrase.isQuoted, phrase.terms.count == 1, phrase.terms[0].kind == .term else {
        return []
      }
      let word = Array(phrase.terms[0].text.utf8)
      let isLetters = word.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
      var found: [[UInt8]]
      let limit: Int
      if phrase.isPrefix {
        found = vocabulary.filter { $0.count > word.count && $0.starts(with: word) }
        limit = QueryExpansion.maximumPrefixTerms
      } else if mode != .any && isLetters {
        found = vocabulary.filter {
          $0.count > word.count && $0.starts(with: word) && (0x30...0x39).contains($0[word.count])
        }
        limit = QueryExpansion.maximumGluedTerms
      } else {
        return []
      }
      let words = typed.filter { $0.terms.count == 1 && $0.terms[0].kind == .term }
      found.removeAll { term in words.contains { Array($0.terms[0].text.utf8) == term } }
      found.sort { a, b in
        let (x, y) = (postings[a]!.count, postings[b]!.count)
        return x != y ? x > y : a.lexicographicallyPrecedes(b)
      }
      let kept = Array(found.prefix(max(0, min(limit, budget))))
      budget -= kept.count
      return kept.map { term in
        let text = String(decoding: term, as: UTF8.self)
        var alternative = QueryPhrase(
          text: text, terms: [QueryTerm(text: text, position: 0, kind: .term)])
        alternative.isRequired = phrase.isRequired
        return alternative
      }
    }
    var result = query
    result.clauses = query.clauses.map { clause in
      clause.flatMap { [$0] + alternatives($0, besides: clause) }
    }
    result.exclusions = query.exclusions.flatMap {
      [$0] + alternatives($0, besides: query.exclusions)
    }
    return result
  }
}
