extension JSONLine {
  /// The outcome of `line` read in place, or nil when the scanner is not sure of it.
  ///
  /// The fast path for `parse`: Foundation's parser copies the line into `Data`, builds an
  /// `NSDictionary` and bridges every string, which made reading the serial bottleneck of an
  /// index build. Nil hands the line to `foundationParse`, so the scanner only has to be right
  /// about the lines it takes; see `Scanner` for which those are.
  package static func fastParse(_ line: ArraySlice<UInt8>) -> Outcome? {
    line.withUnsafeBufferPointer { bytes in
      guard bytes.baseAddress != nil else { return nil }
      var scanner = Scanner(bytes)
      return scanner.line()
    }
  }

  /// A reader of one line that gives up (nil) rather than guess what Foundation would say.
  ///
  /// Taken: one object, with JSON whitespace around it, whose values are strings, integers,
  /// fractions, `true`/`false`/`null` and nested arrays and objects (skipped, 64 deep at
  /// most); strings with the escapes `\" \\ \/ \b \f \n \r \t` and `\uXXXX`, surrogates only
  /// in high-low pairs; an `"id"` that is a string or an integer of at most 15 digits other
  /// than `-0` (so its `NSNumber.stringValue` is its own digits). Handed back: anything else —
  /// bad grammar (Foundation accepts some, such as a trailing comma), bytes that are not
  /// UTF-8, control characters in strings, lone surrogates, numbers with exponents or more
  /// than 15 digits (Foundation rejects some it cannot represent), an `"id"` of another kind,
  /// and `"id"`, `"text"` or `"title"` given twice (which one Foundation keeps is its own
  /// business). Keys are compared as Swift strings, as Foundation's `[String: Any]` compares
  /// them, so an escaped or canonically equivalent spelling of a name still counts.
  ///
  /// Every read goes through `byte(_:)`, which answers 0 past the end; 0 is never valid
  /// outside a string and a control character inside one, so running off the end is one
  /// more grammar error. The word-at-a-time loop in `special(from:)` checks its bound once
  /// per word.
  struct Scanner {
    /// What the object gave for one of the three names the outcome reads.
    private enum Value {
      case absent
      case string(String)
      case other
    }

    private static let quote: UInt8 = 0x22
    private static let backslash: UInt8 = 0x5C
    private static let maximumDepth = 64

    private let bytes: UnsafeBufferPointer<UInt8>
    private var at = 0
    /// The decoded bytes of a string with escapes (kept for its capacity).
    private var unescaped: [UInt8] = []

    /// A scanner of `bytes`, which must have a base address.
    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The line's outcome, or nil when not sure.
    mutating func line() -> Outcome? {
      skipSpace()
      guard byte(at) == 0x7B else { return nil }
      at += 1
      skipSpace()
      var id = Value.absent
      var text = Value.absent
      var title = Value.absent
      if byte(at) == 0x7D {
        at += 1
      } else {
        while true {
          guard byte(at) == Self.quote, let key = string() else { return nil }
          skipSpace()
          guard byte(at) == 0x3A else { return nil }
          at += 1
          skipSpace()
          if key == "id" {
            guard case .absent = id, let value = idValue() else { return nil }
            id = value
          } else if key == "text" {
            guard case .absent = text, let value = value() else { return nil }
            text = value
          } else if key == "title" {
            guard case .absent = title, let value = value() else { return nil }
            title = value
          } else {
            guard skipValue(depth: 1) else { return nil }
          }
          skipSpace()
          let next = byte(at)
          at += 1
          if next == 0x7D { break }
          guard next == 0x2C else { return nil }
          skipSpace()
        }
      }
      skipSpace()
      guard at == bytes.count else { return nil }
      guard case .string(let textString) = text else { return .problem("no \"text\" string") }
      // `other` ids were handed back above.
      guard case .string(let idString) = id else { return .problem("no \"id\"") }
      var titleString: String? = nil
      if case .string(let s) = title { titleString = s }
      return .document(Document(id: idString, title: titleString, text: textString))
    }

