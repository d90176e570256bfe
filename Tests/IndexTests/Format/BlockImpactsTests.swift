import TestSupport
import Testing

@testable import Index

@Suite struct BlockImpactsTests {
  /// The written frontier equals the pairs that no other pair beats, found by brute force, and
  /// reads back with its bounds.
  @Test func frontierIsTheUndominatedPairs() throws {
    var rng = SeededGenerator(seed: 99)
    for trial in 0..<500 {
      let n = Int.random(in: 1...128, using: &rng)
      let maxFrequency = UInt32([1, 3, 10, 100, 1000][trial % 5])
      var pairs: [(UInt32, UInt32)] = []
      for _ in 0..<n {
        pairs.append(
          (
            UInt32.random(in: 1...maxFrequency, using: &rng),
            UInt32.random(in: 1...2000, using: &rng)
          ))
      }
      var impacts = BlockImpacts()
      for (f, l) in pairs { impacts.add(frequency: f, length: l) }
      var out = OutputBuffer()
      impacts.write(into: &out)
      let bytes = Array(UnsafeBufferPointer(start: out.base, count: out.count))
      var read: [(UInt32, UInt32)] = []
      let reader = try bytes.withUnsafeBytes { raw in
        var r = ByteReader(raw, from: 0, to: raw.count, section: "test")
        let result = try BlockImpactsReader(&r) { read.append(($0, $1)) }
        #expect(r.isAtEnd)
        return result
      }
      // Brute force: pairs not beaten by another with >= frequency and <= length (distinct).
      var expected = Set<[UInt32]>()
      for (f, l) in pairs {
        let beaten = pairs.contains { $0.0 >= f && $0.1 <= l && ($0.0 != f || $0.1 != l) }
        if !beaten { expected.insert([f, l]) }
      }
      #expect(Set(read.map { [$0.0, $0.1] }) == expected)
      #expect(read.map(\.0) == read.map(\.0).sorted())
      #expect(reader.maxFrequency == pairs.map(\.0).max())
      #expect(reader.minLength == pairs.map(\.1).min())
    }
  }
}
