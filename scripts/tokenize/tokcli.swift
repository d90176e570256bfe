import Foundation

// Command-line driver for the corpus comparison and a rough throughput measurement.
// Build (from the package root):
//   cp scripts/tokenize/tokcli.swift /tmp/main.swift
//   swiftc -O Sources/Tokenize/*.swift /tmp/main.swift -o /tmp/tokcli
// Usage:
//   tokcli < docs     docs are UTF-8 texts separated by NUL bytes; prints one line per doc with
//                     its terms joined by U+0001 (terms never contain NUL, U+0001 or newlines)
//   tokcli -bench FILE [chars]   tokenizes FILE 5 times and prints MB/s (chars: emitsCharacters)
let args = CommandLine.arguments
if args.count > 2 && args[1] == "-bench" {
  let data = try! Data(contentsOf: URL(fileURLWithPath: args[2]))
  let bytes = [UInt8](data)
  let tok = Tokenizer(emitsCharacters: args.count > 3)
  var n = 0
  var h = 0
  let t0 = Date()
  for _ in 0..<5 {
    bytes.withUnsafeBufferPointer { buf in
      tok.tokenize(utf8: buf) { t, term in
        n += 1; h &+= t.position &+ term.count
      }
    }
  }
  let dt = Date().timeIntervalSince(t0)
  print("tokens \(n/5) h \(h) MB/s \(Double(bytes.count) * 5 / dt / 1e6)")
  exit(0)
}
let data = FileHandle.standardInput.readDataToEndOfFile()
let tok = Tokenizer(emitsCharacters: false)
var out = [UInt8]()
out.reserveCapacity(data.count * 2)
data.withUnsafeBytes { raw in
  let all = raw.bindMemory(to: UInt8.self)
  var s = 0
  var i = 0
  while i <= all.count {
    if i == all.count || all[i] == 0 {
      let doc = UnsafeBufferPointer(rebasing: all[s..<i])
      var first = true
      tok.tokenize(utf8: doc) { _, term in
        if !first { out.append(1) }
        first = false
        out.append(contentsOf: term)
      }
      out.append(10)
      s = i + 1
      if i == all.count { break }
    }
    i += 1
  }
}
FileHandle.standardOutput.write(Data(out))
