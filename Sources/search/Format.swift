import Foundation

/// Small formatting helpers for human-readable output and hand-written JSON.
enum Format {
  /// "1.2 MB", "345 KB", "999 bytes".
  static func bytes(_ n: Int) -> String {
    if n >= 1_000_000 { return String(format: "%.1f MB", Double(n) / 1e6) }
    if n >= 10_000 { return String(format: "%.0f KB", Double(n) / 1e3) }
    return count(n, "byte")
  }

  /// "1 document", "2 documents": a count with the singular for 1.
  static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(n) \(n == 1 ? singular : plural ?? singular + "s")"
  }

  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
  }

  static func microseconds(_ d: Duration) -> Int {
    Int((seconds(d) * 1e6).rounded())
  }

  /// A JSON string literal with the escapes RFC 8259 requires.
  static func json(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          out += String(format: "\\u%04x", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  /// A score with enough digits to compare rankings across engines.
  static func score(_ x: Double) -> String { String(format: "%.6f", x) }
}
