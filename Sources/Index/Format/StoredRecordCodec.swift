/// A document's stored record as read back: its id (bytes of the mapped file) and its title
/// and text (decoded, or copied from a version 1–6 record), title first.
package struct StoredRecord {
  /// The id's UTF-8 bytes, valid while the reader lives.
  package let id: UnsafeRawBufferPointer
  /// The title's UTF-8 bytes, then the text's.
  package let content: [UInt8]
  /// The title's byte length (0: no title).
  package let titleLength: Int

  package var title: ArraySlice<UInt8> { content[..<titleLength] }
  package var text: ArraySlice<UInt8> { content[titleLength...] }
}

/// The one owner of the stored record's bytes (FORMAT.md, `Record`): writes version-8 records,
/// reads every version's, and verifies their checksums.
///
/// ```
/// Record (v8)   := idLength varint  id bytes  titleLength varint  textLength varint
///                  coded bytes  recordCRC u32
/// Record (v6)   := idLength varint  id bytes  titleLength varint  title bytes  text bytes
///                  recordCRC u32                       (v1–5: without recordCRC)
/// ```
enum StoredRecordCodec {
  /// Appends the version-8 record of `id`, `title` and `text` (UTF-8), coded by `encoder`.
  static func append(
    id: UnsafeBufferPointer<UInt8>, title: UnsafeBufferPointer<UInt8>,
    text: UnsafeBufferPointer<UInt8>, encoder: StoredTextEncoder, to out: inout OutputBuffer
  ) {
    let start = out.count
    out.writeVarInt(id.count)
    out.append(id)
    out.writeVarInt(title.count)
    out.writeVarInt(text.count)
    encoder.encode(title, text, into: &out)
    let record = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(out.bytes)[start...])
    out.write(CRC32.checksum(record))
  }

  /// The byte size of the record `append` writes.
  static func size(
    id: UnsafeBufferPointer<UInt8>, title: UnsafeBufferPointer<UInt8>,
    text: UnsafeBufferPointer<UInt8>, encoder: StoredTextEncoder
  ) -> Int {
    LEB128.encodedLength(UInt64(id.count)) + id.count
      + LEB128.encodedLength(UInt64(title.count)) + LEB128.encodedLength(UInt64(text.count))
      + (encoder.bitCount(title, text) + 7) / 8 + 4
  }

  /// The record without its checksum, once the checksum (its last 4 bytes) is verified.
  static func verified(_ record: UnsafeRawBufferPointer, doc: Int, in path: String? = nil)
    throws(IndexError) -> UnsafeRawBufferPointer
  {
    guard record.count >= 4 else {
      throw .corrupt(section: "stored documents", detail: "document \(doc) has no checksum")
    }
    let body = UnsafeRawBufferPointer(rebasing: record[..<(record.count - 4)])
    let expected = record.loadUnaligned(fromByteOffset: record.count - 4, as: UInt32.self)
    guard CRC32.checksum(body) == UInt32(littleEndian: expected) else {
      let of = path.map { " of \($0)" } ?? ""
      throw .corrupt(
        section: "stored documents", detail: "document \(doc)\(of): record checksum mismatch")
    }
    return body
  }

  /// Reads a record's id, title and text from `body` (the record less its checksum); with a
  /// `decoder` the record is version 8 (coded), else verbatim.
  static func read(_ body: UnsafeRawBufferPointer, decoder: StoredTextDecoder?)
    throws(IndexError) -> StoredRecord
  {
    var reader = ByteReader(body, from: 0, to: body.count, section: "stored documents")
    let id = try reader.readBytes(try reader.readVarInt(max: body.count))
    let titleLength: Int
    let content: [UInt8]
    if let decoder {
      // Each scalar takes a bit at least and 4 bytes at most.
      titleLength = try reader.readVarInt(max: 32 * body.count)
      let textLength = try reader.readVarInt(max: 32 * body.count)
      let coded = UnsafeRawBufferPointer(rebasing: body[reader.offset...])
      content = try decoder.decode(coded, titleLength: titleLength, textLength: textLength)
    } else {
      titleLength = try reader.readVarInt(max: body.count)
      _ = try reader.readBytes(titleLength)
      content = Array(UnsafeRawBufferPointer(rebasing: body[(reader.offset - titleLength)...]))
    }
    return StoredRecord(id: id, content: content, titleLength: titleLength)
  }

  /// A record's id and title from `body` (the record less its checksum), without decoding
  /// its text; with a `decoder` the record is version 8 (coded), else verbatim.
  static func readTitle(_ body: UnsafeRawBufferPointer, decoder: StoredTextDecoder?)
    throws(IndexError) -> (id: UnsafeRawBufferPointer, title: [UInt8])
  {
    var reader = ByteReader(body, from: 0, to: body.count, section: "stored documents")
    let id = try reader.readBytes(try reader.readVarInt(max: body.count))
    guard let decoder else {
      let title = try reader.readBytes(try reader.readVarInt(max: body.count))
      return (id, Array(title))
    }
    let titleLength = try reader.readVarInt(max: 32 * body.count)
    let textLength = try reader.readVarInt(max: 32 * body.count)
    let coded = UnsafeRawBufferPointer(rebasing: body[reader.offset...])
    return (
      id, try decoder.decodeTitle(coded, titleLength: titleLength, textLength: textLength)
    )
  }

  /// The id of a record (verified or not), without reading the rest.
  static func id(_ record: UnsafeRawBufferPointer) throws(IndexError) -> UnsafeRawBufferPointer {
    var reader = ByteReader(record, from: 0, to: record.count, section: "stored documents")
    return try reader.readBytes(try reader.readVarInt(max: record.count))
  }
}
