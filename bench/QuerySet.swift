import Foundation
import Tokenize

/// The query classes, each timed and reported on its own.
enum QueryClass: String, CaseIterable {
  case char1, char2, word4, and2, any, phrase, mixed, nomatch

  var summary: String {
    switch self {
    case .char1: return "one CJK character"
    case .char2: return "two CJK characters"
    case .word4: return "CJK word of 4+ characters"
    case .and2: return "two CJK words (AND)"
    case .any: return "bag of words, .any mode (OR)"
    case .phrase: return "quoted phrase"
    case .mixed: return "Latin/digits with CJK"
    case .nomatch: return "no match (rare characters)"
    }
  }

  /// Whether the class runs in `.any` mode (every other class runs in `.all`).
  var isAny: Bool { self == .any }
}

/// One benchmark query.
struct BenchQuery {
  var cls: QueryClass
  var text: String
}

/// Reads `class<TAB>query` lines; blank lines and lines starting with `#` are skipped.
func loadQuerySet(_ path: String) throws -> [BenchQuery] {
  let text = try String(contentsOfFile: path, encoding: .utf8)
  var queries: [BenchQuery] = []
  for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
    let parts = line.split(separator: "\t", maxSplits: 1)
    guard parts.count == 2, let cls = QueryClass(rawValue: String(parts[0])) else {
      throw BenchError.input(
        "\(path):\(n + 1): expected class<TAB>query with a class among "
          + QueryClass.allCases.map(\.rawValue).joined(separator: ", "))
    }
    queries.append(BenchQuery(cls: cls, text: String(parts[1])))
  }
  return queries
}

/// Whether a scalar is a CJK unified ideograph (the characters the sampler cuts words from).
@inline(__always)
func isHan(_ v: UInt32) -> Bool {
  (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v)
}

/// Whether a scalar is an ASCII letter or digit.
@inline(__always)
func isASCIIAlphanumeric(_ v: UInt32) -> Bool {
  (0x30...0x39).contains(v) || (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v)
}

/// Draws queries of every class from the corpus itself with a seeded generator, so that the
/// same corpus and seed always give the same queries.
struct QuerySampler {
  let corpus: Corpus
  var rng: SplitMix64

  init(corpus: Corpus, seed: UInt64) {
    self.corpus = corpus
    self.rng = SplitMix64(seed: seed)
  }

  /// One document's text as scalars, and its maximal runs of Han characters.
  private struct Doc {
    var scalars: [UInt32]
    var runs: [Range<Int>]

    func string(_ range: Range<Int>) -> String {
      var s = ""
      for v in scalars[range] { s.unicodeScalars.append(Unicode.Scalar(v)!) }
      return s
    }
  }

  private mutating func randomDoc() -> Doc {
    let doc = corpus.documents[rng.below(corpus.count)]
    let scalars = doc.text.unicodeScalars.map(\.value)
    var runs: [Range<Int>] = []
    var i = 0
    while i < scalars.count {
      if isHan(scalars[i]) {
        let start = i
        while i < scalars.count && isHan(scalars[i]) { i += 1 }
        runs.append(start..<i)
      } else {
        i += 1
      }
    }
    return Doc(scalars: scalars, runs: runs)
  }

  /// A random Han substring of `length` characters (shorter if `fit` allows) from one run.
  private mutating func cut(_ doc: Doc, length: Int, minimum: Int) -> String? {
    let fitting = doc.runs.filter { $0.count >= minimum }
    guard !fitting.isEmpty else { return nil }
    let run = fitting[rng.below(fitting.count)]
    let n = min(length, run.count)
    let start = run.lowerBound + rng.below(run.count - n + 1)
    return doc.string(start..<start + n)
  }

  /// Up to `perClass` distinct queries of every class.
  mutating func sample(perClass: Int) -> [BenchQuery] {
    var queries: [BenchQuery] = []
    var rare = rarePairs(wanted: perClass)
    for cls in QueryClass.allCases {
      var seen = Set<String>()
      var attempts = 0
      while seen.count < perClass && attempts < perClass * 500 {
        attempts += 1
        let text: String?
        if cls == .nomatch {
          guard !rare.isEmpty else { break }
          let (x, y) = rare.removeFirst()
          text = seen.count % 2 == 0 ? "\(x)\(y)" : "\(x) \(y)"
        } else {
          text = make(cls)
        }
        if let text, seen.insert(text).inserted { queries.append(BenchQuery(cls: cls, text: text)) }
      }
    }
    return queries
  }

