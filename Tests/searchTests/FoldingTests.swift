import Foundation
import Testing

@testable import search

/// Traditional/Simplified folding through the command line (issue 12, item 3): on by default
/// for a new index and recorded in it, so queries and highlights fold the same way; off with
/// `--no-fold`, which gives Lucene's terms.
@Suite struct FoldingTests {
  @Test func eitherScriptFindsBoth() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("d.jsonl")
    try Data(
      "{\"id\":\"t\",\"text\":\"國立臺灣大學\"}\n{\"id\":\"s\",\"text\":\"国立台湾大学\"}\n".utf8
    ).write(to: file)
    let folded = dir.appendingPathComponent("f.idx").path
    let plain = dir.appendingPathComponent("p.idx").path
    #expect(runSearch(["index", file.path, "-o", folded]).0 == 0)
    #expect(runSearch(["index", "--no-fold", file.path, "-o", plain]).0 == 0)
    #expect(queryIDs(folded, ["--all", "臺灣大學"]) == ["s", "t"])
    #expect(queryIDs(folded, ["--all", "台湾大学"]) == ["s", "t"])
    #expect(queryIDs(plain, ["--all", "臺灣大學"]) == ["t"])
    #expect(queryIDs(plain, ["--all", "台湾大学"]) == ["s"])
    // Highlights mark the original text.
    let shown = runSearch(["query", "-i", folded, "--color", "never", "--all", "台湾"]).1
    #expect(shown.contains("國立[臺灣]大學") && shown.contains("国立[台湾]大学"))
    #expect(runSearch(["info", folded]).1.contains("folding:            Traditional → Simplified"))
    #expect(runSearch(["info", plain]).1.contains("folding:            none (Lucene's terms)"))
    // An update keeps the index's folding, and says so when asked for the other.
    let (status, _, errors) = runSearch(["index", "--update", "--no-fold", file.path, "-o", folded])
    #expect(status == 0)
    #expect(
      errors.contains(
        "search: warning: \(folded) folds Traditional to Simplified characters, as it was built; --no-fold applies to a new index"
      ))
    #expect(queryIDs(folded, ["--all", "臺灣"]) == ["s", "t"])
  }

  @Test func analyzeShowsTheTermsOfADefaultIndex() {
    #expect(runSearch(["analyze", "臺灣"]).1 == "台湾\t0\t0..<6\tbigram\n")
    #expect(runSearch(["analyze", "--no-fold", "臺灣"]).1 == "臺灣\t0\t0..<6\tbigram\n")
  }
}
