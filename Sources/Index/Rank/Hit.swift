/// One matching document in a result list: who it is, how well it matched, and a snippet.
///
/// Hits carry the stored id and title so that a caller can print results without going back
/// to the reader.
public struct Hit: Sendable, Equatable, Codable {
  /// The internal document number (its place in the index).
  public var document: Int
  /// The document's external id.
  public var id: String
  /// The document's title, if it has one.
  public var title: String?
  /// The BM25 score (higher is better).
  public var score: Double
  /// The number of occurrences of the query's terms in the document (title included): the sum
  /// of the term frequencies of the distinct scored terms.
  public var occurrences: Int
  /// The best passage of the text with its highlights; nil when snippets are off or the text
  /// is empty.
  public var snippet: Snippet?

  package init(
    document: Int, id: String, title: String?, score: Double, occurrences: Int, snippet: Snippet?
  ) {
    self.document = document
    self.id = id
    self.title = title
    self.score = score
    self.occurrences = occurrences
    self.snippet = snippet
  }
}
