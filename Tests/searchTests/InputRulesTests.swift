import Foundation
import Index
import Testing

@testable import search

/// The ids of the index at `index`, in index order (`search list`).
func listedIDs(_ index: String) -> [String] {
  let (_, output, _) = runSearch(["list", "-i", index])
  return output.split(separator: "\n").map { String($0.split(separator: "\t").first ?? "") }
}

/// Issue 12, item 2: `.jsonl.gz`, standard input, links, hidden files, extensions, ids.
@Suite struct InputRulesTests {
  static let lines = Array(
    """
    {"id": "g1", "text": "学前教育普惠"}
    {"id": "g2", "text": "教育质量"}
    {"id": "g1", "text": "学前教育普惠发展"}

    """.utf8)

  @Test func gzipLinesInFoldersAndGiven() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let gz = try gzipBytes(Self.lines)
    try write(gz, dir, "docs/a.jsonl.gz")
    try write(gz, dir, "b.JSONL.GZ")
    let index = dir.appendingPathComponent("x.idx").path
    let (status, output, errors) = runSearch([
      "index", dir.appendingPathComponent("docs").path, "-o", index,
    ])
    #expect(status == 0)
    #expect(output.hasPrefix("indexed 2 documents (2 added, 0 replaced; \(gz.count) bytes read)"))
    #expect(errors == "search: note: 1 duplicate id (the last one wins): g1\n")
    #expect(storedText(index, "g1") == "学前教育普惠发展")
    let given = dir.appendingPathComponent("b.JSONL.GZ").path
    #expect(runSearch(["index", given, "-o", index]).0 == 0)
    #expect(listedIDs(index) == ["g1", "g2"])
    // Damaged: cut in the middle, and a bad checksum.
    try write(Array(gz.prefix(gz.count / 2)), dir, "cut/a.jsonl.gz")
    var flipped = gz
    flipped[gz.count - 8] ^= 0xFF
    try write(flipped, dir, "cut/b.jsonl.gz")
    try write(Array(#"{"id": "ok", "text": "好"}"#.utf8), dir, "cut/c.jsonl")
    let cut = dir.appendingPathComponent("cut").path
    let (cutStatus, _, cutErrors) = runSearch(["index", cut, "-o", index])
    #expect(cutStatus == 0)
    #expect(
      cutErrors.hasPrefix(
        """
        search: warning: \(cut)/a.jsonl.gz: skipped (truncated gzip data (the input ends at byte \(gz.count / 2)))
        search: warning: \(cut)/b.jsonl.gz: stopped after line 3 (corrupt gzip data at byte \(gz.count - 8): CRC-32 mismatch in member 1 (stored 0x
        """))
  }

