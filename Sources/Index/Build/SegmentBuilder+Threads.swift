import Dispatch
import Tokenize

/// Inverting one segment on several threads, into the one builder's shards.
///
/// A round takes the next documents (about `batchTokens` tokens), splits them by text bytes
/// into small contiguous chunks, and runs two steps on every thread: the threads claim the
/// chunks in turn, each tokenizing into its own `TokenBatch`; then they claim groups of
/// shards, inverting each shard's tokens chunk by chunk, in document order. A term lives in
/// one shard, so no two threads touch it, and each shard still sees its tokens in order: the
/// builder ends as a one-thread build leaves it, and the bytes are the same. Unlike a segment
/// a thread, each term's table entry and streams exist once (not once a thread, merged
/// later), the batches together hold one batch's tokens, and a shard gets a whole round's
/// tokens while in cache.
extension SegmentBuilder {
  /// Inverts `docs` (numbered from the current `documentCount`) on `threads` threads, in
  /// rounds of about `roundTokens` tokens.
  mutating func add(
    _ docs: ArraySlice<Document>, threads: Int, roundTokens: Int = SegmentBuilder.batchTokens
  ) throws(IndexError) {
    try checkRoom(for: docs.count)
    try flush()
    let work = ThreadedInversion(
      shards: shards, threads: threads, tokenizer: tokenizer)
    defer { work.release() }
    // Tokens per text byte, measured round by round (Chinese text: about 0.7).
    var tokensPerByte = 0.7
    var start = docs.startIndex
    while start < docs.endIndex {
      let want = Int(Double(roundTokens) / tokensPerByte)
      var end = start
      var bytes = 0
      while end < docs.endIndex && (bytes < want || end == start) {
        bytes += SegmentBuilder.textBytes(docs[end])
        end += 1
      }
      let tokens = try work.round(
        docs[start..<end], firstNumber: UInt32(documentLengths.count), bytes: bytes,
        lengths: &documentLengths)
      tokensPerByte = max(0.05, Double(tokens) / Double(max(1, bytes)))
      start = end
    }
  }

  /// A document's text and title bytes (what rounds and parts are balanced by).
  static func textBytes(_ doc: Document) -> Int {
    doc.text.utf8.count + (doc.title?.utf8.count ?? 0)
  }

  /// Flattens the shards into `blobs` as `flatten(into:)` does, the shards spread over
  /// `threads` threads (each writing blobs of its own, appended to `blobs` in thread order);
  /// returns the terms in byte order. The blobs' layout differs from a one-thread flatten,
  /// the terms and their bytes do not.
  mutating func flatten(into blobs: inout OutputBuffer, threads: Int) -> [SortedTerm] {
    guard threads > 1 else { return flatten(into: &blobs) }
    let parts = FlattenedParts(count: threads)
    defer { parts.release() }
    let job = FlattenJob(shards: shards, parts: parts, threads: threads)
    DispatchQueue.concurrentPerform(iterations: threads) { job.run($0) }
    // Concatenate the parts' blobs, each thread copying its own part (and moving its terms'
    // offsets by where its blobs land): one thread copying them all took about 0.05 s of
    // each crud-news segment, the other core idle.
    var offsets: [Int] = []  // of each part's blobs, from the first part's
    var total = 0
    for i in 0..<threads {
      offsets.append(total)
      total += parts.blobs[i].pointee.count
    }
    let before = blobs.count
    let destination = Destination(start: blobs.extend(by: total))
    let landing = offsets
    DispatchQueue.concurrentPerform(iterations: threads) { i in
      let part = parts.blobs[i].pointee.bytes
      if let source = part.baseAddress {
        (destination.start + landing[i]).update(from: source, count: part.count)
      }
      parts.blobs[i].pointee.release()
      let shift = UInt64(before + landing[i])
      for j in parts.sorted[i].pointee.indices { parts.sorted[i].pointee[j].ref &+= shift }
    }
    var runs: [[SortedTerm]] = []
    for i in 0..<threads {
      runs.append(parts.sorted[i].pointee)
      parts.sorted[i].pointee = []
    }
    return SortedTerm.merge(runs, base: UnsafePointer(blobs.base))
  }
}

/// The state shared by the threads of `SegmentBuilder.add(_:threads:)`: the builder's shards,
/// one token batch a thread, and a slot a thread for its error.
private struct ThreadedInversion: @unchecked Sendable {
  let shards: UnsafeMutablePointer<TermShard>
  let threads: Int
  let tokenizer: Tokenizer
  /// Per thread (each in cache lines of its own): its token batch and its error.
  let batches: ThreadSlots<TokenBatch>
  let failures: ThreadSlots<IndexError?>

