import Foundation
import Testing
import Tokenize

/// One golden line: a text and the terms the reference model gives it.
struct GoldenDoc: Decodable {
  var text: String
  var terms: [String]
}

enum Fixtures {
  static var directory: URL {
    Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
  }

  static func load(_ url: URL) throws -> [GoldenDoc] {
    let data = try Data(contentsOf: url)
    let decoder = JSONDecoder()
    return try data.split(separator: UInt8(ascii: "\n")).map {
      try decoder.decode(GoldenDoc.self, from: Data($0))
    }
  }

  static var files: [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { $0.hasSuffix(".jsonl") }.sorted()
  }
}

/// Golden fixtures written by `scripts/tokenize/make_fixtures.py` from the reference model.
struct FixtureTests {
  @Test func fixturesExist() {
    #expect(Fixtures.files.contains("selftest.jsonl"))
    #expect(Fixtures.files.count >= 10)
  }

  @Test(arguments: Fixtures.files)
  func golden(file: String) throws {
    let docs = try Fixtures.load(Fixtures.directory.appendingPathComponent(file))
    #expect(!docs.isEmpty)
    let tokenizer = Tokenizer()
    var failures = 0
    for doc in docs {
      let got = tokenizer.terms(doc.text)
      if got != doc.terms {
        failures += 1
        if failures <= 5 {
          let i =
            zip(got, doc.terms).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(got.count, doc.terms.count)
          let gotNext = Array(got[i...].prefix(5))
          let wantNext = Array(doc.terms[i...].prefix(5))
          Issue.record(
            "\(file): \(doc.text.prefix(80).debugDescription) differs at term \(i): got \(gotNext) want \(wantNext)"
          )
        }
      }
    }
    #expect(failures == 0, "\(failures) of \(docs.count) documents differ in \(file)")
  }

  /// Opt-in full-corpus comparison: set TOKENIZE_EXPECTED to a file written by
  /// `python3 scripts/tokenize/compare_corpus.py --write-expected FILE`.
  @Test(.enabled(if: ProcessInfo.processInfo.environment["TOKENIZE_EXPECTED"] != nil))
  func fullCorpus() throws {
    let path = ProcessInfo.processInfo.environment["TOKENIZE_EXPECTED"]!
    let docs = try Fixtures.load(URL(fileURLWithPath: path))
    let tokenizer = Tokenizer()
    var failures = 0
    for doc in docs where tokenizer.terms(doc.text) != doc.terms {
      failures += 1
      if failures <= 20 { Issue.record("differs: \(doc.text.prefix(120).debugDescription)") }
    }
    print("fullCorpus: \(docs.count - failures)/\(docs.count) identical")
    #expect(failures == 0)
  }
}
