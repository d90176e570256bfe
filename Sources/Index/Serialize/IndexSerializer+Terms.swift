import Dispatch

extension IndexSerializer {
  /// Terms are encoded in runs of this many (a multiple of the dictionary block size: runs hold
  /// whole blocks), so that threads can share the work and the bytes stay the same.
  static let termRunLength = 1 << 14

  /// Writes the segment's terms, in byte order: postings, positions and dictionary.
  ///
  /// Terms are encoded in runs, on `threads` threads when there are several (with `stored` as
  /// one more work item), each run with its dictionary blocks (offsets relative to the run);
  /// the runs are concatenated in order, so the bytes do not depend on the thread count. The
  /// segment's terms are freed once encoded.
  func writeTerms(lengths: [UInt32], alongside stored: StoredDocumentsWriter?) -> TermSections {
    let termCount = segment.sortedTerms.count
    let runLength = IndexSerializer.termRunLength
    let runCount = (termCount + runLength - 1) / runLength
    let runs = UnsafeMutableBufferPointer<EncodedTerms?>.allocate(capacity: runCount)
    runs.initialize(repeating: nil)
    defer {
      runs.deinitialize()
      runs.deallocate()
    }
    segment.sortedTerms.withUnsafeBufferPointer { terms in
      lengths.withUnsafeBufferPointer { lengths in
        let encoder = TermRunEncoder(
          blobs: segment.base, terms: terms, lengths: lengths, runs: runs, runLength: runLength)
        encodeRuns(encoder, count: runCount, alongside: stored)
      }
    }
    segment.releaseTerms()
    let out = DictionaryWriter.write(runs: runs.map { $0! })
    out.termCount = termCount
    return out
  }

  /// Encodes every run, and runs `stored` too when it is given, spreading them over `threads`.
  private func encodeRuns(
    _ encoder: TermRunEncoder, count runCount: Int, alongside stored: StoredDocumentsWriter?
  ) {
    guard let stored else {
      for r in 0..<runCount { encoder.encode(run: r) }
      return
    }
    let next = WorkItemCounter()
    // Item 0 is the stored documents (the largest), then the runs.
    DispatchQueue.concurrentPerform(iterations: min(threads, runCount + 1)) { _ in
      while let i = next.take(below: runCount + 1) {
        if i == 0 { stored.run() } else { encoder.encode(run: i - 1) }
      }
    }
  }
}