  @Test func dashReadsJSONLinesFromStandardInput() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let index = dir.appendingPathComponent("x.idx").path
    for input in [Self.lines, try gzipBytes(Self.lines)] {
      let (status, output, errors) = runSearch(
        ["index", "-", "-o", index], environment: .plain(bytes: input))
      #expect(status == 0)
      #expect(output.hasPrefix("indexed 2 documents (2 added, 0 replaced; "))
      #expect(errors == "search: note: 1 duplicate id (the last one wins): g1\n")
      #expect(listedIDs(index) == ["g1", "g2"])
    }
    // No stamps: an update replaces every document from standard input.
    let (status, output, _) = runSearch(
      ["index", "--update", "-", "-o", index], environment: .plain(bytes: Self.lines))
    #expect(status == 0)
    #expect(output.hasPrefix("indexed 2 documents (0 added, 2 replaced, 0 unchanged; "))
    let (twice, _, twiceErrors) = runSearch(["index", "-", "-", "-o", index])
    #expect(twice == 1)
    #expect(twiceErrors == "search: standard input (-) is given twice\n")
  }

  @Test func hiddenNamesAndOtherExtensions() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let docs = dir.appendingPathComponent("docs")
    try write(Array("教育".utf8), docs, "a.txt")
    try write(Array("隐藏".utf8), docs, ".hidden.md")
    try write(Array("配置".utf8), docs, ".git/config.txt")
    try write(Array("<p>".utf8), docs, "page.html")
    try write(Array("rst".utf8), docs, "sub/notes.rst")
    try write(Array("x".utf8), docs, "sub/README")
    try write(Array("y".utf8), docs, "sub/more.HTML")
    let index = dir.appendingPathComponent("x.idx").path
    let (status, _, errors) = runSearch(["index", docs.path, "-o", index])
    #expect(status == 0)
    #expect(
      errors
        == "search: note: skipped 4 files with other extensions (.html, .rst, no extension); "
        + "--verbose names them\n")
    #expect(listedIDs(index) == ["a.txt"])
    let (_, _, verbose) = runSearch(["index", docs.path, "-o", index, "--hidden", "--verbose"])
    #expect(
      verbose == """
        search: note: \(docs.path)/page.html: skipped (not .txt, .md, .jsonl or .jsonl.gz)
        search: note: \(docs.path)/sub/README: skipped (not .txt, .md, .jsonl or .jsonl.gz)
        search: note: \(docs.path)/sub/more.HTML: skipped (not .txt, .md, .jsonl or .jsonl.gz)
        search: note: \(docs.path)/sub/notes.rst: skipped (not .txt, .md, .jsonl or .jsonl.gz)

        """)
    #expect(listedIDs(index) == [".git/config.txt", ".hidden.md", "a.txt"])
    let (given, _, _) = runSearch([
      "index", docs.appendingPathComponent(".hidden.md").path, "-o", index,
    ])
    #expect(given == 0)
    #expect(listedIDs(index) == [".hidden.md"])
  }

  @Test func linksAreFollowedOnceAndFilesListedOnce() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let docs = dir.appendingPathComponent("docs")
    try write(Array("教育".utf8), docs, "a.txt")
    try write(Array("外部".utf8), dir, "outside/b.txt")
    let fm = FileManager.default
    try fm.createSymbolicLink(
      atPath: docs.appendingPathComponent("linked").path, withDestinationPath: "../outside")
    try fm.createSymbolicLink(
      atPath: docs.appendingPathComponent("again").path, withDestinationPath: "../outside")
    try fm.createSymbolicLink(
      atPath: docs.appendingPathComponent("loop").path, withDestinationPath: ".")
    try fm.createSymbolicLink(
      atPath: docs.appendingPathComponent("z-link.txt").path, withDestinationPath: "a.txt")
    try fm.createSymbolicLink(
      atPath: docs.appendingPathComponent("gone.txt").path, withDestinationPath: "nothing.txt")
    let index = dir.appendingPathComponent("x.idx").path
    let (status, _, errors) = runSearch(["index", docs.path, "-o", index])
    #expect(status == 0)
    #expect(
      errors == """
        search: warning: \(docs.path)/gone.txt: skipped (a symbolic link to nothing)
        search: note: skipped 1 path to files listed already (links); --verbose names them

        """)
    #expect(listedIDs(index) == ["a.txt", "again/b.txt"])
    let (_, _, verbose) = runSearch(["index", docs.path, "-o", index, "--verbose"])
    #expect(
      verbose.hasSuffix(
        "search: note: \(docs.path)/z-link.txt: skipped (the same file as one listed already)\n"))
    // A symbolic link given as the root is followed too.
    let root = dir.appendingPathComponent("root-link").path
    try fm.createSymbolicLink(atPath: root, withDestinationPath: docs.path)
    #expect(runSearch(["index", root, "-o", index]).0 == 0)
    #expect(listedIDs(index) == ["a.txt", "again/b.txt"])
  }

  @Test func severalRootsKeepTheirFilesApartAndUpdateInPlace() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try write(Array("二〇二三年报告".utf8), dir, "y2023/report.txt")
    try write(Array("二〇二四年报告".utf8), dir, "y2024/report.txt")
    try write(try gzipBytes(Self.lines), dir, "y2024/lines.jsonl.gz")
    let index = dir.appendingPathComponent("x.idx").path
    let a = dir.appendingPathComponent("y2023").path
    let b = dir.appendingPathComponent("y2024").path + "/"
    let (status, output, _) = runSearch(["index", a, b, "-o", index])
    #expect(status == 0)
    #expect(output.hasPrefix("indexed 4 documents (4 added, 0 replaced; "))
    let ids = ["\(a)/report.txt", "g1", "g2", "\(b)report.txt"]
    #expect(listedIDs(index) == ids)
    let (_, update, _) = runSearch(["index", "--update", a, b, "-o", index])
    #expect(update.hasPrefix("indexed 4 documents (0 added, 0 replaced, 4 unchanged; "))
    try write(Array("二〇二四年报告（修订）".utf8), dir, "y2024/report.txt")
    try FileManager.default.removeItem(atPath: a + "/report.txt")
    try write(Array("新".utf8), dir, "y2023/new.md")
    let (_, sync, _) = runSearch(["sync", a, b, "-o", index])
    #expect(sync.hasPrefix("indexed 4 documents (1 added, 1 replaced, 2 unchanged, 1 removed; "))
    #expect(listedIDs(index) == ["g1", "g2", "\(a)/new.md", "\(b)report.txt"])
    // One root: ids as before, relative to it.
    let (_, one, _) = runSearch(["index", a, "-o", index])
    #expect(one.hasPrefix("indexed 1 document "))
    #expect(listedIDs(index) == ["new.md"])
  }
}
