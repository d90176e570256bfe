import TestSupport
import Testing

@testable import Index

/// `TermConjunction` and `PhraseMatcher` over a real index of random word
/// sequences, against brute force over the reference postings (`ReferenceIndex`, which
/// tokenizes every document again): the conjunction yields the documents holding every term,
/// and a phrase matches exactly where some start s ≥ 0 has every token i at s + offset(i).
@Suite struct PhraseMatcherTests {
  static let vocabulary = ["ab", "cd", "ef", "gh", "ij", "kl"]

  /// Word sequences, the first words far more frequent, so that some postings span many
  /// blocks and some are short.
  static let corpus: [Document] = {
    var rng = SeededGenerator(seed: 1301)
    return (0..<1500).map { d in
      let words = (0..<1 + rng.below(30)).map { _ in
        vocabulary[min(rng.below(vocabulary.count), rng.below(vocabulary.count))]
      }
      return Document(id: "w\(d)", text: words.joined(separator: " "))
    }
  }()

  static let reference = ReferenceIndex(corpus)
  static let reader: SegmentReader = {
    let writer = IndexWriter()
    for doc in corpus { writer.add(doc) }
    return try! SegmentReader(bytes: try! writer.buildImage())
  }()

  /// document → positions of `word`, from the reference.
  static func positions(_ word: String) -> [Int: Set<Int>] {
    var out: [Int: Set<Int>] = [:]
    for posting in reference.postings[Array(word.utf8)] ?? [] {
      out[Int(posting.document)] = Set(posting.positions.map(Int.init))
    }
    return out
  }

  /// The documents where the words stand at the offsets, the slow way.
  static func bruteForce(_ words: [String], _ offsets: [Int]) -> [UInt32] {
    let lists = words.map(positions)
    var out: [UInt32] = []
    for d in 0..<corpus.count {
      let sets = lists.map { $0[d] ?? [] }
      let starts = sets[0].map { $0 - offsets[0] }.filter { $0 >= 0 }
      if starts.contains(where: { s in
        offsets.indices.allSatisfy { sets[$0].contains(s + offsets[$0]) }
      }) {
        out.append(UInt32(d))
      }
    }
    return out
  }

  /// One source per distinct word, shared by the slots that repeat it (as the planner's pool
  /// shares them), and the phrase matcher over them.
  static func matcher(_ words: [String], _ offsets: [Int]) throws -> PhraseMatcher {
    let counters = WorkCounters()
    var distinct: [String] = []
    var sources: [TermIterator] = []
    for word in words where !distinct.contains(word) {
      let info = try #require(try reader.lookup(word))
      distinct.append(word)
      sources.append(TermIterator(reader: reader, info: info, counters: counters))
    }
    let slots = words.map { PhraseMatcher.Slot.term(sources[distinct.firstIndex(of: $0)!]) }
    return PhraseMatcher(slots: slots, offsets: offsets, required: sources)
  }

  /// A random phrase: 1 to 4 words at increasing offsets from 0, gaps of 1 or 2, sometimes a
  /// word twice.
  static func randomPhrase(_ rng: inout SeededGenerator) -> (words: [String], offsets: [Int]) {
    let count = 1 + rng.below(4)
    var words: [String] = []
    var offsets: [Int] = []
    var offset = 0
    for _ in 0..<count {
      words.append(vocabulary[rng.below(vocabulary.count)])
      offsets.append(offset)
      offset += rng.below(4) == 0 ? 2 : 1
    }
    return (words, offsets)
  }

  @Test func termConjunctionIsTheIntersectionOfPostings() throws {
    var rng = SeededGenerator(seed: 1302)
    for _ in 0..<40 {
      var words: [String] = []
      for _ in 0..<1 + rng.below(4) {
        let word = Self.vocabulary[rng.below(Self.vocabulary.count)]
        if !words.contains(word) { words.append(word) }
      }
      let counters = WorkCounters()
      let sources = try words.map { word in
        TermIterator(
          reader: Self.reader, info: try #require(try Self.reader.lookup(word)),
          counters: counters)
      }
      let want = words.map { Set(Self.positions($0).keys) }.reduce(Set(0..<Self.corpus.count)) {
        $0.intersection($1)
      }.sorted().map { UInt32($0) }
      let conjunction = try TermConjunction(sources)
      #expect(conjunction.cost == sources.map(\.cost).min()!)
      #expect(try drain(conjunction) == want, "\(words)")
    }
  }

  /// Asked document by document (as exclusions ask), the matcher agrees with brute force.
  @Test func phraseMatchesAtEveryDocument() throws {
    var rng = SeededGenerator(seed: 1303)
    var matched = 0
    for _ in 0..<60 {
      let (words, offsets) = Self.randomPhrase(&rng)
      let want = Self.bruteForce(words, offsets)
      matched += want.count
      let matcher = try Self.matcher(words, offsets)
      var got: [UInt32] = []
      for d in 0..<UInt32(Self.corpus.count) where try matcher.matches(at: d) { got.append(d) }
      #expect(got == want, "\(words) at \(offsets)")
    }
    #expect(matched > 1000)
  }

  /// Driven as a query plan drives it: the conjunction of the required sources proposes
  /// candidates, and `positionsMatch` checks each.
  @Test func phraseMatchesOnConjunctionCandidates() throws {
    var rng = SeededGenerator(seed: 1304)
    for _ in 0..<60 {
      let (words, offsets) = Self.randomPhrase(&rng)
      let want = Self.bruteForce(words, offsets)
      let matcher = try Self.matcher(words, offsets)
      let candidates = try TermConjunction(matcher.required)
      var got: [UInt32] = []
      while candidates.document != PostingsCursor.end {
        let d = candidates.document
        let matches = try matcher.isPresenceOnly ? true : matcher.positionsMatch(at: d)
        if matches { got.append(d) }
        try candidates.advance(to: d + 1)
      }
      #expect(got == want, "\(words) at \(offsets)")
      #expect(matcher.isPresenceOnly == (words.count == 1))
    }
  }
}
