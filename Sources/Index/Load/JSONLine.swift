import Foundation

/// One line of a JSON-lines input: `{"id": "…" or a number, "text": "…", "title"?: "…"}`.
///
/// Foundation's parser, as the tool has always used; the one use of Foundation in the
/// library (the rest of it reads bytes through `SystemCalls`).
package enum JSONLine {
  package enum Outcome {
    case blank
    case document(Document)
    /// Why the line is not a document ("not a JSON object", "no \"id\"").
    case problem(String)
  }

  package static func parse(_ line: ArraySlice<UInt8>) -> Outcome {
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
