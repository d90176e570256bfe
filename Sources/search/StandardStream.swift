#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

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
    buffer.withUnsafeBytes { raw in
      var done = 0
      while done < raw.count {
        let n = Glibc.write(descriptor, raw.baseAddress! + done, raw.count - done)
        if n <= 0 { break }
        done += n
      }
    }
    buffer.removeAll(keepingCapacity: true)
  }
}

/// What the tool needs to know about its surroundings, injectable for tests.
struct Environment {
  var outputIsTerminal: Bool
  var errorIsTerminal: Bool
  var noColor: Bool
  var standardInput: () -> [UInt8]

  static var current: Environment {
    Environment(
      outputIsTerminal: isatty(1) == 1, errorIsTerminal: isatty(2) == 1,
      noColor: getenv("NO_COLOR").map { $0.pointee != 0 } ?? false,
      standardInput: {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
          let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
          if n <= 0 { break }
          data.append(contentsOf: chunk[0..<n])
        }
        return data
      })
  }

  /// For tests: no terminal, no colour, the given standard input.
  static func plain(input: String = "") -> Environment {
    Environment(
      outputIsTerminal: false, errorIsTerminal: false, noColor: true,
      standardInput: { Array(input.utf8) })
  }
}
