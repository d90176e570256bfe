import Foundation
import Index
import Testing

@testable import search

/// `echo TEXT | iconv -f UTF-8 -t ENCODING`: real bytes of another encoding.
func iconvBytes(_ text: String, to encoding: String) throws -> [UInt8] {
  try pipe(["iconv", "-f", "UTF-8", "-t", encoding], Array(text.utf8))
}

/// `gzip -c` of `bytes`.
func gzipBytes(_ bytes: [UInt8]) throws -> [UInt8] { try pipe(["gzip", "-c", "-n"], bytes) }

/// Runs a tool with `input` on standard input (through a file: no pipe to fill) and returns
/// its standard output.
private func pipe(_ command: [String], _ input: [UInt8]) throws -> [UInt8] {
  let dir = try temporaryDirectory()
  defer { try? FileManager.default.removeItem(at: dir) }
  let inPath = dir.appendingPathComponent("in")
  let outPath = dir.appendingPathComponent("out")
  try Data(input).write(to: inPath)
  try Data().write(to: outPath)
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = command
  process.standardInput = try FileHandle(forReadingFrom: inPath)
  process.standardOutput = try FileHandle(forWritingTo: outPath)
  try process.run()
  process.waitUntilExit()
  #expect(process.terminationStatus == 0, "\(command) failed")
  return [UInt8](try Data(contentsOf: outPath))
}

/// Writes `bytes` to `dir/name` (making folders), dated a minute ago so that its stamp is
/// trusted by updates.
func write(_ bytes: [UInt8], _ dir: URL, _ name: String) throws {
  let url = dir.appendingPathComponent(name)
  try FileManager.default.createDirectory(
    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
  try Data(bytes).write(to: url)
  try FileManager.default.setAttributes(
    [.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: url.path)
}

/// The stored text of `id` in the index at `index` (through `search get --json`).
func storedText(_ index: String, _ id: String) -> String? {
  let (status, output, _) = runSearch(["get", "-i", index, "--json", id])
  guard status == 0, let data = output.data(using: .utf8),
    let object = try? JSONSerialization.jsonObject(with: data)
  else { return nil }
  let first = (object as? [[String: Any]])?.first ?? (object as? [String: Any])
  return first?["text"] as? String
}

/// Issue 12, item 1: encodings of `.txt`/`.md` files.
@Suite struct EncodingInputTests {
  static let text = "中文教育质量，欧元€与表情😀"

  @Test func gb18030AndUTF16AreDetectedAndReported() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let docs = dir.appendingPathComponent("docs")
    try write(Array(Self.text.utf8), docs, "utf8.txt")
    try write([0xEF, 0xBB, 0xBF] + Array(Self.text.utf8), docs, "bom.md")
    try write(try iconvBytes(Self.text, to: "GB18030"), docs, "gb18030.txt")
    try write(try iconvBytes("教育质量很重要", to: "GBK"), docs, "gbk.txt")
    let utf16 = Self.text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    try write([0xFF, 0xFE] + utf16, docs, "utf16.txt")
    try write([0xFF, 0xFF, 0x41], docs, "neither.txt")
    let index = dir.appendingPathComponent("x.idx").path
    let (status, output, errors) = runSearch(["index", docs.path, "-o", index])
    #expect(status == 0)
    #expect(output.hasPrefix("indexed 5 documents (5 added"))
    #expect(
      errors == """
        search: warning: \(docs.path)/neither.txt: skipped (invalid UTF-8 at byte 0, and not GB18030; --encoding names another encoding)
        search: note: 1 file read as UTF-16
        search: note: 2 files read as GB18030

        """)
    for id in ["utf8.txt", "bom.md", "gb18030.txt", "utf16.txt"] {
      #expect(storedText(index, id) == Self.text, "\(id)")
    }
    #expect(storedText(index, "gbk.txt") == "教育质量很重要")
    let (_, verbose, verboseErrors) = runSearch(["index", docs.path, "-o", index, "--verbose"])
    #expect(verbose.hasPrefix("indexed 5 documents"))
    #expect(
      verboseErrors.hasSuffix(
        """
        search: note: \(docs.path)/gb18030.txt: read as GB18030
        search: note: \(docs.path)/gbk.txt: read as GB18030
        search: note: \(docs.path)/utf16.txt: read as UTF-16

        """))
    let (_, query, _) = runSearch(["query", "-i", index, "--json", "教育质量"])
    #expect(query.contains("\"total\":5"))
  }

  @Test func encodingForcesOne() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let docs = dir.appendingPathComponent("docs")
    let big5 = "臺灣大學的繁體中文"
    try write(try iconvBytes(big5, to: "BIG5"), docs, "big5.txt")
    try write(Array("plain ascii".utf8), docs, "ascii.txt")
    try write(Array("€uro".utf8), docs, "utf8.txt")
    let index = dir.appendingPathComponent("x.idx").path
    // Detected, Big5 reads as GB18030 (the bytes are valid in both): hence --encoding.
    let (status, _, errors) = runSearch(["index", docs.path, "-o", index, "--encoding", "big5"])
    #expect(status == 0)
    #expect(
      errors == """
        search: warning: \(docs.path)/utf8.txt: skipped (invalid Big5 at byte 0)
        search: note: 2 files read as Big5

        """)
    #expect(storedText(index, "big5.txt") == big5)
    let (gbk, _, gbkErrors) = runSearch(["index", docs.path, "-o", index, "--encoding", "UTF-8"])
    #expect(gbk == 0)
    #expect(
      gbkErrors == "search: warning: \(docs.path)/big5.txt: skipped (invalid UTF-8 at byte 0)\n")
    let (bad, _, badErrors) = runSearch(["index", docs.path, "-o", index, "--encoding", "latin1"])
    #expect(bad == 64)
    #expect(
      badErrors == "search: option --encoding needs one of: utf-8, utf-16, gb18030, gbk, big5\n"
        + "run 'search --help' for usage\n")
  }
}
