/// Highlights for callers that do not count in UTF-8: marked text, and offsets in Unicode
/// scalars (Python's `str` indices) and in UTF-16 code units (JavaScript's, `NSString`'s).
extension Snippet {
  /// The text with every highlight between `open` and `close` (`"<b>"`, `"</b>"`, or ANSI
  /// colour codes); the text itself is not escaped.
  public func marked(open: String, close: String) -> String {
    let bytes = Array(text.utf8)
    var out = ""
    out.reserveCapacity(bytes.count + highlights.count * (open.utf8.count + close.utf8.count))
    var at = 0
    for h in highlights where h.lowerBound >= at && h.upperBound <= bytes.count {
      out += String(decoding: bytes[at..<h.lowerBound], as: UTF8.self)
      out += open + String(decoding: bytes[h], as: UTF8.self) + close
      at = h.upperBound
    }
    out += String(decoding: bytes[at...], as: UTF8.self)
    return out
  }

  /// The highlights as ranges of Unicode scalars (code points) of `text`.
  public var scalarHighlights: [Range<Int>] {
    convertedHighlights { byte in byte & 0xC0 == 0x80 ? 0 : 1 }
  }

  /// The highlights as ranges of UTF-16 code units of `text`.
  public var utf16Highlights: [Range<Int>] {
    // A scalar of four UTF-8 bytes (lead byte 0xF0 and above) takes two UTF-16 units.
    convertedHighlights { byte in byte & 0xC0 == 0x80 ? 0 : byte >= 0xF0 ? 2 : 1 }
  }

  /// The highlights in another unit, where `units(byte)` is what each UTF-8 byte adds to the
  /// count (its scalar's units on the lead byte, nothing on continuation bytes): one pass.
  private func convertedHighlights(_ units: (UInt8) -> Int) -> [Range<Int>] {
    var result: [Range<Int>] = []
    result.reserveCapacity(highlights.count)
    var count = 0
    var byteOffset = 0
    var utf8 = text.utf8.makeIterator()
    func advance(to target: Int) {
      while byteOffset < target, let byte = utf8.next() {
        count += units(byte)
        byteOffset += 1
      }
    }
    for h in highlights {
      advance(to: h.lowerBound)
      let start = count
      advance(to: h.upperBound)
      result.append(start..<count)
    }
    return result
  }
}
