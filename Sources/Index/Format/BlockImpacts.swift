/// Collects a postings block's (term frequency, document length) pairs and writes the ones no
/// other pair beats: the block's impacts, as Lucene calls them.
///
/// BM25 grows with the frequency and shrinks with the length, so a pair is useless for a bound
/// when another has at least its frequency and at most its length. The rest, the Pareto
/// frontier, gives the block's exact best score for any k1 and b, where the pair (largest
/// frequency, shortest length) taken from different documents can be far too high: with exact
/// block bounds, a one-character query skips most blocks of a character that is everywhere.
struct BlockImpacts {
  /// Frequencies up to this are bucketed; larger ones are kept as pairs (rare).
  static let bucketed = 64
  /// The shortest length seen for each frequency 1...bucketed (`UInt32.max` = none).
  private var shortest = [UInt32](repeating: .max, count: BlockImpacts.bucketed + 1)
  private var largest = 0
  private var large: [(frequency: UInt32, length: UInt32)] = []
  private var frontier: [(frequency: UInt32, length: UInt32)] = []

  /// Adds one document of the block.
  @inline(__always)
  mutating func add(frequency: UInt32, length: UInt32) {
    let f = Int(frequency)
    if f <= BlockImpacts.bucketed {
      if length < shortest[f] { shortest[f] = length }
      if f > largest { largest = f }
    } else {
      large.append((frequency, length))
    }
  }

  /// Writes the frontier (count, then pairs by increasing frequency, each as the difference to
  /// the previous pair minus one: both grow along the frontier) and resets for the next block.
  mutating func write(into out: inout OutputBuffer) {
    frontier.removeAll(keepingCapacity: true)
    // Sweep from the largest frequency down, keeping each pair shorter than all before it.
    var best = UInt32.max
    if !large.isEmpty {
      large.sort {
        $0.frequency != $1.frequency ? $0.frequency > $1.frequency : $0.length < $1.length
      }
      for pair in large where pair.length < best {
        frontier.append(pair)
        best = pair.length
      }
      large.removeAll(keepingCapacity: true)
    }
    var f = largest
    while f >= 1 {
      let length = shortest[f]
      if length != .max {
        if length < best {
          frontier.append((UInt32(f), length))
          best = length
        }
        shortest[f] = .max
      }
      f -= 1
    }
    largest = 0
    out.writeVarInt(frontier.count)
    var previous: (frequency: UInt32, length: UInt32) = (0, 0)
    for (i, pair) in frontier.reversed().enumerated() {
      if i == 0 {
        out.writeVarInt(pair.frequency)
        out.writeVarInt(pair.length)
      } else {
        out.writeVarInt(pair.frequency - previous.frequency - 1)
        out.writeVarInt(pair.length - previous.length - 1)
      }
      previous = pair
    }
  }
}

/// Reads one block's impacts (format version 4) from its skip entry, calling `body` with each
/// (frequency, length) pair, and checks that they form a frontier.
struct BlockImpactsReader {
  /// The largest frequency (of the last pair).
  private(set) var maxFrequency: UInt32 = 0
  /// The shortest length (of the first pair).
  private(set) var minLength: UInt32 = 0

  init(
    _ reader: inout ByteReader,
    _ body: (_ frequency: UInt32, _ length: UInt32) -> Void = { _, _ in }
  ) throws(IndexError) {
    let count = try reader.readVarInt(max: IndexFormat.postingsBlockSize)
    guard count >= 1 else {
      throw .corrupt(section: "postings", detail: "a block without impacts")
    }
    var frequency: UInt64 = 0
    var length: UInt64 = 0
    for i in 0..<count {
      let f = try reader.readVarInt()
      let l = try reader.readVarInt()
      guard f <= UInt64(UInt32.max), l <= UInt64(UInt32.max) else {
        throw .corrupt(section: "postings", detail: "impact out of range")
      }
      frequency = i == 0 ? f : frequency &+ f &+ 1
      length = i == 0 ? l : length &+ l &+ 1
      guard frequency >= 1, frequency <= UInt64(UInt32.max), length <= UInt64(UInt32.max) else {
        throw .corrupt(section: "postings", detail: "impact out of range")
      }
      if i == 0 { minLength = UInt32(length) }
      body(UInt32(frequency), UInt32(length))
    }
    maxFrequency = UInt32(frequency)
  }
}
