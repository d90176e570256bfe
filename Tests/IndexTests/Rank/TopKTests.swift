import TestSupport
import Testing

@testable import Index

/// `TopK` against sorting everything: the kept entries are the first `capacity` of all offers
/// ranked by score (higher first), then document (lower first); the threshold is the k-th
/// best score so far; `wouldEnter` and `insert` agree with that ranking.
@Suite struct TopKTests {
  struct Kept: Equatable {
    var score: Double
    var document: UInt32
    var matches: Int
  }

  /// The rule: a ranks before b.
  static func ranksBefore(_ a: Kept, _ b: Kept) -> Bool {
    a.score > b.score || (a.score == b.score && a.document < b.document)
  }

  static func kept(_ top: TopK) -> [Kept] {
    top.sorted().map { Kept(score: $0.score, document: $0.document, matches: $0.matches) }
  }

  /// Documents arrive in increasing order, as the match paths offer them; scores come from a
  /// few levels, so ties are everywhere.
  @Test func increasingDocumentsKeepTheSortedPrefix() {
    var rng = SeededGenerator(seed: 1401)
    var failures: [String] = []
    for round in 0..<600 {
      let capacity = rng.below(12)
      let levels = 1 + rng.below(5)
      var top = TopK(capacity: capacity)
      var offered: [Kept] = []
      var document: UInt32 = UInt32(rng.below(3))
      for _ in 0..<rng.below(50) {
        let entry = Kept(
          score: Double(rng.below(levels)) * 0.25, document: document, matches: rng.below(9))
        document += 1 + UInt32(rng.below(3))
        let ranked = (offered + [entry]).sorted(by: Self.ranksBefore)
        // It enters if it is among the best `capacity` of everything offered so far.
        let enters = ranked.prefix(capacity).contains(entry)
        if top.wouldEnter(entry.score) != enters { failures.append("round \(round): wouldEnter") }
        let inserted = top.insert(
          score: entry.score, document: entry.document, matches: entry.matches)
        if inserted != enters { failures.append("round \(round): insert returned \(inserted)") }
        offered.append(entry)
        let threshold: Double =
          capacity == 0
          ? .infinity
          : offered.count < capacity
            ? -.infinity
            : ranked[capacity - 1].score
        if top.threshold != threshold {
          failures.append("round \(round): threshold \(top.threshold), expected \(threshold)")
        }
      }
      let want = Array(offered.sorted(by: Self.ranksBefore).prefix(capacity))
      if Self.kept(top) != want { failures.append("round \(round): \(Self.kept(top)) != \(want)") }
    }
    #expect(failures.isEmpty, "\(failures.prefix(5))")
  }

  /// Out of order (the one-term path visits blocks best first): a tie with a lower document
  /// number still displaces the kept one, and the result is the same sorted prefix.
  @Test func anyArrivalOrderKeepsTheSortedPrefix() {
    var rng = SeededGenerator(seed: 1402)
    var failures: [String] = []
    for round in 0..<600 {
      let capacity = rng.below(10)
      let count = rng.below(60)
      var entries = (0..<count).map {
        Kept(score: Double(rng.below(4)), document: UInt32($0 * 2), matches: $0)
      }
      entries.shuffle(using: &rng)
      var top = TopK(capacity: capacity)
      var offered: [Kept] = []
      for entry in entries {
        let enters = (offered + [entry]).sorted(by: Self.ranksBefore).prefix(capacity).contains(
          entry)
        let inserted = top.insert(
          score: entry.score, document: entry.document, matches: entry.matches)
        if inserted != enters { failures.append("round \(round): insert returned \(inserted)") }
        offered.append(entry)
      }
      let want = Array(offered.sorted(by: Self.ranksBefore).prefix(capacity))
      if Self.kept(top) != want { failures.append("round \(round): \(Self.kept(top)) != \(want)") }
    }
    #expect(failures.isEmpty, "\(failures.prefix(5))")
  }

  /// Hand-checked ties: equal scores keep the lower documents; a later equal score never
  /// enters a full list; capacity 0 keeps nothing and lets nothing in.
  @Test func tiesAndCapacity() {
    var top = TopK(capacity: 2)
    #expect(top.threshold == -.infinity)
    var kept: [Bool] = []
    kept.append(top.insert(score: 1, document: 3, matches: 1))
    kept.append(top.insert(score: 1, document: 5, matches: 2))
    #expect(top.threshold == 1)
    #expect(!top.wouldEnter(1))
    kept.append(top.insert(score: 1, document: 7, matches: 3))
    kept.append(top.insert(score: 1, document: 4, matches: 4))
    #expect(top.sorted().map(\.document) == [3, 4])
    kept.append(top.insert(score: 2, document: 9, matches: 5))
    #expect(kept == [true, true, false, true, true])
    #expect(top.sorted().map(\.document) == [9, 3])
    #expect(top.sorted().map(\.matches) == [5, 1])
    #expect(top.threshold == 1)

    var none = TopK(capacity: 0)
    #expect(none.threshold == .infinity)
    #expect(!none.wouldEnter(.greatestFiniteMagnitude))
    let entered = none.insert(score: 5, document: 0, matches: 1)
    #expect(!entered)
    #expect(none.sorted().isEmpty)
    #expect(TopK(capacity: -3).capacity == 0)
  }
}
