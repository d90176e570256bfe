import Foundation
import Index
import Testing

@testable import search

/// Runs the tool in-process and returns (status, stdout, stderr).
func runSearch(_ arguments: [String], input: String = "", environment: Environment? = nil)
  -> (Int32, String, String)
{
  var output = ""
  var errors = ""
  let status = Command.run(
    arguments, output: &output, errors: &errors, environment: environment ?? .plain(input: input))
  return (status, output, errors)
}

/// The ids (sorted) that `search query -i index --json -k 20 ARGUMENTS...` returns.
func queryIDs(_ index: String, _ arguments: [String]) -> [String] {
  let output = runSearch(["query", "-i", index, "--json", "-k", "20"] + arguments).1
  let json = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
  let hits = json?["hits"] as? [[String: Any]] ?? []
  return hits.compactMap { $0["id"] as? String }.sorted()
}

/// A fresh temporary folder, removed by the caller.
func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent(
    "search-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// The package's `seeds` folder.
var seedsPath: String {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("seeds").path
}

@Suite struct CommandTests {
  @Test func analyzePrintsTermsPositionsAndByteRanges() {
    let (status, output, errors) = runSearch(["analyze", "2020年教育"])
    #expect(status == 0)
    #expect(errors == "")
    #expect(output == "2020\t0\t0..<4\tword\n年教\t2\t4..<10\tbigram\n教育\t3\t7..<13\tbigram\n")
  }

  @Test func analyzeJSON() {
    let (status, output, _) = runSearch(["analyze", "--json", "我是中国人"])
    #expect(status == 0)
    #expect(
      output
        == """
        [{"term":"我是","position":0,"start":0,"end":6,"kind":"bigram"},\
        {"term":"是中","position":1,"start":3,"end":9,"kind":"bigram"},\
        {"term":"中国","position":2,"start":6,"end":12,"kind":"bigram"},\
        {"term":"国人","position":3,"start":9,"end":15,"kind":"bigram"}]

        """)
  }

  @Test func analyzeReadsStandardInput() {
    let (status, output, _) = runSearch(["analyze", "--json"], input: "Hello, World!")
    #expect(status == 0)
    #expect(
      output
        == "[{\"term\":\"hello\",\"position\":0,\"start\":0,\"end\":5,\"kind\":\"word\"},"
        + "{\"term\":\"world\",\"position\":2,\"start\":7,\"end\":12,\"kind\":\"word\"}]\n")
  }

  @Test func unknownCommandAndOptionExit64() {
    let (status, output, errors) = runSearch(["frobnicate"])
    #expect(status == 64)
    #expect(output == "")
    #expect(errors == "search: unknown command 'frobnicate'\nrun 'search --help' for usage\n")
    let (status2, _, errors2) = runSearch(["analyze", "--bogus", "x"])
    #expect(status2 == 64)
    #expect(errors2 == "search: unknown option '--bogus'\nrun 'search --help' for usage\n")
    let (status3, _, errors3) = runSearch(["query", "-k"])
    #expect(status3 == 64)
    #expect(
      errors3
        == "search: option -k needs a number from 1 to 1000000\nrun 'search --help' for usage\n")
  }

  @Test func helpPrintsUsage() {
    let (status, output, _) = runSearch(["--help"])
    #expect(status == 0)
    #expect(output == Command.usage)
    let (status2, _, errors2) = runSearch([])
    #expect(status2 == 64)
    #expect(errors2 == Command.usage)
  }

  @Test func missingIndexSaysWhatToDo() {
    let (status, _, errors) = runSearch(["info", "/nonexistent/x.idx"])
    #expect(status == 1)
    #expect(
      errors
        == "search: /nonexistent/x.idx: no such index; build one with 'search index PATH...' (or pass -i FILE)\n"
    )
  }

  @Test func indexInfoCheckOnSeeds() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let index = dir.appendingPathComponent("seeds.idx").path
    let (status, output, errors) = runSearch(["index", seedsPath, "-o", index])
    #expect(status == 0, "\(errors)")
    #expect(
      output.hasPrefix("indexed 5 documents (5 added, 0 replaced; 121 KB read) into \(index): "))
    let (infoStatus, info, _) = runSearch(["info", index])
    #expect(infoStatus == 0)
    #expect(info.contains("format version:     \(IndexFormat.version)\n"))
    #expect(info.contains("documents:          5\n"))
    let (checkStatus, check, _) = runSearch(["check", index])
    #expect(checkStatus == 0)
    #expect(check.hasPrefix("\(index): ok (7 section checksums, 5 documents, "))
  }

  @Test func badInputFilesAreReportedAndSkipped() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let docs = dir.appendingPathComponent("docs")
    try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
    try Data("教育质量很重要".utf8).write(to: docs.appendingPathComponent("good.txt"))
    try Data().write(to: docs.appendingPathComponent("empty.txt"))
    try Data([0xE6, 0x95, 0xFF, 0x41]).write(to: docs.appendingPathComponent("bad.txt"))
    try Data([0x41, 0x00, 0x42]).write(to: docs.appendingPathComponent("binary.md"))
    try Data(
      """
      {"id": "j1", "text": "学前教育"}
      {"id": "j2", "text": broken}
      {"text": "no id"}
      {"id": "j1", "title": "新", "text": "学前教育普惠"}

      """.utf8
    ).write(to: docs.appendingPathComponent("lines.jsonl"))
    let index = dir.appendingPathComponent("x.idx").path
    let (status, output, errors) = runSearch(["index", docs.path, "-o", index])
    #expect(status == 0)
    #expect(output.hasPrefix("indexed 2 documents"))
    let root = docs.path
    #expect(
      errors == """
        search: warning: \(root)/bad.txt: skipped (invalid UTF-8 at byte 0, and not GB18030; --encoding names another encoding)
        search: warning: \(root)/binary.md: skipped (binary file: NUL byte at offset 1)
        search: warning: \(root)/empty.txt: skipped (empty file)
        search: warning: \(root)/lines.jsonl:2: skipped (not a JSON object)
        search: warning: \(root)/lines.jsonl:3: skipped (no "id")
        search: note: 1 duplicate id (the last one wins): j1

        """)
  }

  @Test func nothingToIndexIsAnError() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try Data().write(to: dir.appendingPathComponent("empty.txt"))
    let (status, _, errors) = runSearch([
      "index", dir.path, "-o", dir.appendingPathComponent("x.idx").path,
    ])
    #expect(status == 1)
    #expect(
      errors.hasSuffix(
        "search: nothing to index: no readable .txt, .md, .jsonl or .jsonl.gz documents in \(dir.path)\n"
      ))
  }

  @Test func updateReplacesAndDeleteRemoves() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let a = dir.appendingPathComponent("a.jsonl")
    try Data("{\"id\":\"1\",\"text\":\"教育质量\"}\n{\"id\":\"2\",\"text\":\"校园安全\"}\n".utf8).write(
      to: a)
    let b = dir.appendingPathComponent("b.jsonl")
    try Data("{\"id\":\"2\",\"text\":\"食品安全\"}\n{\"id\":\"3\",\"text\":\"家庭教育\"}\n".utf8).write(
      to: b)
    let index = dir.appendingPathComponent("u.idx").path
    #expect(runSearch(["index", a.path, "-o", index]).0 == 0)
    let (status, output, errors) = runSearch(["index", "--update", b.path, "-o", index])
    #expect(status == 0)
    #expect(errors == "")
    #expect(
      output.hasPrefix("indexed 3 documents (1 added, 1 replaced, 0 unchanged; 66 bytes read)"))
    let reader = try IndexReaderProbe.open(index)
    #expect(reader.map(\.id) == ["1", "2", "3"])
    #expect(reader[1].text == "食品安全")
    let (deleteStatus, deleted, _) = runSearch(["delete", "-i", index, "1", "9"])
    #expect(deleteStatus == 1)
    #expect(deleted == "deleted 1 document; 2 remain\n")
    #expect(try IndexReaderProbe.open(index).map(\.id) == ["2", "3"])
  }
}

