/// One buffered token of a term of up to 7 bytes, 16 bytes in all: the term is its packed key,
/// so the common token needs no bytes beside it (see `TokenBatch`).
struct BatchToken {
  /// The packed key (see `TermTable.packedKey`), with `TermShard.characterFlag`.
  var key: UInt64
  var document: UInt32
  /// The position in the document (title and text together).
  var position: UInt32
}