    /// The byte at `i`, or 0 past the end.
    @inline(__always) private func byte(_ i: Int) -> UInt8 {
      i < bytes.count ? bytes[i] : 0
    }

    private mutating func skipSpace() {
      while true {
        switch byte(at) {
        case 0x20, 0x09, 0x0A, 0x0D: at += 1
        default: return
        }
      }
    }

    /// A value for `"text"` or `"title"`: a string, or something else well formed.
    private mutating func value() -> Value? {
      if byte(at) == Self.quote { return string().map { .string($0) } }
      return skipValue(depth: 1) ? .other : nil
    }

    /// A value for `"id"`: a string, or an integer's digits as `NSNumber` would write them.
    private mutating func idValue() -> Value? {
      if byte(at) == Self.quote { return string().map { .string($0) } }
      let start = at
      guard number() == true else { return nil }
      let digits = UnsafeBufferPointer(rebasing: bytes[start..<at])
      if digits.count == 2 && digits[0] == 0x2D && digits[1] == 0x30 { return nil }
      return .string(String(decoding: digits, as: UTF8.self))
    }

    /// Skips one well-formed value nested `depth` deep.
    private mutating func skipValue(depth: Int) -> Bool {
      switch byte(at) {
      case Self.quote: return string() != nil
      case 0x2D, 0x30...0x39: return number() != nil
      case 0x74: return literal("true")
      case 0x66: return literal("false")
      case 0x6E: return literal("null")
      case 0x5B, 0x7B:
        let object = byte(at) == 0x7B
        let close: UInt8 = object ? 0x7D : 0x5D
        guard depth < Self.maximumDepth else { return false }
        at += 1
        skipSpace()
        if byte(at) == close {
          at += 1
          return true
        }
        while true {
          if object {
            guard byte(at) == Self.quote, string() != nil else { return false }
            skipSpace()
            guard byte(at) == 0x3A else { return false }
            at += 1
            skipSpace()
          }
          guard skipValue(depth: depth + 1) else { return false }
          skipSpace()
          let next = byte(at)
          at += 1
          if next == close { return true }
          guard next == 0x2C else { return false }
          skipSpace()
        }
      default: return false
      }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
      let count = word.utf8CodeUnitCount
      let start = word.utf8Start
      for k in 0..<count where byte(at + k) != start[k] { return false }
      at += count
      return true
    }

    /// Skips a number: true for an integer, false for a fraction, nil for bad grammar, an
    /// exponent or more than 15 digits (so that it is an ordinary `Int` or `Double`).
    private mutating func number() -> Bool? {
      if byte(at) == 0x2D { at += 1 }
      let first = at
      if byte(at) == 0x30 {
        at += 1
      } else {
        while case 0x30...0x39 = byte(at) { at += 1 }
      }
      var digits = at - first
      guard digits > 0 else { return nil }
      var integer = true
      if byte(at) == 0x2E {
        at += 1
        let fraction = at
        while case 0x30...0x39 = byte(at) { at += 1 }
        guard at > fraction else { return nil }
        digits += at - fraction
        integer = false
      }
      switch byte(at) {
      case 0x30...0x39, 0x45, 0x65: return nil  // a leading zero's digits, an exponent
      default: return digits <= 15 ? integer : nil
      }
    }

