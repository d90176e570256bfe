/// One block of a term's postings (FORMAT.md, `Block`): up to 128 documents and their term
/// frequencies, bit-packed when full (version 5; patched runs since version 10), else postings
/// entries (Rice and gamma codes since version 10).
///
/// The postings cursor and the one-term block scorer both decode blocks; this is the one
/// decoder, with the one set of checks, so a block reads the same (or fails the same) in both.
enum PostingsBlock {
  /// Decodes the `count` entries of the block at `reader` into `docs` and `freqs` (room for
  /// `count` each), the first document being at least `first`; every document must be below
  /// `limit`, the bytes must end with the block and, unless `lastDocument` is nil (a term of
  /// one block), its last document must be the one its skip entry gave. `block` names the
  /// block in errors. Returns one past the last document.
  @inline(__always)
  static func decode(
    _ reader: inout ByteReader, count: Int, first: UInt64, limit: UInt32,
    features: FormatFeatures, lastDocument: UInt32?, block: Int,
    docs: UnsafeMutablePointer<UInt32>, freqs: UnsafeMutablePointer<UInt32>
  ) throws(IndexError) -> UInt64 {
    assert(count >= 1 && count <= IndexFormat.postingsBlockSize, "PostingsBlock: bad count")
    let next: UInt64
    if features.hasBitPackedBlocks && count == IndexFormat.postingsBlockSize {
      next = try BitPacking.readBlock(
        &reader, first: first, limit: limit, patched: features.hasPatchedBlocks, docs: docs,
        freqs: freqs)
    } else if features.hasRiceCodedBlocks {
      next = try decodeRiceCoded(
        &reader, count: count, first: first, limit: limit, docs: docs, freqs: freqs)
    } else {
      next = try decodeEntries(
        &reader, count: count, first: first, limit: limit, docs: docs, freqs: freqs)
    }
    guard reader.isAtEnd, lastDocument == nil || docs[count - 1] == lastDocument else {
      throw .corrupt(section: "postings", detail: "block \(block) disagrees with its skip entry")
    }
    return next
  }

  /// The document and frequency of the one posting of a term in one document (unchecked: the
  /// caller checks them), the bounds such a term's missing header would hold.
  @inline(__always)
  static func onlyEntry(
    _ postings: ByteReader, documentCount: Int, features: FormatFeatures
  ) throws(IndexError) -> (document: UInt64, frequency: UInt64) {
    var reader = postings
    guard features.hasRiceCodedBlocks else {
      let entry = try PostingsEntry.read(from: &reader)
      return (entry.delta, entry.frequency)
    }
    var bits = BitReader(reader)
    let k = RiceCode.gapParameter(range: UInt64(documentCount), count: 1)
    let document = try RiceCode.read(parameter: k, from: &bits)
    return (document, try RiceCode.readGamma(from: &bits))
  }

  /// Decodes a version-10 small block: per document its gap as a Rice code (the parameter from
  /// the documents the block may use and its count) and its frequency as a gamma code, then
  /// zero bits to a byte.
  @inline(__always)
  private static func decodeRiceCoded(
    _ reader: inout ByteReader, count: Int, first: UInt64, limit: UInt32,
    docs: UnsafeMutablePointer<UInt32>, freqs: UnsafeMutablePointer<UInt32>
  ) throws(IndexError) -> UInt64 {
    guard first < UInt64(limit) else {
      throw .corrupt(section: "postings", detail: "block starts past the last document")
    }
    let k = RiceCode.gapParameter(range: UInt64(limit) - first, count: count)
    var bits = BitReader(reader)
    var next = first
    for i in 0..<count {
      let doc = next &+ (try RiceCode.read(parameter: k, from: &bits))
      let tf = try RiceCode.readGamma(from: &bits)
      guard doc < UInt64(limit), tf <= UInt64(UInt32.max) else {
        throw .corrupt(
          section: "postings", detail: "document \(doc) or frequency \(tf) out of range")
      }
      docs[i] = UInt32(doc)
      freqs[i] = UInt32(tf)
      next = doc &+ 1
    }
    reader.offset = bits.byteOffset
    return next
  }

  /// Decodes `count` postings entries (every block before version 5, partial blocks of
  /// versions 5–9).
  @inline(__always)
  private static func decodeEntries(
    _ reader: inout ByteReader, count: Int, first: UInt64, limit: UInt32,
    docs: UnsafeMutablePointer<UInt32>, freqs: UnsafeMutablePointer<UInt32>
  ) throws(IndexError) -> UInt64 {
    var next = first
    for i in 0..<count {
      let entry = try PostingsEntry.read(from: &reader)
      let doc = next + entry.delta
      let tf = entry.frequency
      guard doc < UInt64(limit), tf >= 1, tf <= UInt64(UInt32.max) else {
        throw .corrupt(
          section: "postings", detail: "document \(doc) or frequency \(tf) out of range")
      }
      docs[i] = UInt32(doc)
      freqs[i] = UInt32(tf)
      next = doc + 1
    }
    return next
  }
}
