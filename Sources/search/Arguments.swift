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

  /// The remaining positional arguments; any leftover option is an error.
  mutating func positionals() throws -> [String] {
    var result: [String] = []
    var afterDashes = false
    for item in items {
      if !afterDashes && item == "--" {
        afterDashes = true
      } else if !afterDashes && item.hasPrefix("-") && item.count > 1 && !item.hasPrefix("-\"")
        && Double(item) == nil && isOptionLike(item)
      {
        throw UsageError("unknown option '\(item)'")
      } else {
        result.append(item)
      }
    }
    items = []
    return result
  }

  /// `--x` is always an option; `-x` only when it is ASCII letters (so `-教育` stays a query).
  private func isOptionLike(_ item: String) -> Bool {
    if item.hasPrefix("--") { return true }
    return item.dropFirst().allSatisfy { $0.isASCII && $0.isLetter }
  }
}
