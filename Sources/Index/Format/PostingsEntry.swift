/// The postings entry: one document of a term's postings in the variable-length layout
/// (FORMAT.md, `DocEntry`), also used by the build's in-memory postings.
///
/// The entry is the document's delta from the previous one, shifted left by one with the low
/// bit set when the frequency is 1; a frequency other than 1 follows as its own integer. This
/// type is the only place that knows that layout.
enum PostingsEntry {
  /// The first integer of an entry.
  @inline(__always)
  static func code(delta: UInt64, frequency: UInt32) -> UInt64 {
    delta &<< 1 | (frequency == 1 ? 1 : 0)
  }

  /// Whether an entry whose first integer is `code` is followed by its frequency.
  @inline(__always)
  static func hasFrequency(_ code: UInt64) -> Bool { code & 1 == 0 }

  /// The delta an entry's first integer holds.
  @inline(__always)
  static func delta(_ code: UInt64) -> UInt64 { code >> 1 }

  /// Appends one entry.
  @inline(__always)
  static func write<Sink: VarIntSink & ~Copyable>(
    delta: UInt64, frequency: UInt32, to sink: inout Sink
  ) {
    sink.writeVarInt(code(delta: delta, frequency: frequency))
    if frequency != 1 { sink.writeVarInt(UInt64(frequency)) }
  }

  /// Appends one entry at `cursor` (the build's in-memory doc streams).
  @inline(__always)
  static func write<Sink: CursorVarIntSink & ~Copyable>(
    delta: UInt64, frequency: UInt32, to sink: inout Sink, at cursor: inout UInt32
  ) throws(IndexError) {
    try sink.appendVarInt(code(delta: delta, frequency: frequency), at: &cursor)
    if frequency != 1 { try sink.appendVarInt(UInt64(frequency), at: &cursor) }
  }

  /// Reads one entry this process wrote (no bounds checks; see `LEB128.decode`).
  @inline(__always)
  static func decode(_ p: inout UnsafePointer<UInt8>) -> (delta: UInt64, frequency: UInt64) {
    let code = LEB128.decode(&p)
    return (delta(code), hasFrequency(code) ? LEB128.decode(&p) : 1)
  }

  /// Reads one entry from the file, bounds-checked.
  @inline(__always)
  static func read(from reader: inout ByteReader) throws(IndexError) -> (
    delta: UInt64, frequency: UInt64
  ) {
    let code = try reader.readVarInt()
    return (delta(code), hasFrequency(code) ? try reader.readVarInt() : 1)
  }
}
