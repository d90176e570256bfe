// Not a fuzz target: writes the seed corpora, then exits before libFuzzer starts.
//
// FUZZ_SEEDS_OUT=dir FuzzSeeds writes dir/FuzzIndexReader (index files built by IndexWriter
// from the seed documents, each behind the control byte 0; scripts/fuzz.sh adds the golden
// files of every format version), dir/FuzzQuery (queries) and dir/FuzzTokenizer (texts).
import Foundation
import FuzzSupport
import Index

private func write(_ bytes: [UInt8], _ folder: URL, _ name: String) {
  do {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data(bytes).write(to: folder.appendingPathComponent(name))
  } catch {
    FuzzSupport.fail("cannot write \(folder.path)/\(name): \(error)")
  }
}

private func index(_ documents: [Document]) -> [UInt8] {
  let writer = IndexWriter(threads: 1)
  for document in documents { _ = writer.add(document) }
  do { return try writer.build() } catch { FuzzSupport.fail("cannot build a seed index: \(error)") }
}

/// A prefix of `text` of at most `bytes` UTF-8 bytes, cut at a character boundary.
private func prefix(_ text: String, bytes: Int) -> String {
  var out = ""
  var count = 0
  for c in text {
    count += c.utf8.count
    if count > bytes { break }
    out.append(c)
  }
  return out
}

private func makeSeeds(_ out: URL) {
  let docs = FuzzSupport.seedDocuments()
  // Index files: small, so that each execution is fast and mutations land on structure.
  let reader = out.appendingPathComponent("FuzzIndexReader")
  var indexes: [(String, [UInt8])] = []
  indexes.append(("worked-example", index([Document(id: "a", text: "教育")])))
  indexes.append(("empty", index([])))
  for (i, (name, text)) in docs.enumerated() {
    indexes.append(
      ("seed\(i)-short", index([Document(id: name, title: "标题", text: prefix(text, bytes: 300))])))
  }
  indexes.append(
    (
      "seeds-prefixes",
      index(docs.map { Document(id: $0.name, text: prefix($0.text, bytes: 600)) })
    ))
  // More than 128 documents sharing characters: full (bit-packed) blocks, skip entries, impacts.
  let lines = docs.flatMap { $0.text.split(separator: "\n").map { prefix(String($0), bytes: 40) } }
    .filter { !$0.isEmpty }
  indexes.append(
    (
      "many-docs",
      index(
        (0..<140).map {
          Document(
            id: "d\($0)", text: prefix(lines[$0 % max(lines.count, 1)], bytes: 18) + " 教育 2020年")
        })
    ))
  indexes.append(
    (
      "one-char-everywhere",
      index((0..<140).map { Document(id: "\($0)", text: $0 % 3 == 0 ? "党党党 教育" : "党 hello 24日") })
    ))
  indexes.append(
    (
      "mixed-scripts",
      index([
        Document(id: "m1", title: "Ｈｅｌｌｏ", text: "2020年度 次第1名 24日 ｶﾞｷﾞ 한국어 ひらがな カタカナ 😀 37.53kb"),
        Document(id: "m2", text: "学前教育普惠发展，高考改革与中考改革；职业教育。"),
      ])
    ))
  for (name, bytes) in indexes { write([0] + bytes, reader, name + ".bin") }

  let query = out.appendingPathComponent("FuzzQuery")
  var queries = FuzzSupport.sampleQueries
  let tsv = FuzzSupport.repositoryRoot.appendingPathComponent("bench/queries-seeds.tsv")
  if let text = try? String(contentsOf: tsv, encoding: .utf8) {
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      if let q = line.split(separator: "\t").last { queries.append(String(q)) }
    }
  }
  for (i, q) in queries.enumerated() { write(Array(q.utf8), query, "q\(i).txt") }

  let tokenizer = out.appendingPathComponent("FuzzTokenizer")
  var n = 0
  for (_, text) in docs {
    let bytes = Array(text.utf8)
    var start = 0
    while start < bytes.count, n < 64 {  // chunks cut anywhere (also inside a character)
      write(Array(bytes[start..<min(start + 257, bytes.count)]), tokenizer, "t\(n).txt")
      start += 2_999
      n += 1
    }
  }
  for (i, q) in queries.prefix(40).enumerated() { write(Array(q.utf8), tokenizer, "q\(i).txt") }
  write(Array("2020年度 次第1名 24日 ｶﾞｷﾞ 한국어 ひらがな カタカナ 😀👍🏽 37.53kb Ｈｅｌｌｏ İı".utf8), tokenizer, "mixed.txt")
  write(
    [0xE6, 0x95, 0x41, 0xFF, 0xC0, 0x80, 0xED, 0xA0, 0x80, 0xE8, 0x82, 0xB2], tokenizer,
    "invalid.bin")
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
  guard let out = ProcessInfo.processInfo.environment["FUZZ_SEEDS_OUT"] else {
    FuzzSupport.fail("set FUZZ_SEEDS_OUT to the folder to write the corpora into")
  }
  makeSeeds(URL(fileURLWithPath: out))
  exit(0)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt { 0 }
