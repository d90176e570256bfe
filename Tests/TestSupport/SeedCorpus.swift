import Foundation
import Index

/// The package's five seed documents (`seeds/*.txt`), the corpus whose rankings were worked
/// out independently (`scripts/seeds_expected.py`) and that the CLI tests index.
package enum SeedCorpus {
  /// The `seeds` folder at the package root (this file is in Tests/TestSupport).
  package static var directory: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("seeds")
  }

  /// The seed documents in file-name order, each named by its file.
  package static func documents() throws -> [Document] {
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    return try files.filter { $0.hasSuffix(".txt") }.map { file in
      let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
      return Document(id: file, text: text)
    }
  }
}
