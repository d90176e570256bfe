extension Tokenizer {
  /// The terms of `text`, in order (convenient for tests and tools; allocates per term).
  public func terms(_ text: String) -> [String] {
    var out: [String] = []
    tokenize(text) { _, term in out.append(String(decoding: term, as: UTF8.self)) }
    return out
  }

  /// The tokens of `text` with their terms, in order (convenient for tests and tools).
  public func tokens(_ text: String) -> [AnalyzedToken] {
    var out: [AnalyzedToken] = []
    tokenize(text) { token, term in
      out.append(AnalyzedToken(token: token, term: String(decoding: term, as: UTF8.self)))
    }
    return out
  }

  /// The tokens of a UTF-8 byte sequence (possibly invalid) with their terms, in order.
  public func tokens(utf8 bytes: [UInt8]) -> [AnalyzedToken] {
    var out: [AnalyzedToken] = []
    bytes.withUnsafeBufferPointer { buffer in
      tokenize(utf8: buffer) { token, term in
        out.append(AnalyzedToken(token: token, term: String(decoding: term, as: UTF8.self)))
      }
    }
    return out
  }
}