/// `search query`'s modes: ranked by default, `--all` strict, `--any` Lucene's bag; what the
/// total counts, and a query that was too long.
@Suite struct QueryModeCommandTests {
  /// An index of three small texts in a fresh folder.
  func withIndex(_ body: (String) throws -> Void) throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let corpus = dir.appendingPathComponent("docs.jsonl")
    try Data(
      """
      {"id": "a", "text": "七点常识教你如何有效的预防白癜风"}
      {"id": "b", "text": "如何有效预防白癜风的方法"}
      {"id": "c", "text": "预防感冒的常识"}

      """.utf8
    ).write(to: corpus)
    let index = dir.appendingPathComponent("x.idx").path
    #expect(runSearch(["index", corpus.path, "-o", index]).0 == 0)
    try body(index)
  }

  @Test func theDefaultRanksAndAllFilters() throws {
    try withIndex { index in
      let (status, output, _) = runSearch(["query", "-i", index, "如何有效预防白癜风"])
      #expect(status == 0)
      #expect(
        output.hasPrefix(
          "3 results for 如何有效预防白癜风 (documents with a query term or character; engine "))
      #expect(output.contains("1. b  (score "))
      #expect(output.contains("2. a  (score "))
      let (_, strict, _) = runSearch(["query", "-i", index, "--all", "如何有效预防白癜风"])
      #expect(strict.hasPrefix("1 result for 如何有效预防白癜风 (documents matching every word; engine "))
      let (_, none, _) = runSearch(["query", "-i", index, "--all", "如何有效的预防白癜风的方法"])
      #expect(none == "no results for 如何有效的预防白癜风的方法\n")
      let (both, _, errors) = runSearch(["query", "-i", index, "--all", "--any", "教育"])
      #expect(both == 64)
      #expect(
        errors == "search: --all and --any exclude each other\nrun 'search --help' for usage\n")
    }
  }

  @Test func jsonSaysTheModeWhatTheTotalCountsAndWhetherTheQueryWasCut() throws {
    try withIndex { index in
      let (_, output, _) = runSearch(["query", "-i", index, "--json", "-k", "1", "预防，常识"])
      #expect(
        output.hasPrefix(
          "{\"query\":\"预防，常识\",\"mode\":\"ranked\",\"query_shortened\":null,\"total\":3,"
            + "\"total_is_exact\":"))
      #expect(output.contains("\"total_counts\":\"documents with a query term or character\""))
      let long = String(repeating: "预防", count: 600)
      let (status, cut, _) = runSearch(["query", "-i", index, "--json", long])
      #expect(status == 0)
      #expect(cut.contains("\"query_shortened\":{\"kept_characters\":129,\"characters\":1200}"))
      let (_, text, _) = runSearch(["query", "-i", index, long])
      #expect(
        text.hasPrefix(
          "note: the query is too long; only its first 129 of 1200 characters were searched "
            + "(at most 1000 characters and 128 terms)\n"))
    }
  }
}

