/// One term of a flattened segment, for sorting and merging: its `TermKey` and its length and
/// blob offset (see `TermBlob`), 16 bytes.
///
/// Most comparisons are decided by the key alone, so sorting and merging millions of terms
/// rarely touches their bytes.
struct SortedTerm {
  /// The term's `TermKey`.
  var prefix: UInt64
  /// `length << 40 | offset`.
  var ref: UInt64

  /// The `ref` that marks a term absent from a segment in the merged order.
  static let absent = UInt64.max

  @inline(__always)
  init(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int) {
    prefix = TermKey.of(bytes)
    ref = UInt64(bytes.count) << 40 | UInt64(offset)
  }

  @inline(__always)
  static func length(_ ref: UInt64) -> Int { Int(truncatingIfNeeded: ref >> 40) }

  @inline(__always)
  static func offset(_ ref: UInt64) -> Int { Int(truncatingIfNeeded: ref & (1 << 40 - 1)) }

  /// The bytes of the term `ref` in the blobs at `base`.
  @inline(__always)
  static func bytes(_ ref: UInt64, _ base: UnsafePointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: base + offset(ref), count: length(ref))
  }

  /// The byte-wise order of two terms (each with its blobs): negative, zero or positive.
  @inline(__always)
  static func compare(
    _ a: SortedTerm, _ aBase: UnsafePointer<UInt8>, _ b: SortedTerm, _ bBase: UnsafePointer<UInt8>
  ) -> Int {
    if a.prefix != b.prefix { return a.prefix < b.prefix ? -1 : 1 }
    let m = length(a.ref)
    let n = length(b.ref)
    // Equal zero-padded prefixes of terms of at most 8 bytes: the shorter term is the smaller.
    if m <= 8 && n <= 8 { return m - n }
    return TermOrder.compare(bytes(a.ref, aBase), bytes(b.ref, bBase))
  }

  /// Runs of terms, each sorted, no term in two runs, all in the blobs at `base`, merged into
  /// one sorted list.
  static func merge(_ runs: [[SortedTerm]], base: UnsafePointer<UInt8>) -> [SortedTerm] {
    var merged: [SortedTerm] = []
    merged.reserveCapacity(runs.reduce(0) { $0 + $1.count })
    var next = [Int](repeating: 0, count: runs.count)
    while true {
      var smallest = -1
      for r in runs.indices where next[r] < runs[r].count {
        if smallest < 0
          || compare(runs[r][next[r]], base, runs[smallest][next[smallest]], base) < 0
        {
          smallest = r
        }
      }
      guard smallest >= 0 else { return merged }
      merged.append(runs[smallest][next[smallest]])
      next[smallest] += 1
    }
  }
}
