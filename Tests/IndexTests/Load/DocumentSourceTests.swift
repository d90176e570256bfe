import Foundation
import Testing

@testable import Index

/// The library's document source, as an app uses it: list the roots, then read.
@Suite struct DocumentSourceTests {
  @Test func listsThenReadsWithIdsKindsAndStamps() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "source-tests-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let docs = dir.appendingPathComponent("docs")
    try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
    let old = Date(timeIntervalSinceNow: -60)
    for (name, text) in [("b.md", "第二"), ("a.txt", "第一"), ("x.html", "<p>")] {
      let path = docs.appendingPathComponent(name).path
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
      try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: path)
    }
    let stdin = Array(#"{"id": 7, "title": "标题", "text": "正文"}"#.utf8)
    var at = 0
    var source = DocumentSource(standardInput: { buffer in
      let n = min(buffer.count, stdin.count - at)
      for i in 0..<n { buffer[i] = stdin[at + i] }
      at += n
      return n
    })
    try source.add([docs.path, "-"])
    #expect(source.files.map(\.kind) == [.text, .text, .standardInput])
    // "-" is not a root of files: one folder keeps its relative ids.
    #expect(source.files.map(\.id) == ["a.txt", "b.md", "-"])
    #expect(source.files[0].stamp?.size == 6)
    #expect(source.files[2].stamp == nil)
    #expect(source.skippedForExtension == [docs.path + "/x.html"])
    var read: [Document] = []
    source.read(skipping: { $0.id.hasSuffix("b.md") }) { document, _, _ in read.append(document) }
    #expect(
      read == [
        Document(id: "a.txt", text: "第一"), Document(id: "7", title: "标题", text: "正文"),
      ])
    #expect(source.warnings.isEmpty)
    #expect(source.bytesRead == 6 + 6 + stdin.count)
    var missing = DocumentSource()
    #expect(throws: SourceError("nowhere: no such file or folder")) { try missing.add(["nowhere"]) }
  }

  /// Lines parsed on several threads come out as on one: the same documents in the same order,
  /// the same warnings with the same line numbers, the same bytes read. The file spans many
  /// 1 MiB blocks (lines across block ends), with blank, broken and escaped lines among them.
  @Test(arguments: [2, 3])
  func linesParsedOnThreadsAreReadAsOnOne(threads: Int) throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "source-threads-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    var lines: [String] = []
    var random = SystemRandomNumberGenerator()
    for i in 0..<12_000 {
      switch i % 97 {
      case 5: lines.append("")
      case 11: lines.append("{\"id\": \"broken-\(i)\", \"text\": ")
      case 13: lines.append("[1, 2]")
      case 17: lines.append(#"{"id": \#(i), "text": "转义\n\u6559\"引号\""}"#)
      default:
        let n = Int.random(in: 1...400, using: &random)
        lines.append(
          #"{"id": "d\#(i)", "title": "标题\#(i)", "text": "\#(String(repeating: "教育质量", count: n))"}"#
        )
      }
    }
    let path = dir.appendingPathComponent("docs.jsonl").path
    try Data((lines.joined(separator: "\n") + "\n{\"id\": \"last\", \"text\": \"无换行\"}").utf8)
      .write(to: URL(fileURLWithPath: path))
    func read(threads: Int) throws -> ([Document], [String], [Int]) {
      var source = DocumentSource(options: DocumentSource.Options(threads: threads))
      try source.add([path])
      var documents: [Document] = []
      var bytes: [Int] = []
      source.read(skipping: { _ in false }) { document, _, read in
        documents.append(document)
        bytes.append(read)
      }
      return (documents, source.warnings, bytes)
    }
    let one = try read(threads: 1)
    let several = try read(threads: threads)
    #expect(one.0.count == 12_000 - 3 * 124 + 1)
    #expect(one.0.last == Document(id: "last", text: "无换行"))
    #expect(one.1.count == 2 * 124)
    #expect(one.1.first == "\(path):12: skipped (not a JSON object)")
    #expect(several.0 == one.0)
    #expect(several.1 == one.1)
    #expect(several.2 == one.2)
  }
}
