import Foundation

/// One line of a JSON-lines input: `{"id": "…" or a number, "text": "…", "title"?: "…"}`.
///
/// Two parsers with one outcome, so that the usual line is read fast and the odd one as
/// always. The fast path (`fastParse`, in `JSONLine+Scan.swift`) reads the line's UTF-8 bytes
/// in place and takes the common line completely; for anything it is not sure of, it steps
/// aside and Foundation's parser, as the tool has always used, decides. That parser is the
/// library's one use of Foundation (the rest of it reads bytes through `SystemCalls`) and the
/// fast path's oracle in the tests and the fuzz target (hence both are `package`).
package enum JSONLine {
  package enum Outcome {
    case blank
    case document(Document)
    /// Why the line is not a document ("not a JSON object", "no \"id\"").
    case problem(String)
  }

  /// The line's outcome: the fast path's when it is sure, Foundation's otherwise.
  package static func parse(_ line: ArraySlice<UInt8>) -> Outcome {
    fastParse(line) ?? foundationParse(line)
  }

  /// The outcome by Foundation's `JSONSerialization`, unchanged from before the fast path.
  ///
  /// Slow (a `Data` copy, an `NSDictionary`, bridged strings) but the reference: whatever it
  /// says about a line is what the fast path must say, or leave to it.
  package static func foundationParse(_ line: ArraySlice<UInt8>) -> Outcome {
    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return .blank }
    guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
    else { return .problem("not a JSON object") }
    guard let text = object["text"] as? String else { return .problem("no \"text\" string") }
    let id: String
    if let s = object["id"] as? String {
      id = s
    } else if let n = object["id"] as? NSNumber {
      id = n.stringValue
    } else {
      return .problem("no \"id\"")
    }
    return .document(Document(id: id, title: object["title"] as? String, text: text))
  }
}