    /// The string whose opening quote is at `at`, validated as UTF-8, or nil.
    ///
    /// A string without escapes becomes a `String` straight from the line's bytes. With
    /// escapes, the raw runs between them and the escapes' scalars are gathered first; the
    /// whole is valid UTF-8 exactly when every raw run is, since a run ends at a backslash
    /// (ASCII, so never inside a sequence) and an escape's bytes are a whole sequence.
    private mutating func string() -> String? {
      var from = at + 1
      var end = special(from: from)
      if byte(end) == Self.quote {
        at = end + 1
        return String(validating: UnsafeBufferPointer(rebasing: bytes[from..<end]), as: UTF8.self)
      }
      unescaped.removeAll(keepingCapacity: true)
      while byte(end) == Self.backslash {
        unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<end]))
        guard let next = unescape(at: end + 1) else { return nil }
        from = next
        end = special(from: from)
      }
      guard byte(end) == Self.quote else { return nil }
      unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<end]))
      at = end + 1
      return String(validating: unescaped, as: UTF8.self)
    }

    /// Appends the escape whose letter is at `i` to `unescaped`; the index after it.
    private mutating func unescape(at i: Int) -> Int? {
      let letter = byte(i)
      switch letter {
      case Self.quote, Self.backslash, 0x2F: unescaped.append(letter)
      case 0x62: unescaped.append(0x08)
      case 0x66: unescaped.append(0x0C)
      case 0x6E: unescaped.append(0x0A)
      case 0x72: unescaped.append(0x0D)
      case 0x74: unescaped.append(0x09)
      case 0x75:
        guard let unit = hex(at: i + 1) else { return nil }
        switch unit {
        case 0xD800...0xDBFF:
          guard byte(i + 5) == Self.backslash, byte(i + 6) == 0x75,
            let low = hex(at: i + 7), (0xDC00...0xDFFF).contains(low)
          else { return nil }
          appendUTF8(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
          return i + 11
        case 0xDC00...0xDFFF: return nil
        default:
          appendUTF8(unit)
          return i + 5
        }
      default: return nil
      }
      return i + 1
    }

    /// The four hex digits at `i` as a number, or nil.
    private func hex(at i: Int) -> UInt32? {
      var value: UInt32 = 0
      for k in 0..<4 {
        let c = byte(i + k)
        let digit: UInt8
        switch c {
        case 0x30...0x39: digit = c - 0x30
        case 0x41...0x46: digit = c - 0x41 + 10
        case 0x61...0x66: digit = c - 0x61 + 10
        default: return nil
        }
        value = value << 4 | UInt32(digit)
      }
      return value
    }

    /// Appends the UTF-8 bytes of `scalar`, a valid scalar value (not a surrogate).
    private mutating func appendUTF8(_ scalar: UInt32) {
      switch scalar {
      case ..<0x80:
        unescaped.append(UInt8(scalar))
      case ..<0x800:
        unescaped.append(UInt8(0xC0 | scalar >> 6))
        unescaped.append(UInt8(0x80 | scalar & 0x3F))
      case ..<0x10000:
        unescaped.append(UInt8(0xE0 | scalar >> 12))
        unescaped.append(UInt8(0x80 | scalar >> 6 & 0x3F))
        unescaped.append(UInt8(0x80 | scalar & 0x3F))
      default:
        unescaped.append(UInt8(0xF0 | scalar >> 18))
        unescaped.append(UInt8(0x80 | scalar >> 12 & 0x3F))
        unescaped.append(UInt8(0x80 | scalar >> 6 & 0x3F))
        unescaped.append(UInt8(0x80 | scalar & 0x3F))
      }
    }

    /// The index of the first quote, backslash or control byte at or after `start`, or the
    /// end: the scan a string's content needs, eight bytes at a time.
    ///
    /// Per word, `(x - 0x01…) & ~x & 0x80…` marks the bytes where `x` is zero and
    /// `(w - 0x20…) & ~w & 0x80…` those where `w` is below 0x20; a borrow can mark a byte
    /// above a true one but never below, so the lowest mark is the first match.
    private func special(from start: Int) -> Int {
      let count = bytes.count
      let raw = UnsafeRawPointer(bytes.baseAddress!)
      let ones: UInt64 = 0x0101_0101_0101_0101
      let high: UInt64 = 0x8080_8080_8080_8080
      var i = start
      while i + 8 <= count {
        let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
        let q = w ^ (ones &* UInt64(Self.quote))
        let b = w ^ (ones &* UInt64(Self.backslash))
        let marks = ((q &- ones) & ~q | (b &- ones) & ~b | (w &- ones &* 0x20) & ~w) & high
        if marks != 0 { return i + marks.trailingZeroBitCount >> 3 }
        i += 8
      }
      while i < count {
        let c = bytes[i]
        if c == Self.quote || c == Self.backslash || c < 0x20 { return i }
        i += 1
      }
      return count
    }
  }
}
