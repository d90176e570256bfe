import Tokenize

/// The terms of some documents with how many of them hold each: what a deletion record
/// lists (FORMAT.md, "DeletionRecord"), so that document frequencies count live documents.
///
/// The one derivation of a document's terms is the build's, so this inverts the documents
/// exactly as a build does and reads the terms back from the image: the counts are those
/// the documents added to their segment's dictionary, by construction.
enum DeletedTermCounter {
  /// The distinct terms of `documents`, by byte order, with their document counts, folded
  /// Traditional → Simplified or not as their segment's terms are.
  static func count(_ documents: [Document], foldsToSimplified: Bool) throws(IndexError)
    -> [(term: [UInt8], documents: Int)]
  {
    guard !documents.isEmpty else { return [] }
    let tokenizer = Tokenizer(emitsCharacters: true, foldsToSimplified: foldsToSimplified)
    let built = try SegmentImage.build(
      documents, stamps: documents.map { _ in .unknown }, tokenizer: tokenizer, threads: 1)
    let reader = try SegmentReader(bytes: built.image)
    var terms: [(term: [UInt8], documents: Int)] = []
    try reader.forEachTerm { (bytes, info) throws(IndexError) in
      terms.append((Array(bytes), info.documentFrequency))
    }
    return terms
  }

  /// The same for documents `docs` of `reader` (their records verified as they are read).
  static func count(_ docs: [Int], of reader: SegmentReader) throws(IndexError)
    -> [(term: [UInt8], documents: Int)]
  {
    var documents: [Document] = []
    for doc in docs { documents.append(try reader.storedDocument(doc)) }
    return try count(documents, foldsToSimplified: reader.foldsToSimplified)
  }
}
