/// The deleted documents of one segment as a bitmap: one bit a document, set when deleted.
///
/// Built once when the reader opens the file, from the segment's deletion records; a search
/// asks it for every candidate it would count or keep, so the test is one load and a mask.
package struct DeletedDocuments: Sendable {
  private var words: [UInt64]
  /// How many documents are deleted.
  package private(set) var count = 0

  /// No document of a segment of `documentCount` documents deleted.
  package init(documentCount: Int) {
    words = [UInt64](repeating: 0, count: (documentCount + 63) / 64)
  }

  /// Marks `doc` deleted (it must be below the segment's document count).
  package mutating func insert(_ doc: UInt32) {
    let (word, bit) = (Int(doc) >> 6, UInt64(1) << (doc & 63))
    if words[word] & bit == 0 {
      words[word] |= bit
      count += 1
    }
  }

  /// Whether `doc` is deleted.
  @inline(__always)
  package func contains(_ doc: UInt32) -> Bool {
    let word = Int(doc) >> 6
    return word < words.count && words[word] & (UInt64(1) << (doc & 63)) != 0
  }
}
