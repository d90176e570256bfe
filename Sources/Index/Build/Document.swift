/// One document to index: an external id, an optional title and the text.
///
/// The id is what results report back: a file's path relative to the indexed folder, or the
/// `id` of a JSON line. Titles are indexed and ranked together with the text.
public struct Document: Hashable, Sendable {
  /// The external id; unique within an index (adding the same id again replaces the document).
  public var id: String
  /// An optional title; `nil` and the empty string both mean "no title".
  public var title: String?
  /// The text; it is stored in the index so that results can show snippets.
  public var text: String

  public init(id: String, title: String? = nil, text: String) {
    self.id = id
    self.title = title
    self.text = text
  }
}
