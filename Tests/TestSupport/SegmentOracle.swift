import Foundation
import Index

/// The oracle of a multi-segment index: a fresh in-memory build of the same live documents in
/// the same order, and a comparison of every search, count and stored document against it.
package enum SegmentOracle {
  /// The fixed queries every comparison runs (beside the random ones).
  package static let fixedQueries = [
    "教育质量", "党", "学前教育 普惠", "教育 -质量", "\"教育质量\"", "hello world", "2020年", "教育 OR 考试",
    "ai", "steam*", "a*", "教育 AND 学生", "+学校 质量 -ai",
  ]

  /// A fresh one-segment index of `docs`, in this order, folded as `foldsToSimplified` says.
  package static func freshReader(_ docs: [Document], foldsToSimplified: Bool = true) throws
    -> IndexReader
  {
    let writer = IndexWriter(foldsToSimplified: foldsToSimplified)
    for doc in docs { writer.add(doc) }
    return try IndexReader(bytes: try writer.build(), name: "<fresh>")
  }

  /// What a comparison found.
  package struct Comparison {
    /// Every difference, in words (empty when the index agrees with the oracle).
    package var mismatches: [String] = []
    /// Hit lists whose scores agree bit for bit but whose documents of equal score come in
    /// another order (or another one of them makes the cut).
    package var tieMismatches: [String] = []
    /// Hits compared, and those whose scores agree within 1e-9 but are not bit-identical.
    package var hitsCompared = 0
    package var inexactScores = 0
    /// Searches compared.
    package var searches = 0
  }

  /// Compares `reader` with a fresh build of `docs`: document count, the live documents in
  /// order, and `queries` in every mode at limits 1, 3, 10, 50.
  package static func compare(_ reader: IndexReader, with docs: [Document], queries: [String])
    throws -> Comparison
  {
    var result = Comparison()
    let fresh = try freshReader(docs, foldsToSimplified: reader.foldsToSimplified)
    if reader.documentCount != docs.count {
      result.mismatches.append("documentCount \(reader.documentCount), expected \(docs.count)")
    }
    var live: [Document] = []
    try reader.forEachLiveDocument { (_, doc) in live.append(doc) }
    if live != docs.map(normalized) {
      result.mismatches.append(
        "live documents \(live.map(\.id)), expected \(docs.map(\.id))")
    }
    let actual = Searcher(reader: reader)
    let expected = Searcher(reader: fresh)
    for query in queries {
      for mode in [MatchMode.ranked, .any, .all] {
        for limit in [1, 3, 10, 50] {
          let options = SearchOptions(limit: limit, mode: mode, snippets: false)
          compareSearch(query, options, actual, expected, into: &result)
        }
      }
    }
    return result
  }

  /// A document as the reader returns it (an empty title reads back as none).
  static func normalized(_ doc: Document) -> Document {
    Document(id: doc.id, title: doc.title?.isEmpty == true ? nil : doc.title, text: doc.text)
  }

  private static func compareSearch(
    _ query: String, _ options: SearchOptions, _ actual: Searcher, _ expected: Searcher,
    into result: inout Comparison
  ) {
    let label = "\(query) \(options.mode) k=\(options.limit)"
    let got = Swift.Result { () throws(SearchError) in try actual.search(query, options: options) }
    let want = Swift.Result { () throws(SearchError) in
      try expected.search(query, options: options)
    }
    result.searches += 1
    switch (got, want) {
    case (.failure(let a), .failure(let b)):
      // A query the parser refuses fails on both (errors may name the file).
      if "\(a)".prefix(20) != "\(b)".prefix(20) {
        result.mismatches.append("\(label): error \(a), expected \(b)")
      }
    case (.failure(let a), .success):
      result.mismatches.append("\(label): error \(a), expected hits")
    case (.success, .failure(let b)):
      result.mismatches.append("\(label): hits, expected error \(b)")
    case (.success(let a), .success(let b)):
      compareResults(a, b, label: label, mode: options.mode, actual: actual.reader, into: &result)
    }
  }

  private static func compareResults(
    _ a: SearchResults, _ b: SearchResults, label: String, mode: MatchMode, actual: IndexReader,
    into result: inout Comparison
  ) {
    if a.hits.map(\.id) != b.hits.map(\.id) {
      if a.hits.map(\.score) == b.hits.map(\.score) {
        result.tieMismatches.append(
          "\(label): ties \(a.hits.map { "\($0.id):\($0.score)" }), expected "
            + "\(b.hits.map { "\($0.id):\($0.score)" })")
      } else {
        result.mismatches.append(
          "\(label): hits \(a.hits.map { "\($0.id):\($0.score)" }), expected "
            + "\(b.hits.map { "\($0.id):\($0.score)" })")
      }
    } else {
      compareHits(a.hits, b.hits, label: label, actual: actual, into: &result)
    }
    if a.totalIsExact && b.totalIsExact && a.total != b.total {
      result.mismatches.append("\(label): total \(a.total), expected \(b.total)")
    }
    if mode == .all, !(a.totalIsExact && b.totalIsExact) {
      result.mismatches.append("\(label): an .all total is not exact")
    }
  }

  private static func compareHits(
    _ a: [Hit], _ b: [Hit], label: String, actual: IndexReader, into result: inout Comparison
  ) {
    for (x, y) in zip(a, b) {
      result.hitsCompared += 1
      if x.score != y.score { result.inexactScores += 1 }
      if !scoresAgree(x.score, y.score) {
        result.mismatches.append("\(label): \(x.id) scores \(x.score), expected \(y.score)")
      }
      if x.occurrences != y.occurrences || x.title != y.title {
        result.mismatches.append("\(label): \(x.id) occurrences or title differ")
      }
      if (try? actual.storedDocument(x.document).id) != x.id {
        result.mismatches.append("\(label): hit \(x.id)'s number \(x.document) is another's")
      }
    }
  }

  /// `fixedQueries` and `count` random queries of words drawn from `docs`.
  package static func queries(
    _ count: Int, from docs: [Document], using rng: inout SeededGenerator
  ) -> [String] {
    var found = fixedQueries
    func word() -> String {
      let text = Array((docs.randomElement(using: &rng)?.text ?? "教育").unicodeScalars)
      guard !text.isEmpty else { return "学生" }
      let start = rng.below(text.count)
      let end = min(text.count, start + 1 + rng.below(4))
      var view = String.UnicodeScalarView()
      view.append(contentsOf: text[start..<end].filter { $0 != " " && $0 != "\"" && $0 != "-" })
      return view.isEmpty ? "教师" : String(view)
    }
    for _ in 0..<count {
      switch rng.below(6) {
      case 0: found.append("\"\(word())\(word())\"")
      case 1: found.append("\(word()) OR \(word())")
      case 2: found.append("\(word()) -\(word())")
      case 3: found.append("\(word()) \(word()) \(word())")
      default: found.append(word())
      }
    }
    return found
  }
}

/// A temporary folder removed when the value is released.
package final class TemporaryFolder {
  package let url: URL

  package init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "segtests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  /// The path of `name` in the folder.
  package func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  /// The names in the folder, sorted.
  package func contents() -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
  }
}

/// The bytes of the file at `path`.
package func fileBytes(_ path: String) throws -> [UInt8] {
  [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Writes `bytes` over the file at `path`.
package func writeFileBytes(_ bytes: [UInt8], _ path: String) throws {
  try Data(bytes).write(to: URL(fileURLWithPath: path))
}
