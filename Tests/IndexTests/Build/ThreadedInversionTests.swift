import TestSupport
import Testing
import Tokenize

@testable import Index

/// Inverting one segment on several threads (shards split between threads, documents split
/// between their tokenizers, in rounds) gives the image a single thread gives, byte for byte,
/// whatever the round size; long terms and titles included.
@Suite struct ThreadedInversionTests {
  @Test(arguments: [(2, 300), (2, 5_000), (3, 1_000), (4, 1 << 23)])
  func threadedInversionIsOneThreadsImage(threads: Int, roundTokens: Int) throws {
    var docs = randomCorpus(seed: 77, documents: 700, maxLength: 120)
    // Terms longer than 7 bytes (the long terms' shard), and a document with no tokens.
    docs[5] = Document(id: "long", title: "超长标题", text: "internationalization 教育质量 abcdefghijk")
    docs[6] = Document(id: "empty", text: "")
    let tokenizer = Tokenizer(emitsCharacters: true, foldsToSimplified: true)
    func image(_ threads: Int) throws -> [UInt8] {
      let part = try SegmentResult.build(
        docs[...], tokenizer: tokenizer, threads: threads, roundTokens: roundTokens)
      #expect(part.documentCount == docs.count)
      return IndexSerializer(documents: docs, segment: part, foldsToSimplified: true)
        .serialize()
    }
    let one = try image(1)
    #expect(try image(threads) == one)
    // The image reads back whole.
    let reader = try SegmentReader(bytes: one)
    #expect(reader.documentCount == docs.count)
  }
}
