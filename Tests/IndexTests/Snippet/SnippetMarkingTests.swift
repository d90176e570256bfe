import Testing

@testable import Index

/// `Snippet.marked`, and highlights in Unicode scalars and UTF-16 units, against offsets
/// counted by hand on a text with 1-, 3- and 4-byte characters.
@Suite struct SnippetMarkingTests {
  // "a" (1 byte), "教育" (3 + 3), "𠀀" (4 bytes, a surrogate pair), "x" (1), "质" (3).
  let snippet = Snippet(
    text: "a教育𠀀x质", highlights: [1..<7, 7..<11, 12..<15], documentRange: 0..<15)

  @Test func markedWrapsEachHighlight() {
    #expect(snippet.marked(open: "<b>", close: "</b>") == "a<b>教育</b><b>𠀀</b>x<b>质</b>")
    let plain = Snippet(text: "教育", highlights: [], documentRange: 0..<6)
    #expect(plain.marked(open: "[", close: "]") == "教育")
  }

  @Test func scalarAndUTF16Offsets() {
    #expect(snippet.scalarHighlights == [1..<3, 3..<4, 5..<6])
    #expect(snippet.utf16Highlights == [1..<3, 3..<5, 6..<7])
    // The same ranges as Foundation-free slicing of the string's views gives.
    let scalars = Array(snippet.text.unicodeScalars)
    #expect(String(String.UnicodeScalarView(scalars[3..<4])) == "𠀀")
    let utf16 = Array(snippet.text.utf16)
    #expect(String(decoding: utf16[3..<5], as: UTF16.self) == "𠀀")
  }
}
