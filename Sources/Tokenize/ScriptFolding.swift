/// Traditional → Simplified folding of single Han characters (`ScriptFoldingTable`).
///
/// A folded index holds 台湾 for both 台灣 and 台湾, so either script finds both. The lookup
/// runs once per CJK character of a run, so the BMP, where nearly every character lies, is a
/// dense table (128 KB, built once on first use) indexed by code point; the few characters
/// beyond it are found by binary search in the generated pairs.
enum ScriptFolding {
  /// Marks, in `bmp`, a character whose simplified form lies beyond the BMP.
  static let beyondBMP: UInt16 = 0xFFFF

  /// For each BMP code point: its simplified form, 0 when it has none, or `beyondBMP`.
  static let bmp: [UInt16] = {
    var table = [UInt16](repeating: 0, count: 0x10000)
    let pairs = ScriptFoldingTable.pairs
    for i in stride(from: 0, to: pairs.count, by: 2) where pairs[i] < 0x10000 {
      table[Int(pairs[i])] = pairs[i + 1] < 0x10000 ? UInt16(pairs[i + 1]) : beyondBMP
    }
    return table
  }()

  /// The simplified form of `c` (or `c`), with `bmp` the dense table's storage.
  @inline(__always)
  static func fold(_ c: UInt32, bmp: UnsafePointer<UInt16>) -> UInt32 {
    if c < 0x10000 {
      let f = bmp[Int(c)]
      if f == 0 { return c }
      if f != beyondBMP { return UInt32(f) }
    }
    return searchPairs(c)
  }

  /// The simplified form of `c` by binary search in the sorted pairs (or `c`).
  static func searchPairs(_ c: UInt32) -> UInt32 {
    let pairs = ScriptFoldingTable.pairs
    var low = 0
    var high = pairs.count / 2 - 1
    while low <= high {
      let mid = (low + high) / 2
      let source = pairs[2 * mid]
      if source == c { return pairs[2 * mid + 1] }
      if source < c { low = mid + 1 } else { high = mid - 1 }
    }
    return c
  }
}
