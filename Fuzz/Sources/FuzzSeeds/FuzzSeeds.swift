// Not a fuzz target: writes the seed corpora, then exits before libFuzzer starts.
//
// FUZZ_SEEDS_OUT=dir FuzzSeeds writes dir/FuzzIndexReader (version-6 images built by
// IndexWriter.buildImage() from the seed documents, each behind the control byte 0;
// scripts/fuzz.sh adds the golden files of versions 1–6), dir/FuzzCommits (version-7 files:
// IndexWriter.build() of small corpora, and files of several commits, deletions, a replaced
// document and a merge written by IndexWriter(path:) in a temporary folder; scripts/fuzz.sh
// adds the golden version-7 file), dir/FuzzQuery (queries) and dir/FuzzTokenizer (texts).
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

/// The version-6 image of `documents` (FuzzIndexReader's inputs).
private func index(_ documents: [Document]) -> [UInt8] {
  let writer = IndexWriter(threads: 1)
  for document in documents { _ = writer.add(document) }
  do { return try writer.buildImage() } catch {
    FuzzSupport.fail("cannot build a seed index: \(error)")
  }
}

/// The version-7 file of one segment that `build()` writes for `documents`.
private func file(_ documents: [Document]) -> [UInt8] {
  let writer = IndexWriter(threads: 1)
  for document in documents { _ = writer.add(document) }
  do { return try writer.build() } catch {
    FuzzSupport.fail("cannot build a seed index: \(error)")
  }
}

/// A version-7 file written by `IndexWriter(path:)` in a temporary folder: `steps` runs on
/// one writer (adds, deletes, commits), then the file's bytes are returned.
private func committed(_ name: String, _ steps: (IndexWriter) throws(IndexError) -> Void)
  -> [UInt8]
{
  let folder = FileManager.default.temporaryDirectory
    .appendingPathComponent("fuzz-seeds-\(getpid())-\(name)")
  try? FileManager.default.removeItem(at: folder)
  do {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  } catch {
    FuzzSupport.fail("cannot make \(folder.path): \(error)")
  }
  defer { try? FileManager.default.removeItem(at: folder) }
  let path = folder.appendingPathComponent("index.zhsx").path
  // The writer (and its lock) ends before the file is read.
  func run() throws(IndexError) {
    let writer = try IndexWriter(path: path, threads: 1, memoryBudget: 1 << 20)
    try steps(writer)
  }
  do { try run() } catch {
    FuzzSupport.fail("cannot write the seed index \(name): \(error)")
  }
  guard let data = FileManager.default.contents(atPath: path) else {
    FuzzSupport.fail("cannot read \(path)")
  }
  return Array(data)
}

/// A seed of FuzzCommits is intact: resealing it changes no byte (so the reseal helper parses
/// the slots and manifests as the reader does), and it opens and checks.
private func verify(_ name: String, _ bytes: [UInt8]) {
  var resealed = bytes
  FuzzSupport.resealCommits(&resealed, .everything)
  guard resealed == bytes else { FuzzSupport.fail("resealing the seed \(name) changed it") }
  do {
    let reader = try IndexReader(bytes: bytes, name: name)
    let report = try reader.check()
    FileHandle.standardError.write(
      Data(
        ("FuzzSeeds: FuzzCommits/\(name): \(bytes.count) bytes, \(report.segments) segments, "
          + "\(reader.documentCount) live documents, \(report.deletedDocuments) deleted\n").utf8))
  } catch {
    FuzzSupport.fail("the seed \(name) does not open or check: \(error)")
  }
}

/// The seeds of FuzzCommits: one-segment files and files of several commits.
private func commitSeeds(_ out: URL, lines: [String]) {
  let folder = out.appendingPathComponent("FuzzCommits")
  func text(_ i: Int) -> String { prefix(lines.isEmpty ? "教育" : lines[i % lines.count], bytes: 24) }
  var files: [(String, [UInt8])] = []
  files.append(("worked-example", file([Document(id: "a", text: "教育")])))
  files.append(("empty", file([])))
  files.append(
    (
      "small",
      file([
        Document(id: "b", title: "标题", text: "学前教育普惠发展，高考改革与中考改革。"),
        Document(id: "a", text: "全面提高教育质量 2020年 hello world"),
        Document(id: "c", text: "党 教育 ひらがな 😀"),
      ])
    ))
  // Three commits: adds, a delete of a committed document, a replaced one, with stamps.
  files.append(
    (
      "commits-deletes",
      committed("commits-deletes") { (w) throws(IndexError) in
        for i in 0..<4 {
          w.add(
            Document(id: "d\(i)", text: text(i) + " 教育 2020年"),
            stamp: DocumentTable.Stamp(size: UInt64(10 + i), modified: Int64(i) << 30, file: 7))
        }
        try w.commit()
        w.add(Document(id: "d4", text: text(4) + " 教育质量"))
        w.add(Document(id: "d5", text: "hello 党"))
        w.delete(id: "d1")
        try w.commit()
        w.delete(id: "d2")
        w.add(Document(id: "d0", title: "新", text: "高考 OR 中考 改革 教育"))
        try w.commit()
      }
    ))
  // Nine one-document commits: the eighth merges the last eight segments into one; deletes
  // before and after the merge (records on merged and unmerged segments).
  files.append(
    (
      "merge",
      committed("merge") { (w) throws(IndexError) in
        for i in 0..<9 {
          w.add(Document(id: "m\(i)", text: text(i + 3) + " 教育"))
          if i == 3 { w.delete(id: "m1") }
          try w.commit()
        }
        w.delete(id: "m5")
        w.delete(id: "m8")
        try w.commit()
      }
    ))
  // Deletes then optimize: a compacted file of one segment, nothing deleted.
  files.append(
    (
      "optimized",
      committed("optimized") { (w) throws(IndexError) in
        for i in 0..<6 { w.add(Document(id: "o\(i)", text: text(i + 7) + " 党")) }
        try w.commit()
        w.delete(id: "o2")
        try w.commit()
        try w.optimize()
      }
    ))
  for (name, bytes) in files {
    verify(name, bytes)
    write([0] + bytes, folder, name + ".bin")
  }
  // scripts/fuzz.sh adds the golden version-7 file: it must reseal to itself too.
  let golden = FuzzSupport.repositoryRoot.appendingPathComponent(
    "Tests/IndexTests/Golden/v7/small.zhsx")
  if let data = FileManager.default.contents(atPath: golden.path) {
    verify("golden-v7-small", Array(data))
  }
  // An interrupted append: bytes after the last commit (check() reports them).
  if let (_, bytes) = files.first(where: { $0.0 == "commits-deletes" }) {
    write([0] + bytes + Array(repeating: 0xAB, count: 40), folder, "uncommitted-tail.bin")
  }
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
  commitSeeds(out, lines: lines)

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