  init(shards: UnsafeMutablePointer<TermShard>, threads: Int, tokenizer: Tokenizer) {
    self.shards = shards
    self.threads = threads
    self.tokenizer = tokenizer
    batches = ThreadSlots(count: threads) { _ in TokenBatch(shardCount: SegmentBuilder.shardCount) }
    failures = ThreadSlots(count: threads) { _ in nil }
  }

  func release() {
    batches.release()
    failures.release()
  }

  /// Tokenizes `docs` in small chunks that the threads claim in turn, then inverts the
  /// batches a group of shards at a time (groups claimed in turn as well); appends the
  /// documents' lengths to `all`; returns the round's token count.
  ///
  /// A thread claims chunks in increasing order, so its batch holds its chunks one after the
  /// other; where each chunk starts in the batch is marked (a count per shard), and a shard is
  /// inverted chunk by chunk, that is in document order, whichever thread tokenized each.
  func round(
    _ docs: ArraySlice<Document>, firstNumber: UInt32, bytes: Int, lengths all: inout [UInt32]
  ) throws(IndexError) -> Int {
    let chunks = max(1, min(docs.count, threads * ThreadedInversion.chunksPerThread))
    // Chunk bounds: about the same text bytes each.
    var bounds = [docs.startIndex]
    var sum = 0
    for i in docs.indices where bounds.count < chunks {
      sum += SegmentBuilder.textBytes(docs[i])
      if sum * chunks >= bytes * bounds.count { bounds.append(i + 1) }
    }
    while bounds.count <= chunks { bounds.append(docs.endIndex) }
    let chunkBounds = bounds
    let first = docs.startIndex
    let stride = SegmentBuilder.shardCount + 1
    let plan = RoundPlan(chunks: chunks, marksPerChunk: stride, documents: docs.count)
    defer { plan.release() }
    let tokenizing = WorkItemCounter()
    DispatchQueue.concurrentPerform(iterations: threads) { t in
      while let c = tokenizing.take(below: chunks) {
        plan.owner[c] = t
        batches[t].pointee.mark(into: plan.marks + c * stride)
        for i in chunkBounds[c]..<chunkBounds[c + 1] {
          plan.lengths[i - first] = SegmentBuilder.collect(
            title: docs[i].title, text: docs[i].text, doc: firstNumber &+ UInt32(i - first),
            tokenizer: tokenizer, into: &batches[t].pointee)
        }
      }
    }
    all.append(contentsOf: UnsafeBufferPointer(start: plan.lengths, count: docs.count))
    plan.linkChunks()
    var tokens = 0
    for t in 0..<threads { tokens += batches[t].pointee.count }
    let inverting = WorkItemCounter()
    DispatchQueue.concurrentPerform(iterations: threads) { t in
      invert(claiming: inverting, plan: plan, thread: t)
    }
    for t in 0..<threads {
      batches[t].pointee.removeAll()
      if let failure = failures[t].pointee { throw failure }
    }
    return tokens
  }

  /// Chunks a thread, about: enough that the last one claimed is short beside a round.
  static let chunksPerThread = 16
  /// Shards a work item of the inverting and flattening steps.
  static let shardsPerItem = 8
  /// Work items of the inverting and flattening steps: the long terms' shard, then the groups.
  static let itemCount = SegmentBuilder.shardCount / shardsPerItem + 1

  /// The shards of work item `item`: item 0 is the long terms' shard (`shardCount`, the
  /// largest, claimed first), item k ≥ 1 the k-th group of `shardsPerItem` shards.
  static func shards(ofItem item: Int) -> Range<Int> {
    item == 0
      ? SegmentBuilder.shardCount..<SegmentBuilder.shardCount + 1
      : (item - 1) * shardsPerItem..<item * shardsPerItem
  }

  /// Claims work items (`shards(ofItem:)`) until none is left; each shard's tokens are
  /// inverted chunk by chunk.
  private func invert(claiming items: WorkItemCounter, plan: RoundPlan, thread t: Int) {
    do throws(IndexError) {
      while let item = items.take(below: ThreadedInversion.itemCount) {
        if item == 0 {
          let long = SegmentBuilder.shardCount
          for c in 0..<plan.chunks {
            let (owner, start, end) = plan.range(ofChunk: c, shard: long)
            try batches[owner].pointee.forEachLong(from: start, to: end) {
              token, bytes throws(IndexError) in
              try shards[long].invertLong(token, bytes: bytes)
            }
          }
          continue
        }
        for s in ThreadedInversion.shards(ofItem: item) {
          for c in 0..<plan.chunks {
            let (owner, start, end) = plan.range(ofChunk: c, shard: s)
            try shards[s].invert(batches[owner].pointee.tokens(ofShard: s, from: start, to: end))
          }
        }
      }
    } catch {
      failures[t].pointee = error
    }
  }
}

