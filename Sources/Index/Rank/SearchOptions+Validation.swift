/// The ranges the options must keep, checked once per search before anything runs.
///
/// Out of range, BM25 and the pruning bounds stop meaning anything: a negative k1 or
/// character weight turns block-max bounds into underestimates (wrong top hits), and NaN
/// poisons every comparison. Such options are refused with a message, never run.
extension SearchOptions {
  /// Throws `SearchError.invalidOption` for the first option out of its range.
  func validate() throws(SearchError) {
    guard k1.isFinite && k1 >= 0 else {
      throw .invalidOption("k1 must be a finite number ≥ 0 (got \(k1))")
    }
    guard b.isFinite && b >= 0 && b <= 1 else {
      throw .invalidOption("b must be between 0 and 1 (got \(b))")
    }
    guard characterWeight.isFinite && characterWeight >= 0 else {
      throw .invalidOption("characterWeight must be a finite number ≥ 0 (got \(characterWeight))")
    }
  }
}
