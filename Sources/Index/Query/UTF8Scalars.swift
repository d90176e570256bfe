/// UTF-8 lead-byte arithmetic for the stages that walk query terms or texts byte by byte.
///
/// Query terms and stored texts are UTF-8; the planner (which dictionary terms are a character
/// followed by one more) and snippets (a text walked scalar by scalar) both need the length of
/// a scalar from its first byte. It lives here, with the query, so that neither stage reaches
/// into the other for it.
enum UTF8Scalars {
  /// The length of the UTF-8 sequence that starts with `lead`: 1 for ASCII, a continuation or an
  /// invalid byte (so that a walk always advances), else what the lead byte announces.
  static func length(lead: UInt8) -> Int {
    lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
  }
}
