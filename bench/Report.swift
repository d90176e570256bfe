import Foundation

/// A JSON value with ordered object keys, so that `--json` output is stable.
indirect enum JSON {
  case null
  case bool(Bool)
  case int(Int)
  case number(Double)
  case string(String)
  case array([JSON])
  case object([(String, JSON)])

  /// The value as compact JSON text.
  var text: String {
    var out = ""
    write(to: &out)
    return out
  }

  private func write(to out: inout String) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let n): out += String(n)
    case .number(let x):
      if !x.isFinite {
        out += "null"
      } else if x == x.rounded() && abs(x) < 1e15 {
        out += String(Int(x))
      } else {
        out += String(format: "%.6g", x)
      }
    case .string(let s): JSON.quote(s, into: &out)
    case .array(let items):
      out += "["
      for (i, item) in items.enumerated() {
        if i > 0 { out += "," }
        item.write(to: &out)
      }
      out += "]"
    case .object(let members):
      out += "{"
      for (i, (key, value)) in members.enumerated() {
        if i > 0 { out += "," }
        JSON.quote(key, into: &out)
        out += ":"
        value.write(to: &out)
      }
      out += "}"
    }
  }

  private static func quote(_ s: String, into out: inout String) {
    out += "\""
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
    out += "\""
  }
}

/// The timing summary of a set of samples, as JSON (seconds).
func timingJSON(_ samples: Samples) -> JSON {
  .object([
    ("runs", .int(samples.count)), ("median_s", .number(samples.median)),
    ("min_s", .number(samples.min)), ("max_s", .number(samples.max)),
    ("p95_s", .number(samples.percentile(0.95))), ("mean_s", .number(samples.mean)),
  ])
}

/// A fixed-width text table; columns after the first are right-aligned unless marked.
struct TextTable {
  var title: String
  var headers: [String]
  var leftAligned: Set<Int> = [0]
  var rows: [[String]] = []
  var notes: [String] = []

  init(_ title: String, _ headers: [String], leftAligned: Set<Int> = [0]) {
    self.title = title
    self.headers = headers
    self.leftAligned = leftAligned
  }

  mutating func add(_ row: [String]) { rows.append(row) }

  var text: String {
    var widths = headers.map(displayWidth)
    for row in rows {
      for (i, cell) in row.enumerated() where i < widths.count {
        widths[i] = max(widths[i], displayWidth(cell))
      }
    }
    func line(_ cells: [String]) -> String {
      var parts: [String] = []
      for (i, width) in widths.enumerated() {
        let cell = i < cells.count ? cells[i] : ""
        let pad = String(repeating: " ", count: width - displayWidth(cell))
        parts.append(leftAligned.contains(i) ? cell + pad : pad + cell)
      }
      var joined = parts.joined(separator: "  ")
      while joined.hasSuffix(" ") { joined.removeLast() }
      return joined
    }
    var out = "\(title)\n"
    let header = line(headers)
    out += header + "\n"
    out += String(repeating: "-", count: displayWidth(header)) + "\n"
    for row in rows { out += line(row) + "\n" }
    for note in notes { out += "  " + note + "\n" }
    return out
  }
}

/// Terminal columns a string takes: East Asian wide and fullwidth characters count two.
func displayWidth(_ s: String) -> Int {
  var width = 0
  for scalar in s.unicodeScalars {
    switch scalar.value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x20000...0x3FFFD:
      width += 2
    case 0x0300...0x036F, 0x200B...0x200F:
      break
    default:
      width += 1
    }
  }
  return width
}

/// A duration in seconds with a unit that keeps three or four significant digits.
func formatDuration(_ seconds: Double) -> String {
  if seconds >= 1 { return String(format: "%.2f s", seconds) }
  if seconds >= 1e-3 { return String(format: "%.1f ms", seconds * 1e3) }
  if seconds >= 1e-6 { return String(format: "%.1f µs", seconds * 1e6) }
  return String(format: "%.0f ns", seconds * 1e9)
}

/// Microseconds, for the latency columns.
func formatMicros(_ seconds: Double) -> String {
  let us = seconds * 1e6
  return us >= 100 ? String(format: "%.0f", us) : String(format: "%.1f", us)
}

/// A count with thousands separators, or a large rate as "12.3 M".
func formatCount(_ n: Int) -> String {
  let digits = String(n.magnitude)
  var out = ""
  for (i, ch) in digits.enumerated() {
    if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
    out.append(ch)
  }
  return n < 0 ? "-" + out : out
}

func formatRate(_ perSecond: Double, _ unit: String) -> String {
  if perSecond >= 1e6 { return String(format: "%.2f M%@", perSecond / 1e6, unit) }
  if perSecond >= 1e4 { return String(format: "%.1f k%@", perSecond / 1e3, unit) }
  return String(format: "%.1f %@", perSecond, unit)
}

/// Bytes in MB (10^6 bytes) with two decimals.
func formatMB(_ bytes: Int) -> String { String(format: "%.2f MB", Double(bytes) / 1e6) }

func formatFixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

/// Everything a run measured: tables for people, one JSON object for machines.
final class Report {
  private(set) var tables: [TextTable] = []
  private(set) var members: [(String, JSON)] = []
  /// The phase overview (phase | runs | median | spread | throughput | counters).
  var phases = TextTable(
    "Phases (MB = 10^6 bytes of UTF-8 input: titles + texts)",
    ["phase", "runs", "median", "spread (min–max)", "throughput", "", "check"],
    leftAligned: [0, 6])

  /// Adds a timed phase row and its JSON figures.
  func addPhase(
    _ key: String, _ name: String, _ samples: Samples, spread: String? = nil,
    throughput: [String], counters: String, extra: [(String, JSON)]
  ) {
    let range = spread ?? "\(formatDuration(samples.min)) – \(formatDuration(samples.max))"
    var cells = [name, String(samples.count), formatDuration(samples.median), range]
    cells.append(throughput.count > 0 ? throughput[0] : "")
    cells.append(throughput.count > 1 ? throughput[1] : "")
    cells.append(counters)
    phases.add(cells)
    var object: [(String, JSON)] = [("name", .string(name)), ("timing", timingJSON(samples))]
    object.append(contentsOf: extra)
    members.append((key, .object(object)))
  }

  func add(_ table: TextTable) { tables.append(table) }
  func add(_ key: String, _ value: JSON) { members.append((key, value)) }

  func text(header: [String]) -> String {
    var out = header.joined(separator: "\n") + "\n\n"
    if !phases.rows.isEmpty { out += phases.text + "\n" }
    for table in tables { out += table.text + "\n" }
    return out
  }

  var json: JSON { .object(members) }
}
