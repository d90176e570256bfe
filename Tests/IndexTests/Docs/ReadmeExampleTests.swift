import Foundation
import Index
import TestSupport
import Testing

/// The README's library example compiles and runs, and the README shows exactly this code.
@Suite struct ReadmeExampleTests {
  /// The README's example, line for line after its `let path` line.
  func example(path: String) throws -> (SearchResults, (number: Int, document: Document)?, Data) {
    let writer = try IndexWriter(path: path, threads: 2)  // one writer at a time (a lock); Sendable
    writer.add(Document(id: "a", title: "通知", text: "全面提高教育质量"))
    writer.delete(id: "old")
    try writer.commit()  // durable and visible to new readers at once; costs what changed

    let searcher = Searcher(reader: try IndexReader(path: path))
    let results = try searcher.search("如何提高教育质量", options: SearchOptions(limit: 10))
    for hit in results.hits { print(hit.id, hit.snippet?.marked(open: "<b>", close: "</b>") ?? "") }
    let stored = try searcher.reader.document(id: "a")  // by external id: (number, Document)?
    let json = try JSONEncoder().encode(results)  // SearchResults, Hit and Snippet are Codable
    return (results, stored, json)
  }

  @Test func theExampleRuns() throws {
    let folder = try TemporaryFolder()
    let (results, stored, json) = try example(path: folder.path("search.idx"))
    #expect(results.hits.map(\.id) == ["a"])
    #expect(
      results.hits[0].snippet?.marked(open: "<b>", close: "</b>") == "全面<b>提高教育质量</b>")
    #expect(stored?.document.text == "全面提高教育质量")
    let decoded = try JSONDecoder().decode(SearchResults.self, from: json)
    #expect(decoded.hits == results.hits && decoded.total == results.total)
  }

  @Test func theReadmeShowsThisCode() throws {
    let here = URL(fileURLWithPath: #filePath)
    let root = here.deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    let source = try String(contentsOf: here, encoding: .utf8)
    let section = try #require(readme.range(of: "## Using the library"))
    let after = readme[section.upperBound...]
    let start = try #require(after.range(of: "```swift\nimport Foundation\n"))
    let end = try #require(after[start.upperBound...].range(of: "```"))
    let lines = after[start.upperBound..<end.lowerBound].split(separator: "\n")
    #expect(lines.count == 11)
    for line in lines where !line.hasPrefix("import ") && !line.hasPrefix("let path") {
      #expect(source.contains("    " + line), "README line not in the test: \(line)")
    }
  }
}
