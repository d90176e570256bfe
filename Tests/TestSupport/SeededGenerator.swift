/// A small, fast, seeded generator (SplitMix64), so random tests repeat exactly.
///
/// The one copy every test target draws from: the same seed gives the same sequence in the
/// tokenizer's invariant tests, the index's round trips and oracles, and the snippet oracle.
package struct SeededGenerator: RandomNumberGenerator {
  package var state: UInt64

  package init(seed: UInt64) { state = seed }

  package mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `0..<n` by plain modulo (not `Int.random(in:)`'s rejection sampling), so
  /// that the sequences the snippet oracle was written against repeat.
  package mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
