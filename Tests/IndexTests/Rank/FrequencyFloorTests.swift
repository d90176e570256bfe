import TestSupport
import Testing

@testable import Index

/// `BlockBounds.frequencyFloor`, the pruning floor of the one-term block scorer: below
/// it no frequency can reach the threshold at the block's shortest length, and it is at most
/// two below the smallest frequency that does (one for rounding down, one for the margin that
/// covers floating-point error), found by trying every frequency in turn.
@Suite struct FrequencyFloorTests {
  /// The smallest frequency whose score reaches `threshold`, by trying 1, 2, …; nil when none
  /// up to `limit` does.
  static func smallestReaching(
    _ threshold: Double, weight: Double, norm: Double, _ bm25: BM25, limit: UInt32
  ) -> UInt32? {
    (1...limit).first { bm25.score(weight: weight, frequency: $0, norm: norm) >= threshold }
  }

  @Test func theFloorIsSafeAndTight() {
    var rng = SeededGenerator(seed: 1701)
    var failures: [String] = []
    var above = 0
    for round in 0..<3000 {
      let k1 = Double(rng.below(300)) / 100
      let b = Double(rng.below(101)) / 100
      let bm25 = BM25(k1: k1, b: b, averageLength: 20, documentCount: 1000)
      let minNorm = bm25.norm(length: UInt32(rng.below(80)))
      let weight = 0.01 + Double(rng.below(2000)) / 100
      // Thresholds below the weight (where a floor is possible), at it and above it.
      let ratio = Double(rng.below(1100)) / 1000
      let threshold = weight * ratio
      let floor = BlockBounds.frequencyFloor(
        weight: weight, minNorm: minNorm, threshold: threshold)
      let label = "round \(round): w \(weight) n \(minNorm) t \(threshold) floor \(floor)"
      guard floor > 1 else {
        // No floor: nothing is pruned, which is always safe.
        if floor != 1 { failures.append(label) }
        continue
      }
      above += 1
      // Safe: every frequency below the floor scores below the threshold (scores rise with f).
      if bm25.score(weight: weight, frequency: UInt32(floor - 1), norm: minNorm) >= threshold {
        failures.append("\(label): unsafe")
      }
      // Tight: the first frequency reaching the threshold is at most two above the floor.
      let reaching = Self.smallestReaching(
        threshold, weight: weight, norm: minNorm, bm25, limit: UInt32(floor) + 2)
      if reaching == nil || reaching! < UInt32(floor) {
        failures.append("\(label): first reaching \(String(describing: reaching))")
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(5))")
    #expect(above > 1000)
  }

  /// No floor without a positive threshold, a positive norm, or a weight above the threshold
  /// (no frequency can reach it then, but pruning is left to the block bound).
  @Test func noFloorWhereNoneApplies() {
    #expect(BlockBounds.frequencyFloor(weight: 2, minNorm: 1, threshold: -.infinity) == 1)
    #expect(BlockBounds.frequencyFloor(weight: 2, minNorm: 1, threshold: 0) == 1)
    #expect(BlockBounds.frequencyFloor(weight: 2, minNorm: 0, threshold: 1) == 1)
    #expect(BlockBounds.frequencyFloor(weight: 2, minNorm: 1, threshold: 2) == 1)
    #expect(BlockBounds.frequencyFloor(weight: 2, minNorm: 1, threshold: 3) == 1)
    // w·f/(f + n) ≥ t ⇔ f ≥ t·n/(w − t): w 2, n 3, t 1.5 gives 9, floor 8 (the margin).
    #expect(BlockBounds.frequencyFloor(weight: 2, minNorm: 3, threshold: 1.5) == 8)
    #expect(BlockBounds.frequencyFloor(weight: 2, minNorm: 3, threshold: 1.4) == 6)
  }
}
