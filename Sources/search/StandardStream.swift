import Index

/// A buffered writer to standard output or standard error.
struct StandardStream: TextOutputStream {
  let descriptor: Int32
  private var buffer: [UInt8] = []

  static var output: StandardStream { StandardStream(descriptor: 1) }
  static var error: StandardStream { StandardStream(descriptor: 2) }

  init(descriptor: Int32) { self.descriptor = descriptor }

  mutating func write(_ string: String) {
    buffer.append(contentsOf: string.utf8)
    if buffer.count >= 1 << 16 || descriptor == 2 { flush() }
  }

  mutating func flush() {
    buffer.withUnsafeBytes { SystemCalls.writeAll(descriptor, $0) }
    buffer.removeAll(keepingCapacity: true)
  }
}

/// What the tool needs to know about its surroundings, injectable for tests.
struct Environment {
  var outputIsTerminal: Bool
  var errorIsTerminal: Bool
  var noColor: Bool
  /// The TERM variable; "dumb" turns colour off under `--color auto`.
  var term: String? = nil
  var standardInput: () -> [UInt8]
  /// Standard input in blocks, for `index -`: bytes into the buffer, 0 at the end (nil: the
  /// document source reads file descriptor 0 itself).
  var readStandardInput: ((UnsafeMutableRawBufferPointer) -> Int)? = nil

  static var current: Environment {
    Environment(
      outputIsTerminal: SystemCalls.isTerminal(1), errorIsTerminal: SystemCalls.isTerminal(2),
      noColor: SystemCalls.environmentValue("NO_COLOR").map { !$0.isEmpty } ?? false,
      term: SystemCalls.environmentValue("TERM"),
      standardInput: { SystemCalls.readAll(0) })
  }

  /// For tests: no terminal, no colour, the given standard input.
  static func plain(input: String = "") -> Environment {
    plain(bytes: Array(input.utf8))
  }

  /// For tests: no terminal, no colour, these bytes on standard input.
  static func plain(bytes: [UInt8]) -> Environment {
    final class Cursor: @unchecked Sendable { var at = 0 }
    let cursor = Cursor()
    return Environment(
      outputIsTerminal: false, errorIsTerminal: false, noColor: true,
      standardInput: { bytes },
      readStandardInput: { buffer in
        let n = min(buffer.count, bytes.count - cursor.at)
        for i in 0..<n { buffer[i] = bytes[cursor.at + i] }
        cursor.at += n
        return n
      })
  }
}
