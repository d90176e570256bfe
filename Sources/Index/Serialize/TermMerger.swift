/// The k-way merge of the segments' terms into the file's one term order (UTF-8 byte order).
///
/// Each segment lists its terms sorted (`SegmentResult.sortedTerms`); the merge walks the k
/// lists at once and, per merged term, says where it is in each segment, so that the term
/// encoder reads every segment's blob of a term together.
enum TermMerger {
  /// The merged term order: per term, per segment the term's `SortedTerm.ref` in it or
  /// `SortedTerm.absent` (`segments.count` entries a term).
  static func merge(_ segments: [SegmentResult]) -> [UInt64] {
    let k = segments.count
    if k == 1 { return segments[0].sortedTerms.map { $0.ref } }
    let sorted = segments.map { $0.sortedTerms }
    let bases = segments.map { $0.base }
    var merged: [UInt64] = []
    merged.reserveCapacity(sorted.reduce(0) { $0 + $1.count } * k)
    var cursors = [Int](repeating: 0, count: k)
    while true {
      let smallest = smallestNext(sorted, bases, cursors)
      guard smallest >= 0 else { break }
      let current = sorted[smallest][cursors[smallest]]
      for s in 0..<k {
        if cursors[s] < sorted[s].count
          && (s == smallest
            || SortedTerm.compare(sorted[s][cursors[s]], bases[s], current, bases[smallest]) == 0)
        {
          merged.append(sorted[s][cursors[s]].ref)
          cursors[s] += 1
        } else {
          merged.append(SortedTerm.absent)
        }
      }
    }
    return merged
  }

  /// The segment whose next term is the smallest (the first such), or -1 when all are done.
  @inline(__always)
  private static func smallestNext(
    _ sorted: [[SortedTerm]], _ bases: [UnsafePointer<UInt8>], _ cursors: [Int]
  ) -> Int {
    var smallest = -1
    for s in 0..<sorted.count where cursors[s] < sorted[s].count {
      if smallest < 0
        || SortedTerm.compare(
          sorted[s][cursors[s]], bases[s], sorted[smallest][cursors[smallest]], bases[smallest])
          < 0
      {
        smallest = s
      }
    }
    return smallest
  }
}
