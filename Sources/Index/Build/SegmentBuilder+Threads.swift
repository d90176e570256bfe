import Dispatch
import Tokenize

/// Inverting one segment on several threads, into the one builder's shards.
///
/// A round takes the next documents (about `batchTokens` tokens), splits them by text bytes
/// into one contiguous part per thread, and runs two steps on every thread: each tokenizes
/// its part into its own `TokenBatch`; then each inverts its own range of shards, taking the
/// batches in document order. A term lives in one shard, so
/// no two threads touch it, and each shard still sees its tokens in order: the builder ends as
/// a one-thread build leaves it, and the bytes are the same. Unlike a segment a thread, each
/// term's table entry and streams exist once (not once a thread, merged later), the batches
/// together hold one batch's tokens, and a shard gets a whole round's tokens while in cache.
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

  /// The shards thread `t` of `threads` inverts and flattens: a range of them (so that
  /// neighbours in the shards' array, which may share a cache line, mostly belong to one
  /// thread); with `long`, the last thread's includes the long terms' shard.
  static func shards(ofThread t: Int, _ threads: Int, long: Bool = false) -> Range<Int> {
    let end = (t + 1) * shardCount / threads
    return t * shardCount / threads..<(long && t == threads - 1 ? end + 1 : end)
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
    // Concatenate the parts' blobs, moving each part's offsets by where its blobs land.
    var runs: [[SortedTerm]] = []
    for i in 0..<threads {
      let shift = UInt64(blobs.count)
      blobs.append(parts.blobs[i].pointee.bytes)
      parts.blobs[i].pointee.release()
      var run = parts.sorted[i].pointee
      parts.sorted[i].pointee = []
      for j in run.indices { run[j].ref &+= shift }
      runs.append(run)
    }
    return SortedTerm.merge(runs, base: UnsafePointer(blobs.base))
  }
}

/// The state shared by the threads of `SegmentBuilder.add(_:threads:)`: the builder's shards,
/// one token batch a thread, and a slot a thread for its result.
private struct ThreadedInversion: @unchecked Sendable {
  let shards: UnsafeMutablePointer<TermShard>
  let threads: Int
  let tokenizer: Tokenizer
  /// Per thread (each in cache lines of its own): its token batch, the lengths of the
  /// documents it tokenized this round, and its error.
  let batches: ThreadSlots<TokenBatch>
  let lengths: ThreadSlots<[UInt32]>
  let failures: ThreadSlots<IndexError?>

  init(shards: UnsafeMutablePointer<TermShard>, threads: Int, tokenizer: Tokenizer) {
    self.shards = shards
    self.threads = threads
    self.tokenizer = tokenizer
    batches = ThreadSlots(count: threads) { _ in TokenBatch(shardCount: SegmentBuilder.shardCount) }
    lengths = ThreadSlots(count: threads) { _ in [] }
    failures = ThreadSlots(count: threads) { _ in nil }
  }

  func release() {
    batches.release()
    lengths.release()
    failures.release()
  }

  /// Tokenizes `docs` in one part a thread, then inverts the batches shard by shard; appends
  /// the documents' lengths to `all`; returns the round's token count.
  func round(
    _ docs: ArraySlice<Document>, firstNumber: UInt32, bytes: Int, lengths all: inout [UInt32]
  ) throws(IndexError) -> Int {
    // Part bounds: about the same text bytes each.
    var bounds = [docs.startIndex]
    var sum = 0
    for i in docs.indices where bounds.count < threads {
      sum += SegmentBuilder.textBytes(docs[i])
      if sum * threads >= bytes * bounds.count { bounds.append(i + 1) }
    }
    while bounds.count <= threads { bounds.append(docs.endIndex) }
    let partBounds = bounds
    let first = docs.startIndex
    DispatchQueue.concurrentPerform(iterations: threads) { t in
      var number = firstNumber &+ UInt32(partBounds[t] - first)
      for doc in docs[partBounds[t]..<partBounds[t + 1]] {
        lengths[t].pointee.append(
          SegmentBuilder.collect(
            title: doc.title, text: doc.text, doc: number, tokenizer: tokenizer,
            into: &batches[t].pointee))
        number &+= 1
      }
    }
    var tokens = 0
    for t in 0..<threads {
      all.append(contentsOf: lengths[t].pointee)
      lengths[t].pointee.removeAll(keepingCapacity: true)
      tokens += batches[t].pointee.count
    }
    DispatchQueue.concurrentPerform(iterations: threads) { t in invert(thread: t) }
    for t in 0..<threads {
      batches[t].pointee.removeAll()
      if let failure = failures[t].pointee { throw failure }
    }
    return tokens
  }

  /// Inverts thread `t`'s shards from every batch, in batch (document) order; the last
  /// thread also inverts the long terms' shard.
  private func invert(thread t: Int) {
    do throws(IndexError) {
      for s in SegmentBuilder.shards(ofThread: t, threads) {
        for b in 0..<threads { try shards[s].invert(batches[b].pointee.tokens(ofShard: s)) }
      }
      if t == threads - 1 {
        for b in 0..<threads {
          try batches[b].pointee.forEachLong { token, bytes throws(IndexError) in
            try shards[SegmentBuilder.shardCount].invertLong(token, bytes: bytes)
          }
        }
      }
    } catch {
      failures[t].pointee = error
    }
  }
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

/// One thread's share of a threaded flatten: shards t, t + threads, … (the long terms' shard
/// included), each freed once written, then its terms sorted.
private struct FlattenJob: @unchecked Sendable {
  let shards: UnsafeMutablePointer<TermShard>
  let parts: FlattenedParts
  let threads: Int

  func run(_ t: Int) {
    let mine = SegmentBuilder.shards(ofThread: t, threads, long: true)
    var bytes = 0
    for s in mine { bytes += shards[s].pool.bytesUsed }
    parts.blobs[t].pointee = OutputBuffer(capacity: bytes + bytes / 4 + 4096)
    var order = [SortedTerm]()
    var docs = OutputBuffer(capacity: 1 << 12)
    var positions = OutputBuffer(capacity: 1 << 12)
    for s in mine {
      shards[s].flatten(
        into: &parts.blobs[t].pointee, sorted: &parts.sorted[t].pointee, order: &order, docs: &docs,
        positions: &positions)
      (shards + s).pointee = TermShard()
    }
    let base = UnsafePointer(parts.blobs[t].pointee.base)
    parts.sorted[t].pointee.sort { SortedTerm.compare($0, base, $1, base) < 0 }
  }
}
