/// How the words of a query combine: every word required, or any word enough.
///
/// `.all` is what people expect from a search box (each word must occur, multi-character words
/// as written); `.any` is the bag-of-terms model of Lucene/Anserini's default query, kept for
/// comparing rankings with them.
public enum MatchMode: Sendable, Equatable {
  /// Every word (or `OR` group) must match, each word with its tokens adjacent as in the query.
  case all
  /// Any Lucene term of any word may match; no adjacency, ranked by BM25 over the bag of terms.
  case any
}
