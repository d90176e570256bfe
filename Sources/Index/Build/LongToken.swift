/// One buffered token of a term longer than 7 bytes: its key is a hash, so its bytes wait in
/// the batch beside it (at `offset`; see `TokenBatch.appendLong`).
struct LongToken {
  var key: UInt64
  var document: UInt32
  var position: UInt32
  var offset: Int
  var isCharacter: Bool
}
