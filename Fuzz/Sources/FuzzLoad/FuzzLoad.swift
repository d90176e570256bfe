// libFuzzer target: the document source's decoders (Index/Load) on arbitrary bytes.
//
// The first byte chooses what reads the rest: 0 the gzip decoder (`GzipReader`, fed in reads
// of 1 to 64 bytes as the second byte says, so that every refill path is taken), 1 the text
// decoder detecting the encoding, 2–6 the text decoder forcing UTF-8, UTF-16, GB18030, GBK or
// Big5, 7 a JSON line. Checked: nothing traps, gzip output stays within 1032 times the
// input (DEFLATE's bound), a decoded text is valid UTF-8 (it is a String), and a JSON line the
// fast scanner takes has Foundation's outcome, byte for byte.
import Foundation
import Index

private func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("fuzz invariant violated: \(message)\n".utf8))
  abort()
}

private func gunzip(_ input: UnsafeBufferPointer<UInt8>, step: Int) {
  var at = 0
  let reader = GzipReader { buffer in
    let n = min(step, buffer.count, input.count - at)
    for i in 0..<n { buffer[i] = input[at + i] }
    at += n
    return n
  }
  var total = 0
  do {
    while let chunk = try reader.next() {
      total += chunk.count
      if total > 1032 * input.count + 1024 { fail("\(total) bytes out of \(input.count)") }
    }
  } catch {}
}

/// Whether two outcomes are the same, strings compared by their UTF-8 bytes.
private func same(_ a: JSONLine.Outcome, _ b: JSONLine.Outcome) -> Bool {
  switch (a, b) {
  case (.blank, .blank): return true
  case (.problem(let x), .problem(let y)): return x == y
  case (.document(let x), .document(let y)):
    return x.id.utf8.elementsEqual(y.id.utf8) && x.text.utf8.elementsEqual(y.text.utf8)
      && (x.title?.utf8).map(Array.init) == (y.title?.utf8).map(Array.init)
  default: return false
  }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard size >= 2 else { return 0 }
  let rest = UnsafeBufferPointer(start: data + 2, count: size - 2)
  let forced: [TextEncoding?] = [nil, .utf8, .utf16, .gb18030, .gbk, .big5]
  switch data[0] % 8 {
  case 0:
    gunzip(rest, step: Int(data[1] % 64) + 1)
  case 7:
    let line = Array(rest)[...]
    _ = JSONLine.parse(line)
    if let fast = JSONLine.fastParse(line) {
      let slow = JSONLine.foundationParse(line)
      if !same(fast, slow) { fail("JSON line: fast \(fast), Foundation \(slow)") }
    }
  case let mode:
    if case .text(let text, _) = TextDecoder.decode(Array(rest), forced: forced[Int(mode) - 1]) {
      _ = text.utf8.count
    }
  }
  return 0
}
