/// Building a segment's code from its scalar counts, deterministically (FORMAT.md, "Stored
/// text code"): the same counts give the same code, whoever builds it (a fresh build or a
/// merge of the same live documents), so that their images are the same bytes.
extension StoredTextCode {
  /// The code for `counts`, limited to `maxCodeLength` bits.
  ///
  /// 1. Huffman code lengths by the two-queue method over the symbols ordered by (count,
  ///    scalar), a leaf taken before an internal node of equal weight.
  /// 2. The number of codes per length, limited as miniz (`tdefl_huffman_enforce_max_code_size`)
  ///    does: longer codes become `maxCodeLength`, then while the Kraft sum exceeds 1, one code
  ///    of `maxCodeLength` is removed and the longest shorter code is split into two one bit
  ///    longer.
  /// 3. The lengths are handed out again: by decreasing count, then increasing scalar, each
  ///    symbol takes the shortest length left.
  static func build(_ counts: ScalarCounts, textBytes: UInt64) -> StoredTextCode {
    let symbols = counts.symbols()
    let perLength = limited(huffmanLengthCounts(symbols.map(\.count)), to: maxCodeLength)
    let byCount = symbols.indices.sorted {
      symbols[$0].count != symbols[$1].count
        ? symbols[$0].count > symbols[$1].count : symbols[$0].scalar < symbols[$1].scalar
    }
    var lengths = [UInt8](repeating: 0, count: symbols.count)
    var length = 1
    var left = perLength.count > 1 ? perLength[1] : 0
    for i in byCount {
      while left == 0 {
        length += 1
        left = perLength[length]
      }
      lengths[i] = UInt8(length)
      left -= 1
    }
    return StoredTextCode(
      scalars: symbols.map(\.scalar), lengths: lengths, textBytes: textBytes)
  }

  /// The number of Huffman codes of each length (index = length) for symbols of these counts
  /// (in scalar order); one symbol gets one code of length 1.
  static func huffmanLengthCounts(_ counts: [UInt64]) -> [Int] {
    let n = counts.count
    if n == 0 { return [0] }
    if n == 1 { return [0, 1] }
    let leaves = counts.indices.sorted {
      counts[$0] != counts[$1] ? counts[$0] < counts[$1] : $0 < $1
    }
    // Nodes 0..<n are the leaves, n..<2n-1 the internal nodes in the order they are made.
    var weight = counts + [UInt64](repeating: 0, count: n - 1)
    var parent = [Int](repeating: 0, count: 2 * n - 1)
    var nextLeaf = 0
    var nextInternal = n
    func smallest(made: Int) -> Int {
      if nextLeaf < n && (nextInternal == made || weight[leaves[nextLeaf]] <= weight[nextInternal])
      {
        nextLeaf += 1
        return leaves[nextLeaf - 1]
      }
      nextInternal += 1
      return nextInternal - 1
    }
    for made in n..<(2 * n - 1) {
      let a = smallest(made: made)
      let b = smallest(made: made)
      weight[made] = weight[a] &+ weight[b]
      parent[a] = made
      parent[b] = made
    }
    var depth = [Int](repeating: 0, count: 2 * n - 1)
    var perLength = [Int](repeating: 0, count: 2)
    for node in stride(from: 2 * n - 3, through: 0, by: -1) {
      depth[node] = depth[parent[node]] + 1
      if node < n {
        if depth[node] >= perLength.count {
          perLength += [Int](repeating: 0, count: depth[node] + 1 - perLength.count)
        }
        perLength[depth[node]] += 1
      }
    }
    return perLength
  }

  /// `perLength` (codes per length) with no code longer than `limit` and a Kraft sum of 1.
  static func limited(_ perLength: [Int], to limit: Int) -> [Int] {
    var counts = [Int](repeating: 0, count: limit + 1)
    for (length, count) in perLength.enumerated() where length > 0 {
      counts[min(length, limit)] += count
    }
    var total = 0
    for length in 1...limit { total += counts[length] << (limit - length) }
    while total > 1 << limit {
      counts[limit] -= 1
      for length in stride(from: limit - 1, through: 1, by: -1) where counts[length] != 0 {
        counts[length] -= 1
        counts[length + 1] += 2
        break
      }
      total -= 1
    }
    return counts
  }
}
