import TestSupport
import Testing

@testable import Index

/// The document iterators a query plan is built from, against set operations on random lists:
/// `Disjunction` yields the union, `Conjunction` the intersection, whether stepped one
/// document at a time or skipped to random targets, and neither asks a part to move back.
@Suite struct DocIteratorTests {
  /// The documents of `lists`, united or intersected as sets.
  static func expected(_ lists: [[UInt32]], union: Bool) -> [UInt32] {
    var sets = lists.map(Set.init)
    var result = sets.removeFirst()
    for set in sets { result = union ? result.union(set) : result.intersection(set) }
    return result.sorted()
  }

  /// Skips through `iterator` to random increasing targets; at each, the iterator must stand
  /// on the first expected document at or after the target.
  static func checkSkips(
    _ iterator: any DocIterator, _ want: [UInt32], limit: Int,
    _ rng: inout SeededGenerator
  ) throws -> [String] {
    var failures: [String] = []
    var target: UInt32 = 0
    while target <= UInt32(limit) {
      try iterator.advance(to: target)
      let next = want.first { $0 >= target } ?? PostingsCursor.end
      let current = iterator.document
      if current != next { failures.append("target \(target): at \(current), expected \(next)") }
      if current == PostingsCursor.end { break }
      // At or after the current document (at it: advancing there changes nothing).
      target = current + UInt32(rng.below(40))
    }
    return failures
  }

  @Test func unionIsTheSetUnion() throws {
    var rng = SeededGenerator(seed: 1201)
    var failures: [String] = []
    var nonEmpty = 0
    for round in 0..<400 {
      let limit = 1 + rng.below(400)
      let lists = randomLists(&rng, count: 1 + rng.below(5), limit: limit)
      let want = Self.expected(lists, union: true)
      if !want.isEmpty { nonEmpty += 1 }
      let parts = lists.map(ListIterator.init)
      let union = try Disjunction(parts)
      #expect(union.cost == lists.reduce(0) { $0 + $1.count })
      let got = try drain(union)
      if got != want { failures.append("round \(round): \(got) != \(want)") }
      if parts.contains(where: \.movedBackwards) { failures.append("round \(round): backwards") }
      let skipping = try Disjunction(lists.map(ListIterator.init))
      failures += try Self.checkSkips(skipping, want, limit: limit, &rng).map {
        "round \(round) skip \($0)"
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(5))")
    #expect(nonEmpty > 300)
  }

  @Test func conjunctionIsTheSetIntersection() throws {
    var rng = SeededGenerator(seed: 1202)
    var failures: [String] = []
    var nonEmpty = 0
    for round in 0..<400 {
      let limit = 1 + rng.below(400)
      let lists = randomLists(&rng, count: 1 + rng.below(5), limit: limit)
      let want = Self.expected(lists, union: false)
      if !want.isEmpty { nonEmpty += 1 }
      let parts = lists.map(ListIterator.init)
      let conjunction = try Conjunction(parts)
      // The rarest part leads, so the conjunction costs what its rarest part costs.
      #expect(conjunction.cost == lists.map(\.count).min()!)
      let got = try drain(conjunction)
      if got != want { failures.append("round \(round): \(got) != \(want)") }
      if parts.contains(where: \.movedBackwards) { failures.append("round \(round): backwards") }
      let skipping = try Conjunction(lists.map(ListIterator.init))
      failures += try Self.checkSkips(skipping, want, limit: limit, &rng).map {
        "round \(round) skip \($0)"
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(5))")
    #expect(nonEmpty > 100)
  }

  /// A conjunction of unions (an AND of ORs), as the planner builds for `a OR b` beside `c`.
  @Test func conjunctionOfUnionsIsTheSetExpression() throws {
    var rng = SeededGenerator(seed: 1203)
    var failures: [String] = []
    for round in 0..<300 {
      let limit = 1 + rng.below(300)
      let groups = (0..<1 + rng.below(3)).map { _ in
        randomLists(&rng, count: 1 + rng.below(3), limit: limit)
      }
      let want = Self.expected(groups.map { Self.expected($0, union: true) }, union: false)
      let tree = try Conjunction(
        try groups.map { try Disjunction($0.map(ListIterator.init)) })
      let got = try drain(tree)
      if got != want { failures.append("round \(round): \(got) != \(want)") }
    }
    #expect(failures.isEmpty, "\(failures.prefix(5))")
  }
}
