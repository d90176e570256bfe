import Foundation
import Index

/// Builds an in-memory index of `docs` and a searcher over it.
package func makeSearcher(_ docs: [Document]) throws -> Searcher {
  let writer = IndexWriter()
  for doc in docs { writer.add(doc) }
  return Searcher(reader: try IndexReader(bytes: try writer.build()))
}

/// Documents with the given texts, ids "0", "1", …
package func documents(_ texts: [String]) -> [Document] {
  texts.enumerated().map { Document(id: String($0.offset), text: $0.element) }
}

/// Whether two scores agree to 1e-9 relative.
package func scoresAgree(_ a: Double, _ b: Double) -> Bool {
  abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1e-300)
}
