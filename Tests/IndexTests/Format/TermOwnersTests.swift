import TestSupport
import Testing

@testable import Index

/// The format's term owners: the term index entry (`TermIndexEntry`) reads back what it writes,
/// at the size each version gives it, and the dictionary order (`TermOrder`) is the byte order
/// with a prefix first.
@Suite struct TermOwnersTests {
  /// An entry written at the current size reads back its block offset and key, the key in
  /// big-endian order (its bytes are the term's first 8).
  @Test func indexEntriesReadBackWhatTheyWrite() {
    var rng = SeededGenerator(seed: 11)
    var out = OutputBuffer()
    var written: [(Int, UInt64)] = []
    for _ in 0..<50 {
      let entry = (Int(rng.next() >> 20), rng.next())
      TermIndexEntry.write(blockOffset: entry.0, key: entry.1, to: &out)
      written.append(entry)
    }
    let bytes = Array(out.bytes)
    #expect(TermIndexEntry.writtenSize == FormatFeatures.current.termIndexEntrySize)
    #expect(bytes.count == written.count * TermIndexEntry.writtenSize)
    bytes.withUnsafeBytes { raw in
      for (i, entry) in written.enumerated() {
        let at = i * TermIndexEntry.writtenSize
        #expect(TermIndexEntry.blockOffset(raw, entryAt: at) == UInt64(entry.0))
        #expect(TermIndexEntry.key(raw, entryAt: at) == entry.1)
      }
    }
    let term: [UInt8] = Array("abcdefghij".utf8)
    var keyed = OutputBuffer()
    let key = term.withUnsafeBytes { TermKey.of($0) }
    TermIndexEntry.write(blockOffset: 0, key: key, to: &keyed)
    #expect(Array(Array(keyed.bytes)[TermIndexEntry.keyOffset...]) == Array(term[0..<8]))
  }

  /// Versions without term index keys have 8-byte entries, the others 16.
  @Test(arguments: 1...6)
  func entrySizeFollowsTheVersion(version: Int) {
    let features = FormatFeatures(version: version)
    #expect(
      TermIndexEntry.size(hasKey: features.hasTermIndexKeys) == (version >= 3 ? 16 : 8))
  }

  /// The order of random short byte strings is Swift's lexicographic order of their bytes.
  @Test func termOrderIsByteOrderWithPrefixesFirst() {
    var rng = SeededGenerator(seed: 12)
    for _ in 0..<2000 {
      let a = (0..<rng.below(5)).map { _ in UInt8(rng.below(3)) }
      let b = (0..<rng.below(5)).map { _ in UInt8(rng.below(3)) }
      let expected = a == b ? 0 : (a.lexicographicallyPrecedes(b) ? -1 : 1)
      let raw = a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in TermOrder.compare(pa, pb) } }
      let typed = a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in TermOrder.compare(pa, pb) }
      }
      #expect(raw.signum() == expected)
      #expect(typed.signum() == expected)
    }
  }
}
