import Foundation
import Index
import Testing

@testable import search

/// The command line's conventions: per-command help, the version, `-i` for every command that
/// reads an index, CRLF batch files, the singular for 1, the `--` hint and `--color`.
@Suite struct ConventionsTests {
  /// An index of two small texts in a fresh folder.
  func withIndex(_ body: (URL, String) throws -> Void) throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let corpus = dir.appendingPathComponent("docs.jsonl")
    try Data(
      """
      {"id": "a", "text": "七点常识教你如何有效的预防白癜风"}
      {"id": "c", "text": "预防感冒的常识"}

      """.utf8
    ).write(to: corpus)
    let index = dir.appendingPathComponent("x.idx").path
    #expect(runSearch(["index", corpus.path, "-o", index]).0 == 0)
    try body(dir, index)
  }

  @Test func everyCommandHasItsOwnHelp() {
    for command in ["index", "query", "delete", "info", "check", "analyze"] {
      for option in ["--help", "-h"] {
        let (status, output, errors) = runSearch([command, option])
        #expect(status == 0)
        #expect(errors == "")
        #expect(output == Command.usage(of: command))
        #expect(output.hasPrefix("search \(command): "))
      }
    }
    #expect(
      Command.usage(of: "info")
        == "search info: show what an index holds\n\nusage:\n  search info [-i FILE | FILE]\n"
        + "      format version, counts and section sizes\n")
    #expect(
      Command.usage(of: "delete")
        == "search delete: remove documents from an index\n\nusage:\n  search delete [-i FILE] ID...\n"
        + "      remove documents by id\n")
    let query = Command.usage(of: "query")
    #expect(
      query.contains("\n  search query [-i FILE] [-k N] [--offset N] [--all | --any] [--json] "))
    #expect(
      query.hasSuffix(
        "\n  search query [-i FILE] [-k N] [--all | --any] --batch QUERIES.tsv [--tag TAG]\n"
          + "      run qid<TAB>query lines and write a TREC run (qid Q0 docid rank score tag)\n"))
    // After `--`, --help is a word of the query, not a request for help.
    let (status, _, errors) = runSearch(["query", "-i", "/nonexistent/x.idx", "--", "--help"])
    #expect(status == 1)
    #expect(errors.hasPrefix("search: /nonexistent/x.idx: no such index"))
  }

  @Test func versionPrintsTheVersion() {
    #expect(Command.version == "0.9.0")
    for spelling in ["--version", "version"] {
      let (status, output, errors) = runSearch([spelling])
      #expect(status == 0)
      #expect(output == "search 0.9.0\n")
      #expect(errors == "")
    }
  }

  @Test func infoAndCheckTakeDashI() throws {
    try withIndex { _, index in
      let (infoStatus, info, _) = runSearch(["info", "-i", index])
      #expect(infoStatus == 0)
      #expect(info.hasPrefix("index:              \(index)\nformat version:     "))
      #expect(info.contains("\ndocuments:          2\n"))
      #expect(info == runSearch(["info", index]).1)
      let (checkStatus, check, _) = runSearch(["check", "--index", index])
      #expect(checkStatus == 0)
      #expect(
        check == "\(index): ok (7 section checksums, 2 documents, 37 terms, 44 postings verified)\n"
      )
      #expect(runSearch(["check", index]).1 == check)
      for command in ["info", "check"] {
        let (status, output, errors) = runSearch([command, "-i", index, index])
        #expect(status == 64)
        #expect(output == "")
        #expect(
          errors
            == "search: \(command): give the index either with -i or as FILE, not both\n"
            + "run 'search --help' for usage\n")
      }
    }
  }

  @Test func batchFilesWithCRLFLineEndings() throws {
    try withIndex { dir, index in
      let queries = dir.appendingPathComponent("q.tsv")
      try Data("1\t常识\r\n\r\n2 no tab\r\n3\t感冒\n4\t白癜风\r".utf8).write(to: queries)
      let (status, output, errors) = runSearch(["query", "-i", index, "--batch", queries.path])
      #expect(status == 1)
      #expect(
        output == """
          1 Q0 c 1 0.200984 search
          1 Q0 a 2 0.141022 search
          3 Q0 c 1 0.764099 search
          4 Q0 a 1 0.938238 search

          """)
      #expect(errors == "search: \(queries.path):3: skipped (no tab between qid and query)\n")
    }
  }

  @Test func countsOfOneAreSingular() throws {
    #expect(Format.count(1, "document") == "1 document")
    #expect(Format.count(0, "document") == "0 documents")
    #expect(Format.count(2, "entry", "entries") == "2 entries")
    #expect(Format.bytes(1) == "1 byte")
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let corpus = dir.appendingPathComponent("one.jsonl")
    try Data("{\"id\":\"1\",\"text\":\"教\"}\n{\"id\":\"2\",\"text\":\"x\"}\n".utf8).write(
      to: corpus)
    let index = dir.appendingPathComponent("x.idx").path
    let (status, output, _) = runSearch(["index", corpus.path, "-o", index])
    #expect(status == 0)
    #expect(
      output.hasPrefix(
        "indexed 2 documents (2 added, 0 replaced; 46 bytes read) into \(index): 1 segment, "))
    let (deleteStatus, deleted, _) = runSearch(["delete", "-i", index, "1"])
    #expect(deleteStatus == 0)
    #expect(deleted == "deleted 1 document; 1 remains\n")
    let (_, check, _) = runSearch(["check", index])
    // The deleted document stays in its segment until the index is optimized.
    #expect(
      check
        == "\(index): ok (7 section checksums, 2 documents, 3 terms, 3 postings verified; 1 deleted document kept until optimize)\n"
    )
    let (_, optimized, _) = runSearch(["optimize", index])
    #expect(optimized.hasPrefix("optimized \(index): 1 document in 1 segment, "))
    let (_, after, _) = runSearch(["check", index])
    #expect(after == "\(index): ok (7 section checksums, 1 document, 1 term, 1 posting verified)\n")
    let (_, info, _) = runSearch(["info", index])
    #expect(
      info.contains(
        "\nterms:              1 (1 bigram/word term, 0 character terms, "
          + "0 attached-character terms)\n"))
    let single = dir.appendingPathComponent("single.jsonl")
    try Data("{\"id\":\"x\",\"text\":\"y\"}\n".utf8).write(to: single)
    let (_, one, _) = runSearch(["index", single.path, "-o", index])
    #expect(
      one.hasPrefix(
        "indexed 1 document (1 added, 0 replaced; 22 bytes read) into \(index): 1 segment, "))
  }

  @Test func anUnknownDashWordGetsTheDashDashHint() throws {
    try withIndex { _, index in
      let (status, output, errors) = runSearch(["query", "-i", index, "常识", "-markdown"])
      #expect(status == 64)
      #expect(output == "")
      #expect(
        errors
          == "search: unknown option '-markdown' (to exclude a word, put it after --: "
          + "search query -- 常识 -markdown)\nrun 'search --help' for usage\n")
      // Written that way, the word is an exclusion.
      let (after, results, _) = runSearch(["query", "-i", index, "--", "常识", "-markdown"])
      #expect(after == 0)
      #expect(results.hasPrefix("2 results for 常识 -markdown ("))
      // A long option, or another command, gets no hint.
      let (_, _, long) = runSearch(["query", "-i", index, "常识", "--markdown"])
      #expect(long == "search: unknown option '--markdown'\nrun 'search --help' for usage\n")
      let (_, _, analyze) = runSearch(["analyze", "-x", "常识"])
      #expect(analyze == "search: unknown option '-x'\nrun 'search --help' for usage\n")
    }
  }

  @Test func colorAutoAlwaysNeverAndTermDumb() throws {
    try withIndex { _, index in
      let red = "   预防感冒的\u{1B}[1;31m常识\u{1B}[0m"
      let plain = "   预防感冒的[常识]"
      func snippet(_ options: [String], _ environment: Environment) -> String? {
        let (status, output, _) = runSearch(
          ["query", "-i", index] + options + ["常识"], environment: environment)
        #expect(status == 0)
        return output.split(separator: "\n").map(String.init).first { $0.hasPrefix("   预防") }
      }
      var terminal = Environment.plain()
      terminal.outputIsTerminal = true
      terminal.noColor = false
      terminal.term = "xterm-256color"
      #expect(snippet([], terminal) == red)
      #expect(snippet(["--color=auto"], terminal) == red)
      #expect(snippet(["--color", "never"], terminal) == plain)
      #expect(snippet(["--color", "always"], .plain()) == red)
      #expect(snippet(["--color=always"], .plain()) == red)
      #expect(snippet([], .plain()) == plain)
      var dumb = terminal
      dumb.term = "dumb"
      #expect(snippet([], dumb) == plain)
      #expect(snippet(["--color", "always"], dumb) == red)
      var noColor = terminal
      noColor.noColor = true
      #expect(snippet([], noColor) == plain)
      let (status, _, errors) = runSearch(["query", "-i", index, "--color=sometimes", "常识"])
      #expect(status == 64)
      #expect(
        errors
          == "search: option --color needs one of: auto, always, never\n"
          + "run 'search --help' for usage\n")
    }
  }
}
