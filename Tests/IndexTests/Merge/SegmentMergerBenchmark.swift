import Foundation
import Testing

@testable import Index

/// The merger's measurement on a real corpus, run only when `MERGE_BENCH` is set (release
/// build, run the test binary directly so that `/usr/bin/time -v` sees one process):
///
/// - `MERGE_BENCH=prepare MERGE_BENCH_CORPUS=x.jsonl MERGE_BENCH_DIR=d`: splits the corpus in
///   halves, writes `d/a.zhsx` and `d/b.zhsx`, then times a fresh `IndexWriter.build` of all
///   documents and a merge of the halves in the same run, and compares their bytes.
/// - `MERGE_BENCH=merge MERGE_BENCH_DIR=d`: only the merge of `d/a.zhsx` and `d/b.zhsx` into
///   `d/merged.zhsx` (`MERGE_BENCH_RELEASE=1` drops input pages behind the merge), for its RSS.
@Suite struct SegmentMergerBenchmark {
  static let mode = ProcessInfo.processInfo.environment["MERGE_BENCH"]
  static var directory: String { ProcessInfo.processInfo.environment["MERGE_BENCH_DIR"] ?? "." }

  @Test(.enabled(if: mode == "prepare")) func prepare() throws {
    let path = ProcessInfo.processInfo.environment["MERGE_BENCH_CORPUS"]!
    let docs = try Self.load(path)
    let half = docs.count / 2
    for (name, part) in [("a", docs[..<half]), ("b", docs[half...])] {
      let writer = IndexWriter()
      for doc in part { writer.add(doc) }
      try writer.write(to: "\(Self.directory)/\(name).zhsx")
    }
    let start = Date()
    let writer = IndexWriter()
    for doc in docs { writer.add(doc) }
    let fresh = try writer.buildImage()
    let buildSeconds = Date().timeIntervalSince(start)
    let (summary, mergeSeconds) = try Self.mergeHalves(release: false)
    let merged = try [UInt8](
      Data(contentsOf: URL(fileURLWithPath: "\(Self.directory)/merged.zhsx")))
    let megabytes = Double(summary.byteCount) / 1e6
    print(
      "MERGE_BENCH documents \(docs.count) output \(megabytes) MB; fresh build \(buildSeconds) s"
        + " (\(Double(fresh.count) / 1e6 / buildSeconds) MB/s); merge \(mergeSeconds) s"
        + " (\(megabytes / mergeSeconds) MB/s); identical \(merged == fresh)")
    #expect(merged == fresh)
  }

  @Test(.enabled(if: mode == "merge")) func mergeOnly() throws {
    let release = ProcessInfo.processInfo.environment["MERGE_BENCH_RELEASE"] == "1"
    let (summary, seconds) = try Self.mergeHalves(release: release)
    print(
      "MERGE_BENCH merge \(Double(summary.byteCount) / 1e6) MB in \(seconds) s"
        + " (\(Double(summary.byteCount) / 1e6 / seconds) MB/s), release pages \(release)")
  }

  /// Merges `a.zhsx` and `b.zhsx` into `merged.zhsx`; the summary and the seconds it took.
  static func mergeHalves(release: Bool) throws -> (SegmentMerger.Summary, Double) {
    let start = Date()
    let inputs = try ["a", "b"].map {
      SegmentMerger.Input(reader: try SegmentReader(path: "\(directory)/\($0).zhsx"))
    }
    let path = "\(directory)/merged.zhsx"
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var merger = SegmentMerger(inputs: inputs, spillDirectory: directory)
    merger.releasesInputPages = release
    let summary = try merger.merge(toDescriptor: fd, path: path)
    close(fd)
    return (summary, Date().timeIntervalSince(start))
  }

  /// The documents of a JSON-lines file (`{"id", "title"?, "text"}` per line).
  static func load(_ path: String) throws -> [Document] {
    struct Line: Decodable {
      var id: String
      var title: String?
      var text: String
    }
    let decoder = JSONDecoder()
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return try data.split(separator: 0x0A).map {
      let line = try decoder.decode(Line.self, from: Data($0))
      return Document(id: line.id, title: line.title, text: line.text)
    }
  }
}
