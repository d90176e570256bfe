/// One entry of the term index: where a dictionary block starts in the dictionary (u64
/// little-endian) and, from version 3, the `TermKey` of its first term (u64 big-endian, so that
/// its bytes are the term's first 8).
///
/// A lookup binary-searches these entries without decoding blocks; `DictionaryWriter` writes
/// them and the reader's lookups read them through this type, the one place that knows their
/// size and layout (FORMAT.md, `TermIndex`).
enum TermIndexEntry {
  /// Where the key lies in an entry (after the block offset).
  static let keyOffset = 8

  /// Bytes per entry: the block offset, then the key when the format has term index keys.
  @inline(__always)
  static func size(hasKey: Bool) -> Int { hasKey ? keyOffset + 8 : keyOffset }

  /// Bytes per entry in the files this build writes (they have keys).
  static let writtenSize = size(hasKey: FormatFeatures.current.hasTermIndexKeys)

  /// Writes the entry of a block starting at `blockOffset` in the dictionary whose first term's
  /// key is `key`.
  static func write(blockOffset: Int, key: UInt64, to out: inout OutputBuffer) {
    out.write(UInt64(blockOffset))
    out.writeBigEndian(key)
  }

  /// The block offset of the entry at byte `at` of `bytes` (unchecked: `at` must start an entry
  /// inside the term index, as the reader's callers ensure).
  @inline(__always)
  static func blockOffset(_ bytes: UnsafeRawBufferPointer, entryAt at: Int) -> UInt64 {
    assert(at >= 0 && at + keyOffset <= bytes.count, "term index entry outside the file")
    return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
  }

  /// The first-term key of the entry at byte `at` of `bytes` (unchecked, as `blockOffset`; the
  /// format must have term index keys).
  @inline(__always)
  static func key(_ bytes: UnsafeRawBufferPointer, entryAt at: Int) -> UInt64 {
    assert(at >= 0 && at + keyOffset + 8 <= bytes.count, "term index key outside the file")
    return UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: at + keyOffset, as: UInt64.self))
  }
}
