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
}
