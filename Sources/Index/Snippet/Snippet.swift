/// A passage of a hit's text with the query's matches marked, to show why the document matched.
///
/// Ranges are UTF-8 byte offsets, the unit the index and the tokenizer work in; they always
/// fall on character boundaries, so `text.utf8` can be sliced with them directly.
public struct Snippet: Sendable, Equatable, Codable {
  /// The passage, cut from the document text.
  public var text: String
  /// UTF-8 byte ranges within `text` to highlight: sorted, non-overlapping, adjacent ones merged.
  public var highlights: [Range<Int>]
  /// The UTF-8 byte range of `text` within the stored document text (to show "…" at cuts).
  public var documentRange: Range<Int>

  package init(text: String, highlights: [Range<Int>], documentRange: Range<Int>) {
    self.text = text
    self.highlights = highlights
    self.documentRange = documentRange
  }
}
