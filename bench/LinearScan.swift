import Foundation
import Tokenize

#if canImport(Glibc)
  import Glibc
#endif

/// glibc's `memmem` (not exported by the Swift Glibc module, which is built without
/// `_GNU_SOURCE`), looked up once with `dlsym`.
private let memmem:
  @convention(c) (
    UnsafeRawPointer?, Int, UnsafeRawPointer?, Int
  ) -> UnsafeMutableRawPointer? = {
    guard let symbol = dlsym(nil, "memmem") else { fatalError("memmem not found in the C library") }
    return unsafeBitCast(
      symbol,
      to: (@convention(c) (UnsafeRawPointer?, Int, UnsafeRawPointer?, Int) ->
        UnsafeMutableRawPointer?)
        .self)
  }()

/// The baseline without an index: every query word is searched for as a byte substring
/// (glibc `memmem`) in every document's title and text.
struct LinearScan {
  let corpus: Corpus
  /// Whether the index folds Traditional characters: then the scan searches folded needles in
  /// a folded copy of the corpus, so that its matches are still the index's.
  let folds: Bool
  /// The corpus bytes the scan searches (folded when `folds`, same offsets).
  private let scanned: [UInt8]
  /// False when folding would change some character's byte length (the scan then cannot
  /// reproduce the index's matches by offsets, and no count is compared).
  let foldsInPlace: Bool

  init(corpus: Corpus, folds: Bool) {
    self.corpus = corpus
    self.folds = folds
    var scanned = corpus.bytes
    var inPlace = true
    if folds {
      let result = corpus.bytes.withUnsafeBufferPointer { Tokenizer.foldedToSimplified($0) }
      switch result {
      case .unchanged: break
      case .sameLength(let folded): scanned = folded
      case .lengthChanges: inPlace = false
      }
    }
    self.scanned = scanned
    foldsInPlace = inPlace
  }

  /// What the scan searches for, for one query.
  struct Plan {
    /// Byte strings that must all occur in a document (each in its title or its text).
    var needles: [[UInt8]]
    /// Whether the scan's matches must equal the index's `total`: every needle is a run of
    /// Han characters, whose `.all` semantics (contiguous substring) the scan reproduces
    /// exactly. Latin words (lowercased, matched as whole tokens by the index) are scanned and
    /// timed but not compared.
    var comparable: Bool
  }

  /// The scan plan of a query, or nil if the scan cannot express it (exclusions, `OR`).
  static func plan(_ query: String) -> Plan? {
    var needles: [[UInt8]] = []
    var comparable = true
    var words: [String] = []
    var current = ""
    var quoted = false
    for ch in query {
      if ch == "\"" {
        if quoted {
          words.append("\"" + current)
          current = ""
        } else if !current.isEmpty {
          words.append(current)
          current = ""
        }
        quoted.toggle()
      } else if ch == " " && !quoted {
        if !current.isEmpty { words.append(current) }
        current = ""
      } else {
        current.append(ch)
      }
    }
    if !current.isEmpty { words.append(quoted ? "\"" + current : current) }
    for word in words {
      var text = word
      if text.hasPrefix("\"") {
        text.removeFirst()
      } else if text == "OR" || text.hasPrefix("-") {
        return nil
      }
      if text.isEmpty { continue }
      if !text.unicodeScalars.allSatisfy({ isHan($0.value) }) { comparable = false }
      needles.append(Array(text.utf8))
    }
    return needles.isEmpty ? nil : Plan(needles: needles, comparable: comparable)
  }

  /// The number of documents that contain every needle.
  func count(_ plan: Plan) -> Int {
    var joined: [UInt8] = []
    var bounds: [Range<Int>] = []
    for needle in plan.needles {
      var bytes = needle
      if folds,
        case .sameLength(let folded) = needle.withUnsafeBufferPointer({
          Tokenizer.foldedToSimplified($0)
        })
      {
        bytes = folded
      }
      bounds.append(joined.count..<joined.count + bytes.count)
      joined.append(contentsOf: bytes)
    }
    var matches = 0
    scanned.withUnsafeBytes { all in
      joined.withUnsafeBytes { needles in
        let base = all.baseAddress!
        let needleBase = needles.baseAddress!
        for doc in 0..<corpus.count {
          let title = corpus.titles[doc]
          let text = corpus.texts[doc]
          var every = true
          for needle in bounds {
            let n = needleBase + needle.lowerBound
            if !title.isEmpty
              && memmem(base + title.lowerBound, title.count, n, needle.count) != nil
            {
              continue
            }
            if memmem(base + text.lowerBound, text.count, n, needle.count) == nil {
              every = false
              break
            }
          }
          if every { matches += 1 }
        }
      }
    }
    return matches
  }
}
