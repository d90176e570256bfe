/// How the words of a query combine: ranked by how much of the query a document holds, every
/// word required, or Lucene's plain bag of terms.
///
/// `.ranked` is what a search box needs for Chinese, where a typed query is usually one long
/// run of characters (`如何有效预防白癜风`): every document that shares a term with the query
/// may be returned, and the order rewards holding more of the query. `.all` is the strict
/// filter (each word must occur, a Chinese word as written, exact totals); `.any` is the
/// bag-of-terms model of Lucene/Anserini's default query, kept for comparing rankings.
public enum MatchMode: Sendable, Equatable {
  /// Any term may match; ranked by BM25 over the query's Lucene terms plus a weighted BM25
  /// over its single CJK characters (`SearchOptions.characterWeight`). Quoted phrases are
  /// still required as written.
  case ranked
  /// Every word (or `OR` group) must match, each word with its tokens adjacent as in the query.
  case all
  /// Any Lucene term of any word may match; no adjacency, ranked by BM25 over the bag of terms.
  case any
}