/// Where a round's chunks went: the thread that tokenized each, where each starts in that
/// thread's batch (a count per shard, then the long tokens' count), and each document's
/// length; written by the claiming threads, each to its own chunks' and documents' entries.
private struct RoundPlan: @unchecked Sendable {
  let chunks: Int
  let marksPerChunk: Int
  let owner: UnsafeMutablePointer<Int>
  let marks: UnsafeMutablePointer<Int>
  let lengths: UnsafeMutablePointer<UInt32>
  /// The next chunk the same thread tokenized, or -1 (set by `linkChunks`).
  let nextOwned: UnsafeMutablePointer<Int>

  init(chunks: Int, marksPerChunk: Int, documents: Int) {
    self.chunks = chunks
    self.marksPerChunk = marksPerChunk
    owner = .allocate(capacity: chunks)
    marks = .allocate(capacity: chunks * marksPerChunk)
    lengths = .allocate(capacity: max(1, documents))
    nextOwned = .allocate(capacity: chunks)
  }

  func release() {
    owner.deallocate()
    marks.deallocate()
    lengths.deallocate()
    nextOwned.deallocate()
  }

  /// Links each chunk to the next one its thread tokenized (after the tokenizing step).
  func linkChunks() {
    var last: [Int: Int] = [:]
    for c in stride(from: chunks - 1, through: 0, by: -1) {
      nextOwned[c] = last[owner[c]] ?? -1
      last[owner[c]] = c
    }
  }

  /// Chunk `c`'s tokens of shard `s` (`shardCount` for the long tokens): the thread whose
  /// batch holds them, and their range there (nil: to the batch's end).
  @inline(__always)
  func range(ofChunk c: Int, shard s: Int) -> (owner: Int, start: Int, end: Int?) {
    let next = nextOwned[c]
    return (
      owner[c], marks[c * marksPerChunk + s], next < 0 ? nil : marks[next * marksPerChunk + s]
    )
  }
}

/// The start of a buffer that several threads copy into, each into bytes of its own.
private struct Destination: @unchecked Sendable {
  let start: UnsafeMutablePointer<UInt8>
}

/// Per thread of a threaded flatten (each in cache lines of its own, as every term written
/// moves its blobs' count): its blobs and its terms in byte order.
private struct FlattenedParts: @unchecked Sendable {
  let blobs: ThreadSlots<OutputBuffer>
  let sorted: ThreadSlots<[SortedTerm]>

  init(count: Int) {
    blobs = ThreadSlots(count: count) { _ in OutputBuffer(capacity: 64) }
    sorted = ThreadSlots(count: count) { _ in [] }
  }

  func release() {
    blobs.release()
    sorted.release()
  }
}

/// One thread's share of a threaded flatten: it claims work items (the long terms' shard
/// first, the largest, then groups of `ThreadedInversion.shardsPerItem` shards) until none is
/// left, writing each shard's blobs to its own part and freeing the shard; then it sorts its
/// terms. A fixed split (half the shards a thread) left one core idle for about 0.05 s at the
/// end of each crud-news segment: the halves' terms take unequal time. Which thread flattened
/// a shard moves its blobs, not the terms' bytes or order, so the image is the same.
private struct FlattenJob: @unchecked Sendable {
  let shards: UnsafeMutablePointer<TermShard>
  let parts: FlattenedParts
  /// Each part's first capacity: an equal share of the shards' bytes and the largest item's,
  /// and a quarter more (blobs add a little to the streams; a part that claims more grows).
  let capacity: Int
  let items = WorkItemCounter()

  init(shards: UnsafeMutablePointer<TermShard>, parts: FlattenedParts, threads: Int) {
    self.shards = shards
    self.parts = parts
    var total = 0
    var largest = 0
    for item in 0..<ThreadedInversion.itemCount {
      var bytes = 0
      for s in ThreadedInversion.shards(ofItem: item) { bytes += shards[s].pool.bytesUsed }
      total += bytes
      largest = max(largest, bytes)
    }
    let share = total / threads + largest
    capacity = share + share / 4 + 4096
  }

  func run(_ t: Int) {
    parts.blobs[t].pointee = OutputBuffer(capacity: capacity)
    var order = [SortedTerm]()
    var docs = OutputBuffer(capacity: 1 << 12)
    var positions = OutputBuffer(capacity: 1 << 12)
    while let item = items.take(below: ThreadedInversion.itemCount) {
      for s in ThreadedInversion.shards(ofItem: item) {
        shards[s].flatten(
          into: &parts.blobs[t].pointee, sorted: &parts.sorted[t].pointee, order: &order,
          docs: &docs, positions: &positions)
        (shards + s).pointee = TermShard()
      }
    }
    let base = UnsafePointer(parts.blobs[t].pointee.base)
    parts.sorted[t].pointee.sort { SortedTerm.compare($0, base, $1, base) < 0 }
  }
}
