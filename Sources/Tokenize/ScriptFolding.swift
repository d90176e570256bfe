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

extension Tokenizer {
  /// What folding a text's Traditional characters does to its bytes.
  package enum FoldedText {
    /// No character folds: the text is its own folded form.
    case unchanged
    /// The folded bytes, every character the same length as before (offsets carry over).
    case sameLength([UInt8])
    /// Some character folds to one of another byte length.
    case lengthChanges
  }

  /// `bytes` (UTF-8) with every Traditional character folded to Simplified: for searching
  /// folded terms as literal bytes (snippet anchors) in a text that may be written in
  /// Traditional characters. Invalid UTF-8 is copied as is; one pass, no allocation when
  /// nothing folds.
  package static func foldedToSimplified(_ bytes: UnsafeBufferPointer<UInt8>) -> FoldedText {
    var out: [UInt8]? = nil
    let changes = ScriptFolding.bmp.withUnsafeBufferPointer { table -> Bool in
      let fold = table.baseAddress!
      var q = 0
      while q < bytes.count {
        let b0 = bytes[q]
        var length = 1
        var scalar: UInt32 = 0
        if b0 >= 0xE0 && b0 < 0xF0 && q + 2 < bytes.count {
          length = 3
          scalar =
            UInt32(b0 & 0x0F) << 12 | UInt32(bytes[q + 1] & 0x3F) << 6 | UInt32(bytes[q + 2] & 0x3F)
        } else if b0 >= 0xF0 && q + 3 < bytes.count {
          length = 4
          scalar =
            UInt32(b0 & 0x07) << 18 | UInt32(bytes[q + 1] & 0x3F) << 12
            | UInt32(bytes[q + 2] & 0x3F) << 6 | UInt32(bytes[q + 3] & 0x3F)
        }
        if scalar >= 0x3400 {
          let folded = ScriptFolding.fold(scalar, bmp: fold)
          if folded != scalar {
            guard (folded >= 0x10000 ? 4 : 3) == length else { return true }
            if out == nil { out = Array(bytes) }
            out!.withUnsafeMutableBufferPointer { buffer in
              _ = TokenScanner.encode(folded, buffer.baseAddress! + q)
            }
          }
        }
        q += length
      }
      return false
    }
    if changes { return .lengthChanges }
    return out.map { .sameLength($0) } ?? .unchanged
  }
}

extension Tokenizer {
  /// The Simplified form of one Traditional character (`scalar` itself when it has none), as
  /// `foldsToSimplified` folds it: for callers that count characters as a folded index does.
  package static func simplified(_ scalar: UInt32) -> UInt32 {
    ScriptFolding.bmp.withUnsafeBufferPointer { ScriptFolding.fold(scalar, bmp: $0.baseAddress!) }
  }
}
