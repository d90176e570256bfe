/// Lucene's `BM25Similarity` in Double with exact document lengths, and its pruning bounds.
///
/// Lucene ≥ 8 drops the (k1 + 1) factor: a term scores idf · f / (f + k1·(1 − b + b·dl/avgdl)).
/// Lucene also rounds lengths to one byte; this engine keeps them exact, so scores agree with
/// Lucene's to within that rounding and agree exactly with a straightforward implementation.
struct BM25: Sendable {
  let k1: Double
  let b: Double
  let averageLength: Double
  let documentCount: Int

  init(k1: Double, b: Double, averageLength: Double, documentCount: Int) {
    self.k1 = k1
    self.b = b
    self.averageLength = averageLength > 0 ? averageLength : 1
    self.documentCount = documentCount
  }

  /// Lucene's idf: ln(1 + (N − n + 0.5) / (n + 0.5)).
  func idf(documentFrequency n: Int) -> Double {
    SystemCalls.naturalLogarithm(1 + (Double(documentCount) - Double(n) + 0.5) / (Double(n) + 0.5))
  }

  /// The length part of the denominator, k1·(1 − b + b·dl/avgdl), once per document.
  @inline(__always)
  func norm(length: UInt32) -> Double {
    k1 * (1 - b + b * Double(length) / averageLength)
  }

  /// The score of a term of weight `weight` (query frequency · idf) occurring `f` times.
  @inline(__always)
  func score(weight: Double, frequency f: UInt32, norm: Double) -> Double {
    let tf = Double(f)
    return weight * (tf / (tf + norm))
  }

  /// Whether the score falls as length grows and rises with frequency, so that bounds hold.
  var boundsAreValid: Bool { k1 >= 0 && b >= 0 && b <= 1 }

  /// An upper bound of `score` over documents of length ≥ `minLength` with frequency ≤
  /// `maxFrequency`, slightly inflated so that rounding never makes it fall below a real score.
  func upperBound(weight: Double, maxFrequency: UInt32, minLength: UInt32) -> Double {
    guard boundsAreValid else { return .infinity }
    let bound = score(weight: weight, frequency: maxFrequency, norm: norm(length: minLength))
    return bound * (1 + 1e-12) + 1e-300
  }
}
