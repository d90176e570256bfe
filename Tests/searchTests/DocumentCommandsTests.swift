import Foundation
import Index
import Testing

@testable import search

/// `list`, `get ID`, `query --offset`, and errors as JSON under `--json` (issue 12, item 5),
/// and `IndexReader.document(id:)` behind `get`, across segments and deletions.
@Suite struct DocumentCommandsTests {
  /// An index of three documents in two segments, one of them then deleted.
  static func index(_ dir: URL) throws -> String {
    let first = dir.appendingPathComponent("a.jsonl")
    try Data(
      "{\"id\":\"1\",\"title\":\"通知\",\"text\":\"教育质量\"}\n{\"id\":\"2\",\"text\":\"校园安全\"}\n".utf8
    ).write(to: first)
    let second = dir.appendingPathComponent("b.jsonl")
    try Data("{\"id\":\"3\",\"text\":\"家庭教育\"}\n".utf8).write(to: second)
    let index = dir.appendingPathComponent("d.idx").path
    #expect(runSearch(["index", first.path, "-o", index]).0 == 0)
    #expect(runSearch(["index", "--update", second.path, "-o", index]).0 == 0)
    #expect(runSearch(["delete", "-i", index, "2"]).0 == 0)
    return index
  }

  @Test func listShowsTheLiveDocumentsInOrder() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let index = try Self.index(dir)
    #expect(runSearch(["list", "-i", index]).1 == "1\t通知\n3\n")
    #expect(
      runSearch(["list", index, "--json"]).1
        == "[{\"id\":\"1\",\"document\":0,\"title\":\"通知\"},{\"id\":\"3\",\"document\":2,\"title\":null}]\n"
    )
  }

  @Test func getPrintsStoredDocumentsAndFailsForAMissingId() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let index = try Self.index(dir)
    #expect(runSearch(["get", "-i", index, "1"]).1 == "通知\n\n教育质量\n")
    let (status, output, errors) = runSearch(["get", "-i", index, "3", "2"])
    #expect(status == 1)
    #expect(output == "== 3\n家庭教育\n")
    #expect(errors == "search: no document with id '2'\n")
    #expect(
      runSearch(["get", "-i", index, "--json", "3"]).1
        == "[{\"id\":\"3\",\"document\":2,\"title\":null,\"text\":\"家庭教育\"}]\n")
    let reader = try IndexReader(path: index)
    #expect(try reader.document(id: "3")?.number == 2)
    #expect(try reader.document(id: "2") == nil)
    #expect(try reader.document(id: "1")?.document.text == "教育质量")
  }

  @Test func offsetPagesThroughResults() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let index = try Self.index(dir)
    let all = runSearch(["query", "-i", index, "--json", "--color", "never", "教育"]).1
    #expect(all.contains("\"id\":\"1\"") && all.contains("\"id\":\"3\""))
    let (_, second, _) = runSearch(["query", "-i", index, "-k", "1", "--offset", "1", "教育"])
    #expect(second.contains("results 2–2:\n\n2. "))
    let queries = dir.appendingPathComponent("q.tsv")
    try Data("q\t教育\n".utf8).write(to: queries)
    let (_, run, _) = runSearch([
      "query", "-i", index, "-k", "1", "--offset", "1", "--batch", queries.path,
    ])
    #expect(run.hasPrefix("q Q0 ") && run.contains(" 2 "))
    #expect(run.split(separator: "\n").count == 1)
  }

  @Test func errorsAreJSONUnderDashDashJSON() throws {
    let (status, output, errors) = runSearch(["query", "-i", "/nonexistent.idx", "--json", "教育"])
    #expect(status == 1)
    #expect(
      output
        == "{\"error\":\"/nonexistent.idx: no such index; build one with 'search index PATH...' (or pass -i FILE)\",\"exit_status\":1}\n"
    )
    #expect(errors.hasPrefix("search: /nonexistent.idx: no such index"))
    let usage = runSearch(["query", "--json", "--bogus", "x"])
    #expect(usage.0 == 64)
    #expect(usage.1 == "{\"error\":\"unknown option '--bogus'\",\"exit_status\":64}\n")
    let batch = runSearch(["query", "--json", "--batch", "q.tsv"])
    #expect(batch.0 == 64)
    #expect(batch.1.contains("does not take --json"))
  }
}
