import Foundation
import Testing

@testable import search

/// `AND`, `NOT`, `+`, `!`, `||`, prefixes and glued numbers through the command line (issue
/// 12, item 4), in a two-segment index.
@Suite struct QueryLanguageTests {
  @Test func operatorsPrefixesAndGluedNumbers() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let lines = [
      ("1", "苹果 华为 合作"), ("2", "苹果 手机"), ("3", "华为 Mate60 发布"), ("4", "网络 5G 建设"),
      ("5", "网络 安全"), ("6", "iPhone15 上市"), ("7", "computer 与 computing"),
    ]
    let first = dir.appendingPathComponent("a.jsonl")
    let second = dir.appendingPathComponent("b.jsonl")
    func jsonl(_ part: ArraySlice<(String, String)>) -> Data {
      Data(part.map { "{\"id\":\"\($0.0)\",\"text\":\"\($0.1)\"}\n" }.joined().utf8)
    }
    try jsonl(lines[..<4]).write(to: first)
    try jsonl(lines[4...]).write(to: second)
    let index = dir.appendingPathComponent("q.idx").path
    #expect(runSearch(["index", first.path, "-o", index]).0 == 0)
    #expect(runSearch(["index", "--update", second.path, "-o", index]).0 == 0)
    #expect(queryIDs(index, ["苹果", "AND", "华为"]) == ["1"])
    #expect(queryIDs(index, ["苹果 && 华为"]) == ["1"])
    #expect(queryIDs(index, ["+苹果", "手机"]) == ["1", "2"])
    #expect(queryIDs(index, ["网络", "NOT", "5G"]) == ["5"])
    #expect(queryIDs(index, ["网络 !5G"]) == ["5"])
    #expect(queryIDs(index, ["--all", "苹果 || 网络"]) == ["1", "2", "4", "5"])
    #expect(queryIDs(index, ["comput*"]) == ["7"])
    #expect(queryIDs(index, ["iPhone"]) == ["6"])
    #expect(queryIDs(index, ["mate"]) == ["3"])
    #expect(queryIDs(index, ["--any", "mate"]) == [])
    #expect(queryIDs(index, ["\"mate\""]) == [])
    // JSON highlights come in UTF-8 bytes, Unicode scalars and UTF-16 units.
    let json = runSearch(["query", "-i", index, "--json", "网络", "安全"]).1
    #expect(
      json.contains(
        "\"highlights\":[[0,6],[7,13]],\"highlights_scalars\":[[0,2],[3,5]],\"highlights_utf16\":[[0,2],[3,5]]"
      ))
    // The echo shows the query as typed.
    let echo = runSearch(["query", "-i", index, "--color", "never", "comput*"]).1
    #expect(echo.hasPrefix("1 result for comput* "))
  }
}
