/// When segments are merged: which run of segments a commit merges, and when the whole file
/// is rewritten (compacted).
///
/// Like Lucene's `LogByteSizeMergePolicy`: segments have levels by size (a factor of
/// `factor` a level), and when the last `factor` segments are all of one level, they merge
/// into one of the next level; so `n` one-document commits cost O(n log n) in all, and the
/// index keeps at most `factor − 1` segments a level. Segments of the flush size (a build's
/// full segments) are never merged this way: merging them would cost a whole rewrite, which
/// compaction does when it pays (`search optimize`, or when deleted documents or dead bytes
/// pass their share).
package struct MergePolicy {
  /// Segments merged at once, and the size ratio between levels.
  var factor = 8
  /// A segment this large (image bytes) or larger is full: never merged but by compaction.
  var fullSize: Int
  /// The size of level 0's largest segment.
  var levelUnit = 256 << 10
  /// Compaction when the index has more segments than this (full segments accumulate one a
  /// flush: a build of 3 GB at the default budget makes about 64)…
  var maxSegments = 64
  /// …or this share of the document numbers is deleted…
  var deletedShare = 0.3
  /// …or this share of the file is dead bytes (superseded segments and records) …
  var deadShare = 0.5
  /// …and the file is at least this large (a small file is cheap either way).
  var compactionMinimum = 1 << 20

  /// The level of a segment of `size` image bytes.
  func level(_ size: Int) -> Int {
    var level = 0
    var limit = levelUnit
    while size >= limit && level < 16 {
      level += 1
      limit = limit &* factor
    }
    return level
  }

  /// The run of segments to merge next, if any: the latest `factor` consecutive segments
  /// that are all of one level, none full, and together below the full size (a level left
  /// with `factor` segments after an earlier merge is found on the next call).
  func nextMerge(_ segments: [Manifest.Segment]) -> Range<Int>? {
    guard segments.count >= factor else { return nil }
    for start in stride(from: segments.count - factor, through: 0, by: -1) {
      let run = start..<(start + factor)
      let sizes = run.map { segments[$0].image.length }
      guard sizes.allSatisfy({ $0 < fullSize }), sizes.reduce(0, +) < fullSize else { continue }
      if Set(sizes.map(level)).count == 1 { return run }
    }
    return nil
  }

  /// Whether the file of `fileSize` bytes holding `segments` should be rewritten whole.
  func needsCompaction(_ segments: [Manifest.Segment], fileSize: Int) -> Bool {
    guard fileSize >= compactionMinimum else { return false }
    if segments.count > maxSegments { return true }
    var numbers = 0
    var deleted = 0
    var live = CommitSlot.headerSize
    for segment in segments {
      numbers += segment.documentCount
      deleted += segment.documentCount - segment.liveCount
      live += segment.image.length + segment.table.length
      for record in segment.deletions { live += record.length }
    }
    if numbers > 0 && Double(deleted) >= deletedShare * Double(numbers) { return true }
    return Double(fileSize - live) >= deadShare * Double(fileSize)
  }
}
