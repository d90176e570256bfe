/// The arguments of one subcommand, consumed option by option.
///
/// Options may come before or after the positional arguments; `--` ends the options, so a
/// query may start with a dash (`search query -- -word` is still an exclusion-only query).
struct Arguments {
  private var items: [String]

  init(_ items: [String]) { self.items = items }

  /// Removes a flag such as `--json`; true if it was present.
  mutating func flag(_ names: String...) -> Bool {
    let end = items.firstIndex(of: "--") ?? items.count
    guard let i = items[..<end].firstIndex(where: { names.contains($0) }) else { return false }
    items.remove(at: i)
    return true
  }

  /// Removes an option with a value such as `-o FILE`; nil if absent.
  mutating func value(_ names: String...) throws -> String? {
    let end = items.firstIndex(of: "--") ?? items.count
    guard let i = items[..<end].firstIndex(where: { names.contains($0) }) else { return nil }
    guard i + 1 < items.count, items[i + 1] != "--" else {
      throw UsageError("option \(items[i]) needs a value")
    }
    let value = items[i + 1]
    items.removeSubrange(i...i + 1)
    return value
  }

  /// Removes an option with a numeric value, checked against a range.
  mutating func number<T: LosslessStringConvertible & Comparable>(
    _ names: String..., in range: ClosedRange<T>
  ) throws -> T? {
    let end = items.firstIndex(of: "--") ?? items.count
    guard let i = items[..<end].firstIndex(where: { names.contains($0) }) else { return nil }
    guard i + 1 < items.count, let value = T(items[i + 1]), range.contains(value) else {
      throw UsageError(
        "option \(items[i]) needs a number from \(range.lowerBound) to \(range.upperBound)")
    }
    items.removeSubrange(i...i + 1)
    return value
  }

  /// Removes an option with one of a few values, as `--color always` or `--color=always`.
  mutating func choice(_ name: String, among choices: [String]) throws -> String? {
    let end = items.firstIndex(of: "--") ?? items.count
    let bad = UsageError("option \(name) needs one of: \(choices.joined(separator: ", "))")
    if let i = items[..<end].firstIndex(where: { $0.hasPrefix(name + "=") }) {
      let value = String(items[i].dropFirst(name.count + 1))
      guard choices.contains(value) else { throw bad }
      items.remove(at: i)
      return value
    }
    guard let i = items[..<end].firstIndex(of: name) else { return nil }
    guard i + 1 < end, choices.contains(items[i + 1]) else { throw bad }
    let value = items[i + 1]
    items.removeSubrange(i...i + 1)
    return value
  }

  /// The remaining positional arguments; any leftover option is an error. With `excluding`
  /// (a command such as "query"), an unknown `-word` gets a hint to put it after `--`.
  mutating func positionals(excluding command: String? = nil) throws -> [String] {
    var result: [String] = []
    var afterDashes = false
    for item in items {
      if !afterDashes && item == "--" {
        afterDashes = true
      } else if !afterDashes && item.hasPrefix("-") && item.count > 1 && !item.hasPrefix("-\"")
        && Double(item) == nil && isOptionLike(item)
      {
        throw UsageError("unknown option '\(item)'" + exclusionHint(item, command: command))
      } else {
        result.append(item)
      }
    }
    items = []
    return result
  }

  /// For `search query 教育 -markdown`: how to write the exclusion so it is not an option.
  private func exclusionHint(_ item: String, command: String?) -> String {
    guard let command, !item.hasPrefix("--") else { return "" }
    let words = items.filter { $0 != "--" }.joined(separator: " ")
    return " (to exclude a word, put it after --: search \(command) -- \(words))"
  }

  /// `--x` is always an option; `-x` only when it is ASCII letters (so `-教育` stays a query).
  private func isOptionLike(_ item: String) -> Bool {
    if item.hasPrefix("--") { return true }
    return item.dropFirst().allSatisfy { $0.isASCII && $0.isLetter }
  }
}
