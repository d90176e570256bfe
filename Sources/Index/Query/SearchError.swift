/// Why a search could not run: a query with nothing to look for, an option out of range, or an
/// unreadable index.
///
/// Each message tells the user what to type instead (or what to do about the index).
public enum SearchError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The query has no searchable word (empty, blank, or punctuation only).
  case emptyQuery
  /// Every word of the query is an exclusion (`-word`), so nothing is left to look for.
  case onlyExclusions
  /// An option is out of its range (`SearchOptions`: k1 ≥ 0, 0 ≤ b ≤ 1, characterWeight ≥ 0,
  /// all finite); the text names the option, its range and the value given.
  case invalidOption(String)
  /// The index could not be read.
  case index(IndexError)

  public var description: String {
    switch self {
    case .emptyQuery:
      return "the query is empty: type one or more words"
    case .onlyExclusions:
      return
        "the query only excludes words: add at least one word to search for (e.g. 教育 -考试)"
    case .invalidOption(let detail):
      return "invalid search option: \(detail)"
    case .index(let error):
      return error.description
    }
  }
}