  private mutating func make(_ cls: QueryClass) -> String? {
    let doc = randomDoc()
    switch cls {
    case .char1: return cut(doc, length: 1, minimum: 1)
    case .char2: return cut(doc, length: 2, minimum: 2)
    case .word4: return cut(doc, length: 4 + rng.below(4), minimum: 4)
    case .and2:
      guard let a = cut(doc, length: 2 + rng.below(3), minimum: 2),
        let b = cut(doc, length: 2 + rng.below(3), minimum: 2), !a.contains(b), !b.contains(a)
      else { return nil }
      return "\(a) \(b)"
    case .any:
      guard let a = cut(doc, length: 2 + rng.below(3), minimum: 2),
        let b = cut(doc, length: 2 + rng.below(3), minimum: 2), a != b
      else { return nil }
      let other = randomDoc()
      guard let c = cut(other, length: 2 + rng.below(2), minimum: 2) else { return nil }
      return "\(a) \(b) \(c)"
    case .phrase:
      guard let p = cut(doc, length: 5 + rng.below(4), minimum: 5) else { return nil }
      return "\"\(p)\""
    case .mixed: return mixed(doc)
    case .nomatch: return nil
    }
  }

  /// A Latin or digit token that stands alone in the text (no `.`, `-`, `_` joining it to
  /// more), with the Han characters right after it ("2020年") or a separate Han word.
  private mutating func mixed(_ doc: Doc) -> String? {
    let s = doc.scalars
    var tokens: [Range<Int>] = []
    var i = 0
    func joins(_ v: UInt32) -> Bool {
      isASCIIAlphanumeric(v) || ".-_+@/:%'&#,".unicodeScalars.contains { $0.value == v }
    }
    while i < s.count {
      if isASCIIAlphanumeric(s[i]) {
        let start = i
        while i < s.count && isASCIIAlphanumeric(s[i]) { i += 1 }
        let before = start > 0 ? s[start - 1] : 0x20
        let after = i < s.count ? s[i] : 0x20
        if i - start >= 2 && i - start <= 12 && !joins(before) && !joins(after) {
          tokens.append(start..<i)
        }
      } else {
        i += 1
      }
    }
    guard !tokens.isEmpty else { return nil }
    let token = tokens[rng.below(tokens.count)]
    let word = doc.string(token)
    let followedByHan =
      token.upperBound + 1 < s.count && isHan(s[token.upperBound])
      && isHan(s[token.upperBound + 1])
    if followedByHan && rng.below(2) == 0 {
      return word + doc.string(token.upperBound..<token.upperBound + 1 + rng.below(2))
    }
    guard let han = cut(doc, length: 2 + rng.below(2), minimum: 2) else { return nil }
    return "\(word) \(han)"
  }

  /// Pairs of rare Han characters (in the fewest documents) that never occur in the same
  /// document: both as `XY` and as `X Y` they match nothing.
  private mutating func rarePairs(wanted: Int) -> [(Character, Character)] {
    var lastDoc = [Int32](repeating: -1, count: 0xA000)
    var frequency = [Int32](repeating: 0, count: 0xA000)
    func forEachHan(in doc: Int, _ body: (Int) -> Void) {
      corpus.bytes.withUnsafeBufferPointer { all in
        var i = corpus.titles[doc].lowerBound
        let end = corpus.texts[doc].upperBound
        while i < end {
          let b = all[i]
          if b >= 0xE3 && b <= 0xE9 && i + 2 < end {
            let v = (Int(b & 0x0F) << 12) | (Int(all[i + 1] & 0x3F) << 6) | Int(all[i + 2] & 0x3F)
            if v >= 0x4E00 && v <= 0x9FFF { body(v) }
            i += 3
          } else {
            i += 1
          }
        }
      }
    }
    for doc in 0..<corpus.count {
      forEachHan(in: doc) { v in
        if lastDoc[v] != Int32(doc) {
          lastDoc[v] = Int32(doc)
          frequency[v] += 1
        }
      }
    }
    let present = (0x4E00...0x9FFF).filter { frequency[$0] > 0 }
    guard let fewest = present.map({ frequency[$0] }).min() else { return [] }
    var candidates = present.filter { frequency[$0] <= max(2, 2 * fewest) }
    for i in stride(from: candidates.count - 1, to: 0, by: -1) {
      candidates.swapAt(i, rng.below(i + 1))
    }
    // A rare Traditional character whose Simplified form is common is not rare to a folding
    // index; dropped after the shuffle, so the other classes' samples stay as they were.
    candidates = Array(
      candidates.filter { Tokenizer.simplified(UInt32($0)) == UInt32($0) }.prefix(wanted * 8))
    let wantedSet = Set(candidates)
    var docsOf: [Int: Set<Int>] = [:]
    for doc in 0..<corpus.count {
      forEachHan(in: doc) { v in
        if wantedSet.contains(v) { docsOf[v, default: []].insert(doc) }
      }
    }
    var pairs: [(Character, Character)] = []
    var k = 0
    while k + 1 < candidates.count {
      let x = candidates[k]
      let y = candidates[k + 1]
      k += 2
      if docsOf[x, default: []].isDisjoint(with: docsOf[y, default: []]) {
        pairs.append(
          (Character(Unicode.Scalar(UInt32(x))!), Character(Unicode.Scalar(UInt32(y))!)))
      }
    }
    return pairs
  }
}
