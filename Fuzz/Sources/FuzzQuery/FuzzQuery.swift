// libFuzzer target: the query parser and the searcher, on arbitrary query strings.
//
// One index is built once from the seed documents (each whole, and each of their lines as a
// document of its own, so that frequent characters have full postings blocks and skip entries).
// The input, decoded as UTF-8 with replacement (so invalid UTF-8 is covered too), is parsed and
// run in every mode with a small and a large k. Results are checked cheaply: at most k hits,
// scores finite and in order, documents in range, snippet highlights sorted and inside the text.
import FuzzSupport
import Index

private let searcher: Searcher = {
  let writer = IndexWriter(threads: 1)
  var count = 0
  for (name, text) in FuzzSupport.seedDocuments() {
    _ = writer.add(Document(id: name, title: String(text.prefix(20)), text: text))
    for (i, line) in text.split(separator: "\n").enumerated() where count < 200 {
      _ = writer.add(Document(id: "\(name):\(i)", text: String(line)))
      count += 1
    }
  }
  do {
    return Searcher(reader: try IndexReader(bytes: try writer.build(), name: "fuzz-query"))
  } catch {
    FuzzSupport.fail("cannot build the query target's index: \(error)")
  }
}()

private let configurations: [SearchOptions] = [
  SearchOptions(limit: 3, mode: .ranked), SearchOptions(limit: 200, mode: .ranked, snippets: false),
  SearchOptions(limit: 3, mode: .all), SearchOptions(limit: 200, mode: .all, snippets: false),
  SearchOptions(limit: 3, mode: .any), SearchOptions(limit: 200, mode: .any, snippets: false),
]

@_cdecl("LLVMFuzzerInitialize")
public func initialize(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
  _ = searcher.reader.documentCount  // build the index before fuzzing starts
  return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let query = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  guard let parsed = try? searcher.parse(query) else { return 0 }
  _ = parsed.description
  for options in configurations {
    guard let results = try? searcher.search(parsed, options: options) else { continue }
    verify(results, options)
  }
  return 0
}

private func verify(_ results: SearchResults, _ options: SearchOptions) {
  let hits = results.hits
  if hits.count > max(options.limit, 0) {
    FuzzSupport.fail("\(hits.count) hits > k \(options.limit)")
  }
  if results.totalIsExact, results.total < hits.count {
    FuzzSupport.fail("exact total \(results.total) < \(hits.count) hits")
  }
  var previous = Double.infinity
  for hit in hits {
    if !hit.score.isFinite { FuzzSupport.fail("score \(hit.score)") }
    if hit.score > previous {
      FuzzSupport.fail("hits out of order: \(hit.score) after \(previous)")
    }
    previous = hit.score
    if hit.document < 0 || hit.document >= searcher.reader.documentCount {
      FuzzSupport.fail("document \(hit.document) out of range")
    }
    if let snippet = hit.snippet {
      let length = snippet.text.utf8.count
      var end = 0
      for h in snippet.highlights {
        if h.lowerBound < end || h.upperBound > length || h.isEmpty {
          FuzzSupport.fail("highlight \(h) in a snippet of \(length) bytes (previous end \(end))")
        }
        end = h.upperBound
      }
      if snippet.documentRange.count != length {
        FuzzSupport.fail("snippet range \(snippet.documentRange) for \(length) bytes")
      }
    }
  }
}