/// Writing an index never replaces a file that is not one.
@Suite struct IndexOutputSafetyTests {
  @Test func anOutputThatIsNotAnIndexIsLeftAlone() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let notes = dir.appendingPathComponent("notes.txt")
    try Data("my notes".utf8).write(to: notes)
    let (status, output, errors) = runSearch(["index", seedsPath, "-o", notes.path])
    #expect(status == 1)
    #expect(output == "")
    #expect(
      errors
        == "search: \(notes.path) exists and is not an index; writing the index would replace it "
        + "(remove it or choose another -o)\n")
    #expect(try String(contentsOf: notes, encoding: .utf8) == "my notes")
    // A folder is refused too; an existing index (or an empty file) is replaced.
    let (folderStatus, _, folderErrors) = runSearch(["index", seedsPath, "-o", dir.path])
    #expect(folderStatus == 1)
    #expect(
      folderErrors
        == "search: \(dir.path) is a folder; give -o the path of the index file to write\n")
    let index = dir.appendingPathComponent("x.idx").path
    #expect(runSearch(["index", seedsPath, "-o", index]).0 == 0)
    #expect(runSearch(["index", seedsPath, "-o", index]).0 == 0)
    let empty = dir.appendingPathComponent("empty.idx")
    try Data().write(to: empty)
    #expect(runSearch(["index", seedsPath, "-o", empty.path]).0 == 0)
  }
}
