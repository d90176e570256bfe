/// Why a search could not run: a query with nothing to look for, or an unreadable index.
///
/// Each message tells the user what to type instead (or what to do about the index).
public enum SearchError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The query has no searchable word (empty, blank, or punctuation only).
  case emptyQuery
  /// Every word of the query is an exclusion (`-word`), so nothing is left to look for.
  case onlyExclusions
  /// The index could not be read.
  case index(IndexError)

  public var description: String {
    switch self {
    case .emptyQuery:
      return "the query is empty: type one or more words"
    case .onlyExclusions:
      return
        "the query only excludes words: add at least one word to search for (e.g. 教育 -考试)"
    case .index(let error):
      return error.description
    }
  }
}
