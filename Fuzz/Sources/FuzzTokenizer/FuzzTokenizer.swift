// libFuzzer target: the tokenizer's byte API, on arbitrary bytes (invalid UTF-8 included).
//
// Tokenizes with and without character tokens and checks, cheaply: every token's range lies
// inside the input and is not empty, starts and positions never decrease, every term is
// non-empty valid UTF-8, a character token covers one code point's bytes at most 4 (or a
// half-width pair), and the tokens without character tokens are exactly the non-character
// tokens of the run with them. A violation aborts, which libFuzzer reports as a crash.
import Foundation
import Tokenize

private let plain = Tokenizer(emitsCharacters: false)
private let withCharacters = Tokenizer(emitsCharacters: true)

private func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("fuzz invariant violated: \(message)\n".utf8))
  abort()
}

private struct Seen: Equatable {
  var token: Token
  var term: [UInt8]
}

private func run(_ tokenizer: Tokenizer, _ input: UnsafeBufferPointer<UInt8>) -> [Seen] {
  var out: [Seen] = []
  var lastStart = 0
  var lastPosition = -1
  tokenizer.tokenize(utf8: input) { token, term in
    if token.start < 0 || token.end > input.count || token.start >= token.end {
      fail("token range \(token.start)..<\(token.end) in \(input.count) bytes")
    }
    if token.start < lastStart {
      fail("start \(token.start) after \(lastStart)")
    }
    if token.position < lastPosition { fail("position \(token.position) after \(lastPosition)") }
    if term.isEmpty { fail("empty term at \(token.start)") }
    if String(validating: term, as: UTF8.self) == nil { fail("term is not valid UTF-8") }
    if token.kind == .character, token.end - token.start > 8 {
      fail("character token of \(token.end - token.start) bytes")
    }
    lastStart = token.start
    lastPosition = token.position
    out.append(Seen(token: token, term: Array(term)))
  }
  return out
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let input = UnsafeBufferPointer(start: data, count: size)
  let a = run(plain, input)
  let b = run(withCharacters, input).filter { $0.token.kind != .character }
  if a != b { fail("tokens differ with emitsCharacters (\(a.count) vs \(b.count))") }
  return 0
}
